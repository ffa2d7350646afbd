"""Registering victims and their records: load -> rules -> persist -> audit (services flush, never commit)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from thb.codes.registry import DecisionStage, SexStat
from thb.errors import Forbidden, InvalidInput, NotFound
from thb.registry import models as m
from thb.registry import rules
from thb.registry import schemas as s
from thb.security import audit, crypto
from thb.security.models import Organisation
from thb.security.permissions import Access, can_register_victim, can_write_case, case_access
from thb.security.roles import Actor

IDENTIFYING = (
    "first_name",
    "second_name",
    "alias",
    "birth_date",
    "identity_number",
    "email",
    "phone",
)
INDEXED = {"first_name": "first_name_index", "second_name": "second_name_index"}


@dataclass(frozen=True)
class ChildKind:
    """A kind of record that hangs off a person, as the API names it."""

    model: type[Any]  # a registry table with `id` and `person_id`
    create: type[BaseModel]
    identifying: tuple[str, ...] = ()


CHILDREN: dict[str, ChildKind] = {
    "decisions": ChildKind(m.IdentificationDecision, s.DecisionCreate),
    "exploitation": ChildKind(m.ExploitationEpisode, s.ExploitationCreate),
    "recruitment": ChildKind(m.Recruitment, s.RecruitmentCreate),
    "events": ChildKind(m.TraffickingEvent, s.TraffickingEventCreate, ("description",)),
    "consents": ChildKind(m.Consent, s.ConsentCreate),
    "guardianships": ChildKind(m.Guardianship, s.GuardianshipCreate, ("guardian_name",)),
    "age-assessments": ChildKind(m.AgeAssessment, s.AgeAssessmentCreate),
    "reflection-periods": ChildKind(m.ReflectionPeriod, s.ReflectionPeriodCreate),
    "residence-permits": ChildKind(m.ResidencePermit, s.ResidencePermitCreate),
    "compensation-claims": ChildKind(m.CompensationClaim, s.CompensationClaimCreate),
    "notes": ChildKind(m.CaseNote, s.CaseNoteCreate, ("text",)),
    "tasks": ChildKind(m.Task, s.TaskCreate),
    "non-punishment": ChildKind(m.NonPunishmentAssessment, s.NonPunishmentCreate, ("note",)),
}


def _org(session: Session, org_id: int | None) -> Organisation:
    org = session.get(Organisation, org_id) if org_id is not None else None
    if org is None:
        raise Forbidden("your account belongs to no organisation")
    return org


def set_identifying(person: m.Person, values: Mapping[str, Any]) -> None:
    """Write identifying fields and keep their blind indexes in step."""
    for name in IDENTIFYING:
        if name in values:
            setattr(person, name, values[name] or None)
    for name, index in INDEXED.items():
        if name in values:
            value = values[name]
            setattr(person, index, crypto.blind_index(value, f"person.{name}") if value else None)
    if "birth_date" in values:
        bd = values["birth_date"]
        person.birth_date_index = (
            crypto.blind_index(bd.isoformat(), "person.birth_date") if bd else None
        )
        if bd is not None:
            person.birth_year = bd.year


def derive_registration(
    reg: m.Registration, person: m.Person, assessed_min_age: int | None
) -> None:
    """Set a registration's statistical attributes from the person's facts (pure rules)."""
    evidence = rules.AgeEvidence(
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        birth_date_estimated=person.birth_date_estimated,
        age_uncertain=person.age_uncertain,
        assessed_min_age=assessed_min_age,
    )
    reg.reference_year = reg.registration_date.year
    reg.age_group = rules.age_group(evidence, reg.registration_date)
    reg.citizen_cat = rules.citizenship_category(
        person.citizenships, person.stateless, reg.reporting_country
    )


def _derive_registration(session: Session, person: m.Person, reg: m.Registration) -> None:
    assessed = session.scalar(
        select(func.min(m.AgeAssessment.min_age)).where(m.AgeAssessment.person_id == person.id)
    )
    derive_registration(reg, person, assessed)


def _validate_person(values: Mapping[str, Any], registration_date: date | None) -> None:
    errors = []
    bd = values.get("birth_date")
    if bd is not None and registration_date is not None and bd > registration_date:
        errors.append({"field": "birth_date", "message": "is after the registration date"})
    if bd is not None and bd > date.today():
        errors.append({"field": "birth_date", "message": "is in the future"})
    if values.get("stateless") and values.get("citizenships"):
        errors.append({"field": "stateless", "message": "a stateless person has no citizenship"})
    if errors:
        raise InvalidInput("person is not valid", errors=errors)


def register_victim(
    *, session: Session, actor: Actor, data: s.PersonCreate, now: datetime | None = None
) -> m.Person:
    """Register a presumed victim in the actor's organisation, with the first decision if given."""
    if not can_register_victim(actor):
        raise Forbidden("your role does not register victims")
    org = _org(session, actor.org_id)
    values = data.model_dump()
    _validate_person(values, data.registration_date)
    country = data.reporting_country or org.country
    person = m.Person(organisation_id=org.id, case_ref=rules.provisional_reference())
    for name in ("birth_year", "birth_date_estimated", "age_uncertain", "gender", "citizenships",
                 "stateless", "migration_status", "primary_language", "unaccompanied"):  # fmt: skip
        setattr(person, name, values[name])
    person.sex_stat = rules.sex_stat(data.gender)
    set_identifying(person, values)
    session.add(person)
    session.flush()
    person.case_ref = rules.case_reference(country, data.registration_date.year, person.id)
    reg = m.Registration(
        person_id=person.id,
        organisation_id=org.id,
        reporting_country=country,
        registration_date=data.registration_date,
    )
    _derive_registration(session, person, reg)
    session.add(reg)
    if data.initial_decision is not None:
        session.add(
            m.IdentificationDecision(
                person_id=person.id,
                stage=data.initial_decision,
                decision_date=data.registration_date,
                decided_by_org_id=org.id,
                formal_identification=False,
            )
        )
    session.flush()
    filled = [f for f in IDENTIFYING if values.get(f)]
    audit.record(session, actor, "create", "person", person.id, fields=filled, now=now)
    return person


