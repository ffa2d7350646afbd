"""Intake: screen with indicator checklists, register, and open the clocks that reasonable grounds start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from thb.codes.referral import InformationItem
from thb.codes.registry import DecisionStage
from thb.db import utcnow
from thb.errors import Forbidden
from thb.referral import checklists, deadlines
from thb.referral.models import InformationGiven, Screening
from thb.referral.schemas import IntakeCreate
from thb.registry import models as rm
from thb.registry import rules as registry_rules
from thb.registry import schemas as rs
from thb.registry import service as registry
from thb.security import audit
from thb.security.permissions import can_write_case
from thb.security.roles import Actor


@dataclass(frozen=True)
class IntakeResult:
    person: rm.Person
    suggestion: checklists.Suggestion
    reflection_period: rm.ReflectionPeriod | None


def register_from_intake(
    *, session: Session, actor: Actor, data: IntakeCreate, reflection_days: int = 30,
    now: datetime | None = None,
) -> IntakeResult:  # fmt: skip
    """Assess the checklist (a suggestion only), register the person, and if the professional
    records reasonable grounds, start the reflection period for third-country nationals (R1, R9)."""
    now = now or utcnow()
    policy = deadlines.ReflectionPolicy(days=reflection_days)  # refuses < 30 days
    suggestion = checklists.assess(data.checklist_ids, data.observed)
    registered_on = (data.registration_date or now).date()
    fields = data.model_dump(include=set(rs.PersonFields.model_fields))
    stage = DecisionStage.REASONABLE_GROUNDS if data.record_reasonable_grounds else None
    person_data = rs.PersonCreate(**fields, registration_date=registered_on, initial_decision=stage)
    person = registry.register_victim(session=session, actor=actor, data=person_data, now=now)
    session.add(Screening(
        person_id=person.id, organisation_id=actor.org_id, checklist_ids=list(suggestion.checklist_ids),
        observed=list(data.observed), suggested_reasonable_grounds=suggestion.reasonable_grounds_suggested,
        reasonable_grounds_recorded=data.record_reasonable_grounds, screened_at=now,
    ))  # fmt: skip
    period = None
    third_country = registry_rules.is_third_country_national(person.citizenships, person.stateless)
    if data.record_reasonable_grounds and third_country:
        period = start_reflection_period(session, actor, person, registered_on, policy)
    session.flush()
    audit.record(session, actor, "screened", "person", person.id, now=now)
    return IntakeResult(person, suggestion, period)


def start_reflection_period(
    session: Session,
    actor: Actor,
    person: rm.Person,
    start: date,
    policy: deadlines.ReflectionPolicy,
) -> rm.ReflectionPeriod:
    period = deadlines.start_reflection_period(reasonable_grounds_date=start, policy=policy)
    row = rm.ReflectionPeriod(
        person_id=person.id, start_date=period.start_date, planned_end_date=period.planned_end_date,
        legal_basis=period.legal_basis,
    )  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, "ReflectionPeriodStarted", "reflection_period", row.id)
    return row


def log_information_given(
    *, session: Session, actor: Actor, person_id: int, item: str, language: str | None = None,
    interpreter_used: bool = False, now: datetime | None = None,
) -> InformationGiven:  # fmt: skip
    """Log that the person was told their rights (or compensation, reflection, return ...)."""
    person, _ = registry.access_to(session, actor, person_id)
    if not can_write_case(actor, person.organisation_id):
        raise Forbidden("only the organisation holding the case logs information given")
    row = InformationGiven(person_id=person.id, item=InformationItem(item), given_at=now or utcnow(),
                           language=language, interpreter_used=interpreter_used)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, "InformationGiven", "person", person.id, purpose=str(item))
    return row
