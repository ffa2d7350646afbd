"""Deadlines dashboard and referral-mechanism monitoring, computed from the records (never stored)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from thb.codes.referral import ASSISTANCE_REASONS, AlertLevel, ReferralStatus, TaskType
from thb.codes.registry import AgeGroup, DecisionStage
from thb.db import aware, utcnow
from thb.referral import deadlines
from thb.referral.models import InformationGiven, Referral
from thb.referral.monitoring import referral_indicators
from thb.referral.service import state_of
from thb.registry import models as rm
from thb.registry import rules as registry_rules
from thb.security.models import Organisation
from thb.security.roles import Actor, Role

RECENT = timedelta(days=365)  # deadlines watch cases registered in the last year
ALERT_ORDER = {AlertLevel.RED: 0, AlertLevel.AMBER: 1, AlertLevel.OK: 2, AlertLevel.DONE: 3}


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass(frozen=True)
class DashboardTask:
    """A deadline on one case, by pseudonymous reference."""

    person_id: int | None  # None for a referral received from another installation
    case_ref: str
    task: deadlines.Task


def _scoped_persons(session: Session, actor: Actor, since: date) -> list[rm.Person]:
    query = (
        select(rm.Person).join(rm.Registration).where(rm.Registration.registration_date >= since)
    )
    if actor.role == Role.COORDINATOR:
        query = query.where(rm.Registration.reporting_country == actor.country)
    else:
        query = query.where(rm.Person.organisation_id == actor.org_id)
    return list(session.scalars(query).unique())


def _first_grounds(person: rm.Person) -> date | None:
    dates = [d.decision_date for d in person.decisions if d.stage != DecisionStage.NEGATIVE]
    return min(dates) if dates else None


def person_tasks(session: Session, person: rm.Person, now: datetime) -> list[deadlines.Task]:
    """Guardian, reflection period, permit and information tasks of one case."""
    reg = person.registrations[0]
    grounds = _first_grounds(person)
    tasks: list[deadlines.Task] = []
    if reg.age_group == AgeGroup.CHILD and grounds is not None:
        guardians = session.scalars(
            select(rm.Guardianship).where(rm.Guardianship.person_id == person.id)
        )
        appointed = min((aware(g.appointed_at) for g in guardians), default=None)
        tasks.append(deadlines.guardian_task(child_identified_at=day_start(grounds), now=now,
                                             guardian_appointed_at=appointed))  # fmt: skip
    for p in session.scalars(
        select(rm.ReflectionPeriod).where(rm.ReflectionPeriod.person_id == person.id)
    ):
        period = deadlines.ReflectionPeriod(
            p.start_date, p.planned_end_date, actual_end_date=p.actual_end_date
        )
        tasks.append(deadlines.reflection_task(period, now=now))
        tasks.append(
            deadlines.residence_permit_task(period, now=now, policy=deadlines.ReflectionPolicy())
        )
    if grounds is not None:
        given = {g.item: aware(g.given_at) for g in session.scalars(
            select(InformationGiven).where(InformationGiven.person_id == person.id))}  # fmt: skip
        tcn = registry_rules.is_third_country_national(person.citizenships, person.stateless)
        tasks += deadlines.information_tasks(registered_at=day_start(reg.registration_date), now=now,
                                             third_country_national=tcn, given=given)  # fmt: skip
    return tasks


def open_deadlines(
    *, session: Session, actor: Actor, now: datetime | None = None
) -> list[DashboardTask]:
    """Every open deadline in the actor's scope, most urgent first."""
    now = now or utcnow()
    found = [
        DashboardTask(p.id, p.case_ref, t)
        for p in _scoped_persons(session, actor, (now - RECENT).date())
        for t in person_tasks(session, p, now)
        if t.alert != AlertLevel.DONE
    ]
    found += _response_deadlines(session, actor, now)
    return sorted(found, key=lambda d: (ALERT_ORDER[d.task.alert], d.task.due_at))


def _response_deadlines(session: Session, actor: Actor, now: datetime) -> list[DashboardTask]:
    query = select(Referral).where(
        Referral.receiver_org_id == actor.org_id, Referral.status == ReferralStatus.SENT
    )
    out = []
    for ref in session.scalars(query):
        if ref.sent_at is None or ref.response_due_at is None:
            continue
        due = aware(ref.response_due_at)
        person = session.get(rm.Person, ref.person_id) if ref.person_id else None
        reference = person.case_ref if person else f"{ref.origin_country} #{ref.id}"
        task = deadlines.Task(type=TaskType.REFERRAL_RESPONSE, title="Accept or decline the referral", due_at=due,
                              alert=deadlines.alert_level(due, now, done_at=None, amber_before=timedelta(hours=12)))  # fmt: skip
        out.append(DashboardTask(ref.person_id, reference, task))
    return out


