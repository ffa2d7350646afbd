"""JSON API under /api/v1/directory; thin over the service (the board page is in pages.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from thb.directory import schemas as s
from thb.directory import service
from thb.errors import NotFound
from thb.security.deps import CurrentActor, DbSession

router = APIRouter(prefix="/directory", tags=["directory"])


@router.get("/services", response_model=list[s.ServiceOfferRead])
def list_services(
    db: DbSession,
    actor: CurrentActor,
    assistance_type: str | None = None,
    country: str | None = None,
    language: str | None = None,
    eligibility: str | None = None,
    organisation_id: int | None = None,
    include_inactive: bool = False,
) -> Any:
    where = service.ServiceFilter(
        assistance_type, country, language, eligibility, organisation_id, include_inactive
    )
    return service.list_services(session=db, actor=actor, where=where)


@router.post("/services", status_code=201, response_model=s.ServiceOfferRead)
def publish_service(
    db: DbSession,
    actor: CurrentActor,
    data: s.ServiceOfferCreate,
) -> Any:
    return service.publish_service(session=db, actor=actor, data=data)


@router.patch("/services/{service_id}", response_model=s.ServiceOfferRead)
def update_service(
    db: DbSession,
    actor: CurrentActor,
    service_id: int,
    data: s.ServiceOfferUpdate,
) -> Any:
    return service.update_service(session=db, actor=actor, service_id=service_id, data=data)


@router.get("/shelters", response_model=list[s.ShelterRead])
def list_shelters(
    db: DbSession,
    actor: CurrentActor,
    country: str | None = None,
    eligibility: str | None = None,
    language: str | None = None,
    organisation_id: int | None = None,
    with_free_beds: bool = False,
    include_inactive: bool = False,
) -> Any:
    where = service.ShelterFilter(
        country, eligibility, language, organisation_id, with_free_beds, include_inactive
    )
    return service.list_shelters(session=db, actor=actor, where=where)


@router.post("/shelters", status_code=201, response_model=s.ShelterRead)
def create_shelter(
    db: DbSession,
    actor: CurrentActor,
    data: s.ShelterCreate,
) -> Any:
    return service.create_shelter(session=db, actor=actor, data=data)


@router.get("/shelters/{shelter_id}", response_model=s.ShelterRead)
def read_shelter(
    db: DbSession,
    actor: CurrentActor,
    shelter_id: int,
) -> Any:
    return service.read_shelter(session=db, actor=actor, shelter_id=shelter_id)


@router.patch("/shelters/{shelter_id}", response_model=s.ShelterRead)
def update_shelter(
    db: DbSession,
    actor: CurrentActor,
    shelter_id: int,
    data: s.ShelterUpdate,
) -> Any:
    return service.update_shelter(session=db, actor=actor, shelter_id=shelter_id, data=data)


@router.get("/shelters/{shelter_id}/reservations", response_model=list[s.ReservationRead])
def list_reservations(
    db: DbSession,
    actor: CurrentActor,
    shelter_id: int,
    include_released: bool = False,
) -> Any:
    return service.list_reservations(
        session=db, actor=actor, shelter_id=shelter_id, include_released=include_released
    )


@router.post(
    "/shelters/{shelter_id}/reservations", status_code=201, response_model=s.ReservationRead
)
def reserve_bed(
    db: DbSession,
    actor: CurrentActor,
    shelter_id: int,
    data: s.ReservationCreate,
) -> Any:
    return service.reserve_bed(
        session=db,
        actor=actor,
        shelter_id=shelter_id,
        person_id=data.person_id,
        referral_id=data.referral_id,
    )


@router.delete(
    "/shelters/{shelter_id}/reservations/{reservation_id}", response_model=s.ReservationRead
)
def release_bed(
    db: DbSession,
    actor: CurrentActor,
    shelter_id: int,
    reservation_id: int,
) -> Any:
    held = {r.id for r in service.list_reservations(session=db, actor=actor, shelter_id=shelter_id)}
    if reservation_id not in held:
        raise NotFound(f"shelter {shelter_id} has no open bed reservation {reservation_id}")
    return service.release_bed(session=db, actor=actor, reservation_id=reservation_id)
