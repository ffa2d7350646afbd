"""Publishing services, keeping shelter capacity, and placing people in beds without overbooking.

Services flush, never commit. Bed counts move only through conditional UPDATEs
(`... WHERE beds_reserved < beds_total`): the database row lock (PostgreSQL) or write lock
(SQLite) makes check-and-increment one atomic step, so concurrent acceptances never overbook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from thb.codes.assistance import AssistanceType
from thb.codes.countries import is_country_code
from thb.db import utcnow
from thb.directory import rules
from thb.directory import schemas as s
from thb.directory.beds import list_reservations, release_bed, reserve_bed, rows_changed
from thb.directory.models import ServiceOffer, Shelter
from thb.directory.permissions import can_manage_directory, can_read_directory
from thb.errors import Conflict, Forbidden, InvalidInput, NotFound
from thb.security import audit
from thb.security.models import Organisation
from thb.security.roles import Actor

__all__ = [
    "ServiceFilter",
    "ShelterFilter",
    "create_shelter",
    "list_reservations",
    "list_services",
    "list_shelters",
    "publish_service",
    "read_shelter",
    "release_bed",
    "reserve_bed",
    "set_capacity",
    "update_service",
    "update_shelter",
]

SelectT = TypeVar("SelectT", bound=Select)  # type: ignore[type-arg]


def _require_reader(actor: Actor) -> None:
    if not can_read_directory(actor):
        raise Forbidden("sign in to read the service directory")


def _owner(session: Session, actor: Actor, requested: int | None) -> Organisation:
    """The organisation an entry is written for: the actor's own unless an admin names another."""
    org_id = requested if requested is not None else actor.org_id
    if org_id is None:
        raise InvalidInput(
            "name the organisation",
            errors=[{"field": "organisation_id", "message": "your account has no organisation"}],
        )
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFound(f"organisation {org_id} does not exist")
    if not can_manage_directory(actor, org.id):
        raise Forbidden("you manage only your own organisation's directory entries")
    return org


def _filter_value(field: str, value: str | None, check: Callable[[str], str]) -> str | None:
    """Normalise one query filter, turning a bad value into InvalidInput naming the field."""
    if value is None or value == "":
        return None
    try:
        return check(value)
    except ValueError as exc:
        raise InvalidInput(
            f"bad filter {field}", errors=[{"field": field, "message": str(exc)}]
        ) from exc


def _country(value: str) -> str:
    if not is_country_code(value.upper()):
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
    return value.upper()


def _group(value: str) -> str:
    return rules.normalise_eligibility([value])[0]


# -- services ---------------------------------------------------------------------------------


def _offer_read(offer: ServiceOffer, org: Organisation) -> s.ServiceOfferRead:
    return s.ServiceOfferRead(
        id=offer.id,
        organisation_id=org.id,
        organisation_name=org.org_name,
        country=org.country,
        assistance_type=offer.assistance_type,
        languages=list(offer.languages),
        eligibility=list(offer.eligibility),
        description=offer.description,
        nuts_region=offer.nuts_region,
        active=offer.active,
    )


def publish_service(
    *, session: Session, actor: Actor, data: s.ServiceOfferCreate
) -> s.ServiceOfferRead:
    """Add a service to the national directory so referrers can find it."""
    org = _owner(session, actor, data.organisation_id)
    values = data.model_dump(exclude={"organisation_id"})
    no_cooperation_gate(values)
    offer = ServiceOffer(organisation_id=org.id, **values)
    session.add(offer)
    session.flush()
    audit.record(session, actor, "create", "service_offer", offer.id, fields=values.keys())
    return _offer_read(offer, org)


def no_cooperation_gate(values: dict) -> None:
    """R2: a published service may never be conditional on cooperating with the authorities."""
    from thb.referral.cooperation import validate_eligibility_rule

    rule = {k: values.get(k) for k in ("eligibility", "description")}
    validate_eligibility_rule(rule, service=str(values.get("assistance_type") or ""))


