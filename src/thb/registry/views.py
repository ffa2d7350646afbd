"""JSON API for the case registry: thin routes over registry.service.

No `from __future__ import annotations`: the per-record routes need real annotation objects.
"""

from typing import Any

from fastapi import APIRouter, Body, Query

from thb.registry import perpetrators, service
from thb.registry import schemas as s
from thb.security.deps import CurrentActor, DbSession

router = APIRouter(tags=["registry"])


@router.post("/persons", status_code=201, response_model=s.PersonRead)
def register_victim(
    db: DbSession,
    actor: CurrentActor,
    data: s.PersonCreate,
) -> Any:
    person = service.register_victim(session=db, actor=actor, data=data)
    return service.read_person(session=db, actor=actor, person_id=person.id, purpose="registration")


@router.get("/persons", response_model=s.Page)
def list_persons(
    db: DbSession,
    actor: CurrentActor,
    sex_stat: str | None = None,
    age_group: str | None = None,
    citizen_cat: str | None = None,
    registration_status: str | None = None,
    year: int | None = None,
    organisation_id: int | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> s.Page:
    where = service.PersonFilter(
        sex_stat, age_group, citizen_cat, registration_status, year, organisation_id
    )
    return service.list_persons(session=db, actor=actor, where=where, limit=limit, offset=offset)


@router.post("/persons/search", response_model=list[s.PersonSummary])
def find_by_name(
    db: DbSession,
    actor: CurrentActor,
    data: s.NameSearch,
) -> Any:
    """Exact look-up by name. A POST body, not a query string: URLs end up in access logs."""
    return service.find_by_name(
        session=db, actor=actor, first_name=data.first_name, second_name=data.second_name
    )


@router.get("/persons/{person_id}", response_model=s.PersonRead | s.PersonSummary)
def read_person(
    db: DbSession,
    actor: CurrentActor,
    person_id: int,
    purpose: str = "casework",
) -> Any:
    return service.read_person(session=db, actor=actor, person_id=person_id, purpose=purpose)


@router.patch("/persons/{person_id}", response_model=s.PersonRead | s.PersonSummary)
def update_person(
    db: DbSession,
    actor: CurrentActor,
    person_id: int,
    data: s.PersonUpdate,
) -> Any:
    return service.update_person(session=db, actor=actor, person_id=person_id, data=data)


def _child_routes(kind: str, spec: service.ChildKind) -> None:
    """List / create / update routes for one kind of record under a person."""
    read = s.read_schema(spec.create, "person_id")
    update = s.update_schema(spec.create)
    create = spec.create

    @router.get(f"/persons/{{person_id}}/{kind}", response_model=list[read], name=f"list_{kind}")  # type: ignore[valid-type]
    def list_rows(
        db: DbSession,
        actor: CurrentActor,
        person_id: int,
    ) -> Any:
        return service.list_children(session=db, actor=actor, person_id=person_id, kind=kind)

    @router.post(
        f"/persons/{{person_id}}/{kind}", status_code=201, response_model=read, name=f"add_{kind}"
    )
    def add_row(
        db: DbSession,
        actor: CurrentActor,
        person_id: int,
        data: create = Body(...),  # type: ignore[valid-type]
    ) -> Any:
        return service.add_child(session=db, actor=actor, person_id=person_id, kind=kind, data=data)

    @router.patch(
        f"/persons/{{person_id}}/{kind}/{{child_id}}", response_model=read, name=f"update_{kind}"
    )
    def update_row(
        db: DbSession,
        actor: CurrentActor,
        person_id: int,
        child_id: int,
        data: update = Body(...),  # type: ignore[valid-type]
    ) -> Any:
        return service.update_child(
            session=db, actor=actor, person_id=person_id, kind=kind, child_id=child_id, data=data
        )


for _kind, _spec in service.CHILDREN.items():
    _child_routes(_kind, _spec)

PerpetratorRead = s.read_schema(s.PerpetratorCreate, "organisation_id")
ProceedingRead = s.read_schema(s.ProceedingCreate, "perpetrator_id")


@router.post("/perpetrators", status_code=201, response_model=PerpetratorRead)
def create_perpetrator(
    db: DbSession,
    actor: CurrentActor,
    data: s.PerpetratorCreate,
) -> Any:
    return perpetrators.create_perpetrator(session=db, actor=actor, data=data)


@router.get("/perpetrators", response_model=s.Page)
def list_perpetrators(
    db: DbSession,
    actor: CurrentActor,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> s.Page:
    return perpetrators.list_perpetrators(session=db, actor=actor, limit=limit, offset=offset)


@router.post(
    "/perpetrators/{perpetrator_id}/proceedings", status_code=201, response_model=ProceedingRead
)
def add_proceeding(
    db: DbSession,
    actor: CurrentActor,
    perpetrator_id: int,
    data: s.ProceedingCreate,
) -> Any:
    return perpetrators.add_proceeding(
        session=db, actor=actor, perpetrator_id=perpetrator_id, data=data
    )


@router.get("/perpetrators/{perpetrator_id}/proceedings", response_model=list[ProceedingRead])  # type: ignore[valid-type]
def list_proceedings(
    db: DbSession,
    actor: CurrentActor,
    perpetrator_id: int,
) -> Any:
    return perpetrators.list_proceedings(session=db, actor=actor, perpetrator_id=perpetrator_id)
