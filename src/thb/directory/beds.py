"""Reserving and releasing shelter beds atomically (re-exported by `thb.directory.service`).

The guard "a free bed exists" and the increment are one conditional UPDATE
(`SET beds_reserved = beds_reserved + 1 WHERE id = :id AND beds_reserved < beds_total`).
PostgreSQL takes the row lock and re-checks the condition on the newest row version; SQLite
holds its single write lock. Either way, of N concurrent acceptances for the last k beds exactly
k succeed, and a CHECK constraint (beds_reserved <= beds_total) backs the rule in the schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Executable, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from thb.db import utcnow
from thb.directory.models import BedReservation, Shelter
from thb.directory.permissions import can_release_bed, can_reserve_bed
from thb.errors import Conflict, Forbidden, NotFound
from thb.registry import service as registry
from thb.security import audit
from thb.security.roles import Actor


def _shelter(session: Session, shelter_id: int) -> Shelter:
    shelter = session.get(Shelter, shelter_id)
    if shelter is None:
        raise NotFound(f"shelter {shelter_id} does not exist")
    return shelter


def rows_changed(session: Session, statement: Executable) -> int:
    """Run a conditional UPDATE and say how many rows it changed (0 means the guard failed)."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def _take_bed(session: Session, shelter_id: int, now: datetime) -> bool:
    """The atomic check-and-increment; True when this transaction got a bed."""
    changed = rows_changed(
        session,
        update(Shelter)
        .where(
            Shelter.id == shelter_id,
            Shelter.active.is_(True),
            Shelter.beds_reserved < Shelter.beds_total,
        )
        .values(beds_reserved=Shelter.beds_reserved + 1, updated_at=now)
        .execution_options(synchronize_session=False),
    )
    return changed == 1


def _give_back_bed(session: Session, shelter_id: int, now: datetime) -> None:
    session.execute(
        update(Shelter)
        .where(Shelter.id == shelter_id, Shelter.beds_reserved > 0)
        .values(beds_reserved=Shelter.beds_reserved - 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )


def reserve_bed(
    *,
    session: Session,
    actor: Actor,
    shelter_id: int,
    person_id: int,
    referral_id: int | None = None,
    now: datetime | None = None,
) -> BedReservation:
    """Hold one bed for a person (on accepting a placement); Conflict when the shelter is full."""
    now = now or utcnow()
    shelter = _shelter(session, shelter_id)
    if not can_reserve_bed(actor, shelter.organisation_id):
        raise Forbidden("only the shelter's own organisation places people in its beds")
    if not registry.person_exists(session=session, person_id=person_id):
        raise NotFound(f"person {person_id} does not exist")
    if not _take_bed(session, shelter_id, now):
        session.refresh(shelter)
        if not shelter.active:
            raise Conflict(f"{shelter.name} takes no new placements")
        raise Conflict(f"no free bed in {shelter.name}")
    # From here this transaction holds the shelter's lock: the duplicate check cannot race.
    holding = session.scalar(
        select(BedReservation.id).where(
            BedReservation.shelter_id == shelter_id,
            BedReservation.person_id == person_id,
            BedReservation.released_at.is_(None),
        )
    )
    if holding is not None:
        _give_back_bed(session, shelter_id, now)
        session.refresh(shelter)
        raise Conflict(f"person {person_id} already holds bed reservation {holding}")
    reservation = BedReservation(
        shelter_id=shelter_id,
        person_id=person_id,
        referral_id=referral_id,
        reserved_by_org_id=actor.org_id,
        reserved_at=now,
    )
    session.add(reservation)
    session.flush()
    session.refresh(shelter)
    audit.record(
        session, actor, "reserve_bed", "bed_reservation", reservation.id,
        fields=["shelter_id", "person_id"] + (["referral_id"] if referral_id else []),
        purpose="placement", now=now,
    )  # fmt: skip
    return reservation


def release_bed(
    *,
    session: Session,
    actor: Actor,
    reservation_id: int,
    referral_id: int | None = None,
    now: datetime | None = None,
) -> BedReservation:
    """Free the bed of a placement that ended; a second release is a Conflict, never a double free.

    `referral_id`: the referral service passes the placing referral's id after checking the
    actor is a party to it, which lets the referrer free the bed when revoking.
    """
    now = now or utcnow()
    reservation = session.get(BedReservation, reservation_id)
    if reservation is None:
        raise NotFound(f"bed reservation {reservation_id} does not exist")
    shelter = _shelter(session, reservation.shelter_id)
    party = referral_id is not None and referral_id == reservation.referral_id
    if not can_release_bed(actor, shelter.organisation_id, referral_party=party):
        raise Forbidden("only the shelter's organisation or the placing referral frees this bed")
    ended = rows_changed(
        session,
        update(BedReservation)
        .where(BedReservation.id == reservation_id, BedReservation.released_at.is_(None))
        .values(released_at=now)
        .execution_options(synchronize_session=False),
    )
    if ended != 1:
        raise Conflict(f"bed reservation {reservation_id} was already released")
    _give_back_bed(session, shelter.id, now)
    session.refresh(reservation)
    session.refresh(shelter)
    audit.record(
        session, actor, "release_bed", "bed_reservation", reservation.id,
        fields=["released_at"], purpose="placement", now=now,
    )  # fmt: skip
    return reservation


def list_reservations(
    *, session: Session, actor: Actor, shelter_id: int, include_released: bool = False
) -> list[BedReservation]:
    """A shelter's placements, for the shelter's own staff."""
    shelter = _shelter(session, shelter_id)
    if not can_reserve_bed(actor, shelter.organisation_id):
        raise Forbidden("only the shelter's own organisation sees its placements")
    query = select(BedReservation).where(BedReservation.shelter_id == shelter_id)
    if not include_released:
        query = query.where(BedReservation.released_at.is_(None))
    return list(session.scalars(query.order_by(BedReservation.reserved_at, BedReservation.id)))
