"""Small builders for tests: organisations, users and actors without repeating boilerplate."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from thb.registry import schemas as s
from thb.registry import service as registry
from thb.security import service as security
from thb.security.models import Organisation, User
from thb.security.roles import Actor

PASSWORD = "correct horse battery"


def org(session: Session, name: str, country: str = "RO", org_type: str = "NGO") -> Organisation:
    return security.create_organisation(
        session=session, actor=Actor.system("test"), org_name=name, org_type=org_type,
        country=country,
    )  # fmt: skip


def user(session: Session, username: str, role: str, organisation: Organisation) -> User:
    return security.create_user(
        session=session, actor=Actor.system("test"), username=username, password=PASSWORD,
        role=role, organisation_id=organisation.id,
    )  # fmt: skip


def actor(session: Session, role: str, organisation: Organisation) -> Actor:
    return security.actor_of(user(session, f"{role}-{organisation.id}", role, organisation))


def victim(session: Session, who: Actor, **fields: object) -> int:
    data = {
        "first_name": "Ionuț",
        "second_name": "Popescu",
        "birth_date": date(1999, 4, 3),
        "gender": "Feminine",
        "citizenships": ["RO"],
        "registration_date": date(2024, 5, 1),
        **fields,
    }
    person = registry.register_victim(session=session, actor=who, data=s.PersonCreate(**data))
    return person.id