def update_service(
    *, session: Session, actor: Actor, service_id: int, data: s.ServiceOfferUpdate
) -> s.ServiceOfferRead:
    """Change a published service (languages, eligibility, withdrawal via `active`)."""
    offer = session.get(ServiceOffer, service_id)
    if offer is None:
        raise NotFound(f"service {service_id} does not exist")
    org = _owner(session, actor, offer.organisation_id)
    values = data.model_dump(exclude_unset=True)
    no_cooperation_gate({**values, "assistance_type": offer.assistance_type})
    for name, value in values.items():
        if value is None and name != "nuts_region":
            raise InvalidInput("bad update", errors=[{"field": name, "message": "cannot be null"}])
        setattr(offer, name, value)
    session.flush()
    audit.record(session, actor, "update", "service_offer", offer.id, fields=values.keys())
    return _offer_read(offer, org)


@dataclass(frozen=True)
class ServiceFilter:
    """Directory search: every given criterion must hold."""

    assistance_type: str | None = None
    country: str | None = None
    language: str | None = None
    eligibility: str | None = None
    organisation_id: int | None = None
    include_inactive: bool = False


def list_services(
    *, session: Session, actor: Actor, where: ServiceFilter | None = None
) -> list[s.ServiceOfferRead]:
    """Services matching the filter, by country, organisation and type."""
    _require_reader(actor)
    where = where or ServiceFilter()
    country = _filter_value("country", where.country, _country)
    language = _filter_value("language", where.language, rules.normalise_language)
    group = _filter_value("eligibility", where.eligibility, _group)
    kind = _filter_value("assistance_type", where.assistance_type, _assistance_type)
    query = select(ServiceOffer, Organisation).join(
        Organisation, Organisation.id == ServiceOffer.organisation_id
    )
    query = _common(query, ServiceOffer, country, where.organisation_id, where.include_inactive)
    if kind:
        query = query.where(ServiceOffer.assistance_type == kind)
    query = query.order_by(Organisation.country, Organisation.org_name, ServiceOffer.id)
    return [
        _offer_read(offer, org)
        for offer, org in session.execute(query)
        # JSON lists are matched here, the same way on SQLite and PostgreSQL.
        if (language is None or language in offer.languages)
        and (group is None or group in offer.eligibility)
    ]


def _assistance_type(value: str) -> str:
    try:
        return AssistanceType(value.upper()).value
    except ValueError:
        raise ValueError(f"{value!r} is not an assistance type") from None


def _common(
    query: SelectT,
    model: type[ServiceOffer] | type[Shelter],
    country: str | None,
    org_id: int | None,
    include_inactive: bool,
) -> SelectT:
    """Filters services and shelters share: country of the organisation, owner, withdrawn."""
    if country:
        query = query.where(Organisation.country == country)
    if org_id is not None:
        query = query.where(model.organisation_id == org_id)
    if not include_inactive:
        query = query.where(model.active.is_(True))
    return query


# -- shelters ---------------------------------------------------------------------------------


def _shelter_read(shelter: Shelter, org: Organisation) -> s.ShelterRead:
    return s.ShelterRead(
        id=shelter.id,
        organisation_id=org.id,
        organisation_name=org.org_name,
        country=org.country,
        name=shelter.name,
        eligibility=list(shelter.eligibility),
        languages=list(shelter.languages),
        nuts_region=shelter.nuts_region,
        active=shelter.active,
        beds_total=shelter.beds_total,
        beds_reserved=shelter.beds_reserved,
        free_beds=rules.free_beds(shelter.beds_total, shelter.beds_reserved),
        occupancy=rules.occupancy(shelter.beds_total, shelter.beds_reserved, active=shelter.active),
    )


def _load_shelter(session: Session, shelter_id: int) -> Shelter:
    shelter = session.get(Shelter, shelter_id)
    if shelter is None:
        raise NotFound(f"shelter {shelter_id} does not exist")
    return shelter