def monitoring(*, session: Session, actor: Actor, now: datetime | None = None) -> dict[str, Any]:
    """The referral-mechanism indicators of data-model.md d.2 for the coordinator's country."""
    now = now or utcnow()
    orgs = {o.id: o for o in session.scalars(select(Organisation))}
    refs = [r for r in session.scalars(select(Referral)) if actor.country in _countries(r, orgs)]
    indicators = referral_indicators(state_of(r) for r in refs)
    pairs = Counter(
        f"{_origin(r, orgs)}→{r.destination_country}" for r in refs if r.scope == "transnational"
    )
    periods = list(session.scalars(
        select(rm.ReflectionPeriod).join(rm.Registration, rm.Registration.person_id == rm.ReflectionPeriod.person_id)
        .where(rm.Registration.reporting_country == actor.country)))  # fmt: skip
    lengths = [((p.actual_end_date or p.planned_end_date) - p.start_date).days for p in periods]
    return {
        "referrals": {
            "total": indicators.total,
            "by_status": {k.value: v for k, v in indicators.by_status.items()},
            "rejection_reasons": {str(k): v for k, v in indicators.rejection_reasons.items()},
            "median_response_hours": indicators.median_response_hours,
            "within_response_time_share": indicators.within_response_time_share,
            "valid_consent_share": indicators.valid_consent_share,
            "consent_overrides": indicators.consent_overrides,
            "transfers": indicators.transfers,
        },
        "transnational_by_country_pair": dict(pairs),
        "reflection_periods": {
            "granted": len(periods),
            "median_days": median(lengths) if lengths else None,
        },
        "guardians": _guardian_delays(session, actor),
        "assistance": _assistance_without_cooperation(session, refs),
        "open_deadlines": Counter(
            d.task.alert.value for d in open_deadlines(session=session, actor=actor, now=now)
        ),
    }


def _origin(ref: Referral, orgs: dict[int, Organisation]) -> str | None:
    return orgs[ref.sender_org_id].country if ref.sender_org_id else ref.origin_country


def _countries(ref: Referral, orgs: dict[int, Organisation]) -> set[str | None]:
    return {
        _origin(ref, orgs),
        orgs[ref.receiver_org_id].country if ref.receiver_org_id else ref.destination_country,
    }


def _assistance_without_cooperation(session: Session, refs: list[Referral]) -> dict[str, Any]:
    """R2 compliance proxy: how many assisted victims do not cooperate with the authorities."""
    assisted = {r.person_id for r in refs if r.person_id and r.reason in ASSISTANCE_REASONS
                and r.status in (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED)}  # fmt: skip
    cooperating = set(session.scalars(select(rm.CriminalProceeding.victim_person_id).where(
        rm.CriminalProceeding.victim_cooperates.is_(True))))  # fmt: skip
    without = len(assisted - cooperating)
    return {"assisted": len(assisted), "not_cooperating": without,
            "not_cooperating_share": without / len(assisted) if assisted else None}  # fmt: skip


def _guardian_delays(session: Session, actor: Actor) -> dict[str, Any]:
    """Children in the country: share with a guardian and median hours from grounds to appointment."""
    query = (select(rm.Person).join(rm.Registration)
             .where(rm.Registration.reporting_country == actor.country, rm.Registration.age_group == AgeGroup.CHILD))  # fmt: skip
    children = list(session.scalars(query).unique())
    delays = []
    with_guardian = 0
    for child in children:
        appointed = [aware(g.appointed_at) for g in session.scalars(
            select(rm.Guardianship).where(rm.Guardianship.person_id == child.id))]  # fmt: skip
        grounds = _first_grounds(child)
        if appointed:
            with_guardian += 1
            if grounds is not None:
                delays.append((min(appointed) - day_start(grounds)).total_seconds() / 3600)
    return {
        "children": len(children),
        "with_guardian_share": with_guardian / len(children) if children else None,
        "median_hours_to_guardian": median(delays) if delays else None,
    }
