"""Load a synthetic registry into the database (demo, training, tests): all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from thb.registry import models as m
from thb.registry import rules
from thb.registry.service import derive_registration, set_identifying
from thb.security import audit
from thb.security.models import Organisation
from thb.security.roles import Actor
from thb.synth.registry import SyntheticRegistry

GENDER_OF_SEX = {"F": "Feminine", "M": "Masculine"}


@dataclass(frozen=True)
class Loaded:
    organisations: int
    persons: int
    perpetrators: int
    proceedings: int


def _organisations(session: Session, reg: SyntheticRegistry) -> dict[str, Organisation]:
    """Reuse organisations of the same name, create the others."""
    by_key: dict[str, Organisation] = {}
    for row in reg.organisations.itertuples():
        org = session.scalar(select(Organisation).where(Organisation.org_name == row.name))
        if org is None:
            org = Organisation(
                org_name=row.name, org_type=row.org_type, country=row.country,
                nrm_roles=[row.nrm_role], is_focal_point=bool(row.is_focal_point),
            )  # fmt: skip
            session.add(org)
        by_key[str(row.org_key)] = org
    session.flush()
    return by_key


def _grouped(frame, key: str) -> dict[str, list]:
    groups: dict[str, list] = {}
    for row in frame.itertuples():
        groups.setdefault(getattr(row, key), []).append(row)
    return groups


def _person(row, org: Organisation) -> m.Person:
    citizenships = [c for c in str(row.citizenships or "").split("|") if c]
    person = m.Person(
        organisation_id=org.id, case_ref=rules.provisional_reference(),
        birth_date_estimated=bool(row.birth_date_estimated),
        gender=GENDER_OF_SEX.get(row.sex, "NonSpecifiedUnknown"), sex_stat=row.sex,
        citizenships=citizenships, stateless=False, migration_status=row.migration_status,
    )  # fmt: skip
    set_identifying(person, {"first_name": row.given_name or None,
                             "second_name": row.family_name or None,
                             "birth_date": row.birth_date,
                             "identity_number": row.identity_number or None})  # fmt: skip
    return person


def load(session: Session, reg: SyntheticRegistry, *, chunk: int = 2000) -> Loaded:
    """Insert organisations, one person per registration record, and the criminal-justice data."""
    orgs = _organisations(session, reg)
    decisions = _grouped(reg.decisions, "record_key")
    episodes = _grouped(reg.exploitation, "record_key")
    events = _grouped(reg.trafficking_events, "record_key")
    count = 0
    for start in range(0, len(reg.registrations), chunk):
        batch = list(reg.registrations.iloc[start : start + chunk].itertuples())
        persons = [_person(row, orgs[str(row.org_key)]) for row in batch]
        session.add_all(persons)
        session.flush()
        for row, person in zip(batch, persons, strict=True):
            _children(session, row, person, orgs, decisions, episodes, events)
        count += len(batch)
        session.flush()
    perpetrators, proceedings = _criminal_justice(session, reg, orgs)
    audit.record(session, Actor.system("synth"), "load", "synthetic_registry", None,
                 purpose=f"{count} synthetic registrations")  # fmt: skip
    return Loaded(len(orgs), count, perpetrators, proceedings)


def _children(session, row, person, orgs, decisions, episodes, events) -> None:  # type: ignore[no-untyped-def]
    person.case_ref = rules.case_reference(
        row.reporting_country, row.registration_date.year, person.id
    )
    registration = m.Registration(
        person_id=person.id, organisation_id=person.organisation_id,
        reporting_country=row.reporting_country, registration_date=row.registration_date,
    )  # fmt: skip
    derive_registration(registration, person, None)
    session.add(registration)
    for d in decisions.get(row.record_key, []):
        session.add(m.IdentificationDecision(
            person_id=person.id, stage=d.stage, decision_date=d.decision_date,
            decided_by_org_id=orgs[d.org_key].id, formal_identification=bool(d.formal)))  # fmt: skip
    for e in episodes.get(row.record_key, []):
        session.add(m.ExploitationEpisode(
            person_id=person.id, form=e.form, industry=e.industry or None,
            country=e.country or None, online_component=bool(e.online),
            start_date=e.start_date, is_primary=bool(e.primary)))  # fmt: skip
    for t in events.get(row.record_key, []):
        session.add(m.TraffickingEvent(person_id=person.id, event_type=t.type,
                                       country=t.country, event_date=t.date))  # fmt: skip


def _focal_points(orgs: Iterable[Organisation]) -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    for org in orgs:
        if org.is_focal_point or org.country not in found:
            found[org.country] = org
    return found


def _criminal_justice(
    session: Session, reg: SyntheticRegistry, orgs: dict[str, Organisation]
) -> tuple[int, int]:
    owner = _focal_points(orgs.values())
    perpetrators: dict[str, m.Perpetrator] = {}
    for row in reg.perpetrators.itertuples():
        org = owner.get(str(row.country))
        if org is None:
            continue
        perpetrators[str(row.perpetrator_key)] = m.Perpetrator(
            organisation_id=org.id, country=row.country, sex_stat=row.sex,
            citizenship=row.citizenship or None, legal_person=bool(row.legal_person),
        )  # fmt: skip
    session.add_all(perpetrators.values())
    session.flush()
    count = 0
    for row in reg.proceedings.itertuples():
        perp = perpetrators.get(str(row.perpetrator_key))
        if perp is None:
            continue
        session.add(m.CriminalProceeding(
            perpetrator_id=perp.id, organisation_id=perp.organisation_id, country=row.country,
            year=int(str(row.year)), leg_stat=row.leg_stat, exploitation_form=row.form,
            outcome=row.outcome))  # fmt: skip
        count += 1
    session.flush()
    return len(perpetrators), count
