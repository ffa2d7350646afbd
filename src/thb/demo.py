"""Demo installation: synthetic cases in three countries and a user for every role."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from thb.codes.assistance import AssistanceType
from thb.codes.countries import country_name
from thb.security import service as security
from thb.security.models import Organisation, User
from thb.security.roles import Actor, Role
from thb.synth import generate
from thb.synth.load import Loaded, load

DEMO_COUNTRIES = ("RO", "BG", "DK")

# (username prefix, role, organisation key suffix, supervisor): who signs in where.
DEMO_USERS = (
    ("frontline", Role.FRONTLINE, "NGO1", False),
    ("supervisor", Role.FRONTLINE, "NGO1", True),
    ("coordinator", Role.COORDINATOR, "FOCAL", True),
    ("serviceprovider", Role.SERVICE_PROVIDER, "SHELTER", False),
    ("analyst", Role.ANALYST, "POLICE", False),
    ("statistician", Role.STATISTICIAN, "FOCAL", False),
    ("auditor", Role.AUDITOR, "FOCAL", False),
    ("admin", Role.ADMIN, "FOCAL", False),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    organisation: str


def is_seeded(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def _shelter(session: Session, country: str) -> Organisation:
    return security.create_organisation(
        session=session, actor=Actor.system("demo"),
        org_name=f"{country_name(country)} Safe House Shelter", org_type="Shelter",
        country=country, nrm_roles=["assisting"],
    )  # fmt: skip


def seed_demo(
    session: Session,
    *,
    persons: int = 900,
    seed: int = 7,
    countries: tuple[str, ...] = DEMO_COUNTRIES,
) -> tuple[Loaded, list[DemoLogin]]:
    """Synthetic registry plus one user per role and country, with random passwords."""
    registry = generate(persons, seed=seed, countries=list(countries))
    loaded = load(session, registry)
    logins: list[DemoLogin] = []
    for country in countries:
        orgs = {
            o.org_name: o
            for o in session.scalars(select(Organisation).where(Organisation.country == country))
        }
        keyed = dict(zip(registry.organisations.org_key, registry.organisations.name, strict=True))
        keyed[f"{country}-SHELTER"] = _shelter(session, country).org_name
        orgs = {o.org_name: o for o in session.scalars(select(Organisation))}
        for prefix, role, suffix, supervisor in DEMO_USERS:
            org = orgs[keyed[f"{country}-{suffix}"]]
            username = f"{prefix}.{country.lower()}"
            password = secrets.token_urlsafe(9)
            security.create_user(
                session=session, actor=Actor.system("demo"), username=username,
                password=password, role=role, organisation_id=org.id,
                display_name=f"{prefix.title()} ({country})",
                is_supervisor=supervisor, can_override_consent=role == Role.COORDINATOR,
            )  # fmt: skip
            logins.append(DemoLogin(username, password, role, org.org_name))
            if role == Role.SERVICE_PROVIDER:
                _publish_shelter(session, user_actor(session, username), country)
    return loaded, logins


def user_actor(session: Session, username: str) -> Actor:
    return security.actor_of(session.scalars(select(User).where(User.username == username)).one())


def _publish_shelter(session: Session, staff: Actor, country: str) -> None:
    """The demo shelter's beds and services, published by its own staff."""
    from thb.directory import schemas as ds
    from thb.directory import service as directory

    directory.create_shelter(session=session, actor=staff, data=ds.ShelterCreate(
        name=f"Safe House {country_name(country)}", beds_total=12, eligibility=["women", "children"],
        languages=["en", country.lower()]))  # fmt: skip
    for kind in ("SAFE_ACCOMMODATION", "PSYCHOLOGICAL", "MEDICAL", "LEGAL_COUNSELLING"):
        directory.publish_service(session=session, actor=staff, data=ds.ServiceOfferCreate(
            assistance_type=AssistanceType(kind), eligibility=["women", "children"], languages=["en"]))  # fmt: skip