def person_exists(*, session: Session, person_id: int) -> bool:
    """Existence only, no access check (a receiving shelter may not hold the record yet)."""
    return session.scalar(select(m.Person.id).where(m.Person.id == person_id)) is not None


def _load(session: Session, person_id: int) -> m.Person:
    person = session.get(m.Person, person_id)
    if person is None:
        raise NotFound(f"person {person_id} does not exist")
    return person


def _country_of(person: m.Person) -> str:
    return person.registrations[0].reporting_country if person.registrations else ""


def access_to(session: Session, actor: Actor, person_id: int) -> tuple[m.Person, Access]:
    """Load a person and the caller's access; NotFound rather than Forbidden hides existence."""
    person = _load(session, person_id)
    access = case_access(actor, person.organisation_id, _country_of(person))
    if access == Access.NONE:
        raise NotFound(f"person {person_id} does not exist")
    return person, access


def summary(person: m.Person) -> s.PersonSummary:
    """The pseudonymous view of a person (derived attributes only)."""
    first = person.registrations[0]
    decisions = [
        rules.Decision(d.stage, d.decision_date, d.formal_identification, d.id)
        for d in person.decisions
    ]
    status = rules.registration_status(decisions)
    return s.PersonSummary(
        id=person.id,
        case_ref=person.case_ref,
        organisation_id=person.organisation_id,
        reporting_country=first.reporting_country,
        registration_date=first.registration_date,
        sex_stat=SexStat(person.sex_stat),
        age_group=first.age_group,
        citizen_cat=first.citizen_cat,
        registration_status=status.value if status else None,
        exploitation_forms=sorted({e.form for e in person.exploitation}),
    )


def read_person(
    *, session: Session, actor: Actor, person_id: int, purpose: str = "casework"
) -> s.PersonSummary:
    """Full record for the holding organisation (audited read), pseudonymous for national roles."""
    person, access = access_to(session, actor, person_id)
    base = summary(person)
    if access < Access.FULL:
        return base
    audit.record(session, actor, "read", "person", person.id, fields=IDENTIFYING, purpose=purpose)
    full = {n: getattr(person, n) for n in s.PersonFields.model_fields}
    return s.PersonRead(**base.model_dump(exclude={"identifying"}), **full)


def update_person(
    *, session: Session, actor: Actor, person_id: int, data: s.PersonUpdate
) -> s.PersonSummary:
    person, _ = access_to(session, actor, person_id)
    if not can_write_case(actor, person.organisation_id):
        raise Forbidden("only the organisation holding this case changes it")
    values = data.model_dump(exclude_unset=True)
    merged = {"citizenships": person.citizenships, "stateless": person.stateless, **values}
    _validate_person(merged, person.registrations[0].registration_date)
    for name, value in values.items():
        if name not in IDENTIFYING:
            setattr(person, name, value)
    if "gender" in values:
        person.sex_stat = rules.sex_stat(person.gender)
    set_identifying(person, values)
    for reg in person.registrations:
        _derive_registration(session, person, reg)
    session.flush()
    audit.record(session, actor, "update", "person", person.id, fields=values.keys())
    return read_person(session=session, actor=actor, person_id=person_id)


@dataclass(frozen=True)
class PersonFilter:
    sex_stat: str | None = None
    age_group: str | None = None
    citizen_cat: str | None = None
    registration_status: str | None = None
    year: int | None = None
    organisation_id: int | None = None