def create_shelter(*, session: Session, actor: Actor, data: s.ShelterCreate) -> s.ShelterRead:
    """Register a shelter and its beds; all beds start free."""
    org = _owner(session, actor, data.organisation_id)
    taken = session.scalar(
        select(Shelter.id).where(Shelter.organisation_id == org.id, Shelter.name == data.name)
    )
    if taken is not None:
        raise Conflict(f"{org.org_name} already has a shelter called {data.name!r}")
    values = data.model_dump(exclude={"organisation_id"})
    shelter = Shelter(organisation_id=org.id, beds_reserved=0, **values)
    session.add(shelter)
    session.flush()
    audit.record(session, actor, "create", "shelter", shelter.id, fields=values.keys())
    return _shelter_read(shelter, org)


def read_shelter(*, session: Session, actor: Actor, shelter_id: int) -> s.ShelterRead:
    """One shelter with its current free beds."""
    _require_reader(actor)
    shelter = _load_shelter(session, shelter_id)
    return _shelter_read(shelter, session.get_one(Organisation, shelter.organisation_id))


def _apply_capacity(session: Session, shelter: Shelter, beds_total: int, now: datetime) -> None:
    """Set the bed count unless that would put it under the beds already reserved (atomic)."""
    problem = rules.capacity_error(beds_total, 0)
    if problem:
        raise InvalidInput(problem, errors=[{"field": "beds_total", "message": problem}])
    done = rows_changed(
        session,
        update(Shelter)
        .where(Shelter.id == shelter.id, Shelter.beds_reserved <= beds_total)
        .values(beds_total=beds_total, updated_at=now)
        .execution_options(synchronize_session=False),
    )
    session.refresh(shelter)
    if done != 1:
        raise Conflict(
            rules.capacity_error(beds_total, shelter.beds_reserved) or "capacity changed"
        )


def set_capacity(
    *, session: Session, actor: Actor, shelter_id: int, beds_total: int, now: datetime | None = None
) -> s.ShelterRead:
    """Keep the bed count current; it can never drop below the beds already reserved."""
    shelter = _load_shelter(session, shelter_id)
    org = _owner(session, actor, shelter.organisation_id)
    _apply_capacity(session, shelter, beds_total, now or utcnow())
    audit.record(session, actor, "update", "shelter", shelter.id, fields=["beds_total"], now=now)
    return _shelter_read(shelter, org)


def update_shelter(
    *, session: Session, actor: Actor, shelter_id: int, data: s.ShelterUpdate
) -> s.ShelterRead:
    """Change a shelter's description and, atomically, its bed count."""
    shelter = _load_shelter(session, shelter_id)
    org = _owner(session, actor, shelter.organisation_id)
    values = data.model_dump(exclude_unset=True)
    beds_total = values.pop("beds_total", None)
    for name, value in values.items():
        if value is None and name != "nuts_region":
            raise InvalidInput("bad update", errors=[{"field": name, "message": "cannot be null"}])
        setattr(shelter, name, value)
    session.flush()
    if beds_total is not None:
        _apply_capacity(session, shelter, beds_total, utcnow())
        values["beds_total"] = beds_total
    audit.record(session, actor, "update", "shelter", shelter.id, fields=values.keys())
    return _shelter_read(shelter, org)


@dataclass(frozen=True)
class ShelterFilter:
    country: str | None = None
    eligibility: str | None = None
    language: str | None = None
    organisation_id: int | None = None
    with_free_beds: bool = False
    include_inactive: bool = False


def list_shelters(
    *, session: Session, actor: Actor, where: ShelterFilter | None = None
) -> list[s.ShelterRead]:
    """Shelters with total, reserved and free beds (the capacity board)."""
    _require_reader(actor)
    where = where or ShelterFilter()
    country = _filter_value("country", where.country, _country)
    language = _filter_value("language", where.language, rules.normalise_language)
    group = _filter_value("eligibility", where.eligibility, _group)
    query = select(Shelter, Organisation).join(
        Organisation, Organisation.id == Shelter.organisation_id
    )
    query = _common(query, Shelter, country, where.organisation_id, where.include_inactive)
    if where.with_free_beds:
        query = query.where(Shelter.beds_reserved < Shelter.beds_total)
    query = query.order_by(Organisation.country, Organisation.org_name, Shelter.name)
    return [
        _shelter_read(shelter, org)
        for shelter, org in session.execute(query)
        if (language is None or language in shelter.languages)
        and (group is None or group in shelter.eligibility)
    ]
