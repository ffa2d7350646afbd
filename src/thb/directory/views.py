"""JSON API under /api/v1/directory; thin over the service (the board page is in pages.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from thb.directory import schemas as s
from thb.directory import service
from thb.errors import NotFound
from thb.security.deps import current_actor, get_db
from thb.security.roles import Actor

router = APIRouter(prefix="/directory", tags=["directory"])


@router.get("/services", response_model=list[s.ServiceOfferRead])
def list_services(
    assistance_type: str | None = None,
    country: str | None = None,
    language: str | None = None,
    eligibility: str | None = None,
    organisation_id: int | None = None,
    include_inactive: bool = False,
    db: Session = Depends(get_db, scope="function"),
    actor: Actor = Depends(current_actor),
) -> Any:
    where = service.ServiceFilter(
        assistance_type, country, language, eligibility, organisation_id, include_inactive
    )
    return service.list_services(session=db, actor=actor, where=where)


@router.post("/services", status_code=201, response_model=s.ServiceOfferRead)
def publish_service(
    data: s.ServiceOfferCreate,
    db: Session = Depends(get_db, scope="function"),
    actor: Actor = Depends(current_actor),
) -> Any:
    return service.publish_service(session=db, actor=actor, data=data)


@router.patch("/services/{service_id}", response_model=s.ServiceOfferRead)
def update_service(
    service_id: int,
    data: s.ServiceOfferUpdate,
    db: Session = Depends(get_db, scope="function"),
    actor: Actor = Depends(current_actor),
) -> Any:
    return service.update_service(session=db, actor=actor, service_id=service_id, data=data)


@router.get("/shelters", response_model=list[s.ShelterRead])
def list_shelters(
    country: str | None = None,
    eligibility: str | None = None,
    language: str | None = None,
    organisation_id: int | None = None,
    with_free_beds: bool = False,
    include_inactive: bool = False,
    db: Session = Depends(get_db, scope="function"),
    actor: Actor = Depends(current_actor),
) -> Any:
    where = service.ShelterFilter(
        country, eligibility, language, organisation_id, with_free_beds, include_inactive
    )
    return service.list_shelters(session=db, actor=actor, where=where)


@router.post("/shelters", status_code=201, response_model=s.ShelterRead)
def create_shelter(
    data: s.ShelterCreate,
    db: Session = Depends(get_db, scope="function"),
    actor: Actor = Depends(current_actor),
) -> Any:
    return service.create_shelter(session=db, actor=actor, data=data)


@router.get("/shelters/{shelter_id}", response_model=s.ShelterRead)
def read_shelter(
    shelter_id: int,
    db: Session = Depends(get_db, scope="function"),
    actor: Actor = Depends(current_actor),
) -> Any:
    return service.read_shelter(session=db, actor=actor, shelter_id=shelter_id)


@router.patch("/shelters/{shelter_id}", response_model=s.ShelterRead)
def update_shelter(
    shelter_id: int,
    data: s.ShelterUpdate,
    db: Session = Depends(get_db, scope="function"),
    actor: Actor = Depends(current_actor),
) -> Any:
    return service.update_shelter(session=db, actor=actor, shelter_id=shelter_id, data=data)


@router.get("/shelters/{shelter_id}/reservations", response_model=list[s.ReservationRead])
def list_reservations(
    shelter_id: int,
    include_released: bool = False,
    db: Session = Depends(get_db, scope="function"),
    actor: Actor = Depends(current_actor),
) -> Any:
    return service.list_reservations(
        session=db, actor=actor, shelter_id=shelter_id, include_released=include_released
    )


@router.post(
    "/shelters/{shelter_id}/reservations", status_code=201, response_model=s.ReservationRead
)
def reserve_bed(
    shelter_id: int,
    data: s.ReservationCreate,
    db: Session = Depends(get_db, scope="function"),
    actor: Actor = Depends(current_actor),
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
    shelter_id: int,
    reservation_id: int,
    db: Session = Depends(get_db, scope="function"),
    actor: Actor = Depends(current_actor),
) -> Any:
    held = {r.id for r in service.list_reservations(session=db, actor=actor, shelter_id=shelter_id)}
    if reservation_id not in held:
        raise NotFound(f"shelter {shelter_id} has no open bed reservation {reservation_id}")
    return service.release_bed(session=db, actor=actor, reservation_id=reservation_id)