def list_persons(
    *, session: Session, actor: Actor, where: PersonFilter, limit: int = 50, offset: int = 0
) -> s.Page:
    """Persons the caller may see, newest first, as pseudonymous summaries."""
    query = select(m.Person).join(m.Registration).order_by(m.Person.id.desc())
    if actor.role in ("coordinator", "statistician"):
        query = query.where(m.Registration.reporting_country == actor.country)
    else:
        query = query.where(m.Person.organisation_id == actor.org_id)
    for column, value in (
        (m.Person.sex_stat, where.sex_stat),
        (m.Registration.age_group, where.age_group),
        (m.Registration.citizen_cat, where.citizen_cat),
        (m.Registration.reference_year, where.year),
        (m.Person.organisation_id, where.organisation_id),
    ):
        if value is not None:
            query = query.where(column == value)
    rows = [
        summary(p)
        for p in session.scalars(query).unique()
        if case_access(actor, p.organisation_id, _country_of(p)) > Access.NONE
    ]
    if where.registration_status:
        rows = [r for r in rows if r.registration_status == where.registration_status]
    return s.Page(items=rows[offset : offset + limit], total=len(rows), limit=limit, offset=offset)


def find_by_name(
    *, session: Session, actor: Actor, first_name: str | None, second_name: str | None
) -> list[s.PersonSummary]:
    """Exact look-up through the blind index, inside the caller's organisation."""
    query = select(m.Person).where(m.Person.organisation_id == actor.org_id)
    if first_name:
        query = query.where(
            m.Person.first_name_index == crypto.blind_index(first_name, "person.first_name")
        )
    if second_name:
        query = query.where(
            m.Person.second_name_index == crypto.blind_index(second_name, "person.second_name")
        )
    audit.record(session, actor, "search", "person", None, fields=["name_index"])
    return [summary(p) for p in session.scalars(query)]


def _child_kind(kind: str) -> ChildKind:
    if kind not in CHILDREN:
        raise NotFound(f"unknown record type {kind!r}")
    return CHILDREN[kind]


def add_child(*, session: Session, actor: Actor, person_id: int, kind: str, data: BaseModel) -> Any:
    """Add a record to a person's case and re-derive what depends on it."""
    spec = _child_kind(kind)
    person, _ = access_to(session, actor, person_id)
    if not can_write_case(actor, person.organisation_id):
        raise Forbidden("only the organisation holding this case changes it")
    row = spec.model(person_id=person.id, **data.model_dump())
    session.add(row)
    session.flush()
    if kind in ("age-assessments",):
        for reg in person.registrations:
            _derive_registration(session, person, reg)
    fields = [f for f in spec.identifying if getattr(row, f, None)]
    audit.record(session, actor, "create", spec.model.__tablename__, row.id, fields=fields)
    session.refresh(person)
    return row


def list_children(*, session: Session, actor: Actor, person_id: int, kind: str) -> list[Any]:
    spec = _child_kind(kind)
    person, access = access_to(session, actor, person_id)
    if access < Access.FULL and spec.identifying:
        raise Forbidden(f"{kind} are visible only to the organisation holding the case")
    rows = list(session.scalars(select(spec.model).where(spec.model.person_id == person.id)))
    if spec.identifying and rows:
        audit.record(session, actor, "read", spec.model.__tablename__, person.id,
                     fields=spec.identifying)  # fmt: skip
    return rows


def update_child(
    *, session: Session, actor: Actor, person_id: int, kind: str, child_id: int, data: BaseModel
) -> Any:
    spec = _child_kind(kind)
    person, _ = access_to(session, actor, person_id)
    if not can_write_case(actor, person.organisation_id):
        raise Forbidden("only the organisation holding this case changes it")
    row = session.get(spec.model, child_id)
    if row is None or row.person_id != person.id:
        raise NotFound(f"{kind} {child_id} does not exist for person {person_id}")
    values = data.model_dump(exclude_unset=True)
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    audit.record(session, actor, "update", spec.model.__tablename__, row.id, fields=values.keys())
    return row


def record_decision(
    *, session: Session, actor: Actor, person_id: int, stage: DecisionStage, on: date,
    formal: bool = False,
) -> m.IdentificationDecision:  # fmt: skip
    data = s.DecisionCreate(
        stage=stage, decision_date=on, decided_by_org_id=actor.org_id, formal_identification=formal
    )
    row = add_child(session=session, actor=actor, person_id=person_id, kind="decisions", data=data)
    assert isinstance(row, m.IdentificationDecision)
    return row


def close_registrations(
    *,
    session: Session,
    actor: Actor,
    person_id: int,
    on: date,
    reason: str,
    approved_by: int | None,
) -> None:
    """Mark the person's open registrations closed (a later registration is a re-registration)."""
    person = _load(session, person_id)
    for reg in person.registrations:
        if reg.closed_on is None:
            reg.closed_on, reg.closure_reason, reg.closure_approved_by = on, reason, approved_by
    session.flush()
