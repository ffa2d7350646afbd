"""Builders shared by the directory tests: a shelter organisation, its staff and people to place."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from tests import factories as f
from thb.directory import schemas as s
from thb.directory import service as directory
from thb.security.roles import Actor


@dataclass(frozen=True)
class Setup:
    provider: Actor
    frontline: Actor
    shelter_id: int
    persons: list[int]


def shelter_setup(session: Session, *, beds: int, reserved: int, spare: int) -> Setup:
    """A shelter with `beds` beds, `reserved` of them taken, and `spare` people still to place."""
    home = f.org(session, "Casa Sigura", country="RO", org_type="Shelter")
    police = f.org(session, "Politia Iasi", country="RO", org_type="LawEnforcement")
    provider = f.actor(session, "service_provider", home)
    frontline = f.actor(session, "frontline", police)
    shelter = directory.create_shelter(
        session=session,
        actor=provider,
        data=s.ShelterCreate(name="Iasi house", beds_total=beds, eligibility=["women"]),
    )
    persons = [f.victim(session, frontline) for _ in range(reserved + spare)]
    for person_id in persons[:reserved]:
        directory.reserve_bed(
            session=session, actor=provider, shelter_id=shelter.id, person_id=person_id
        )
    return Setup(provider, frontline, shelter.id, persons[reserved:])
