"""Deadlines as pure functions: tasks with due dates and alert levels at a given `now`.

Guardian for a child (R6), reflection and recovery period (R9-R11), residence-permit decision
(R13), information on rights and compensation (R17, R18), referral response times. Datetimes must
be timezone-aware; the clock is always an argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from thb.codes.referral import AlertLevel, InformationItem, TaskType, Urgency
from thb.codes.registry import CitizenshipCategory, ReflectionTermination
from thb.i18n import N_
from thb.referral.errors import ReferralInputError

MIN_REFLECTION_DAYS = 30


@dataclass(frozen=True)
class Task:
    """A deadline to show on a dashboard; `alert` is computed for the `now` it was made at."""

    type: TaskType
    title: str
    due_at: datetime
    alert: AlertLevel
    done_at: datetime | None = None
    detail: str = ""


def _aware(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ReferralInputError(f"{name} must be a timezone-aware datetime, got {value!r}")
    return value


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def alert_level(
    due_at: datetime, now: datetime, *, done_at: datetime | None, amber_before: timedelta
) -> AlertLevel:
    """Done, red from the due time on, amber within `amber_before` of it, else ok."""
    _aware(due_at, "due_at")
    _aware(now, "now")
    if done_at is not None:
        return AlertLevel.DONE
    if now >= due_at:
        return AlertLevel.RED
    return AlertLevel.AMBER if now >= due_at - amber_before else AlertLevel.OK


# -- guardian (R6) ---------------------------------------------------------------------------


def guardian_task(
    *,
    child_identified_at: datetime,
    now: datetime,
    guardian_appointed_at: datetime | None = None,
    within: timedelta = timedelta(hours=24),
    amber_before: timedelta = timedelta(hours=12),
) -> Task:
    """A guardian is due from the moment a (presumed) child is identified; overdue is red."""
    _aware(child_identified_at, "child_identified_at")
    if within < timedelta(0):
        raise ReferralInputError(f"guardian deadline must not be negative, got {within}")
    due = child_identified_at + within
    return Task(
        type=TaskType.APPOINT_GUARDIAN,
        title=N_("Appoint a guardian or representative for the child"),
        due_at=due,
        alert=alert_level(due, now, done_at=guardian_appointed_at, amber_before=amber_before),
        done_at=guardian_appointed_at,
    )


# -- reflection and recovery period (R9-R11, R13) --------------------------------------------


@dataclass(frozen=True)
class ReflectionPolicy:
    """National parameters; never under 30 days (CoE Art 13), whatever the configuration says."""

    days: int = MIN_REFLECTION_DAYS
    child_extension_max_days: int = 0
    permit_decision_days: int = 30

    def __post_init__(self) -> None:
        if not isinstance(self.days, int) or self.days < MIN_REFLECTION_DAYS:
            raise ReferralInputError(
                f"reflection period must be at least {MIN_REFLECTION_DAYS} days, got {self.days!r}"
            )
        if self.child_extension_max_days < 0 or self.permit_decision_days < 0:
            raise ReferralInputError("extension and permit-decision days must not be negative")


@dataclass(frozen=True)
class ReflectionPeriod:
    """A running or ended period; active on days start_date <= d < end date."""

    start_date: date
    planned_end_date: date
    extension_days: int = 0
    extension_reason: str = ""
    actual_end_date: date | None = None
    termination_reason: ReflectionTermination | None = None
    terminated_by: str | None = None
    legal_basis: str = "2004/81 Art 6; CoE Art 13"

    @property
    def end_date(self) -> date:
        """The day the period stops: actual end if terminated, else planned end + extension."""
        if self.actual_end_date is not None:
            return self.actual_end_date
        return self.planned_end_date + timedelta(days=self.extension_days)


def reflection_applies(citizenship: CitizenshipCategory | str) -> bool:
    """Third-country nationals and stateless persons get a reflection period (2004/81)."""
    cat = CitizenshipCategory(citizenship)
    return cat in {CitizenshipCategory.NEU27_2020_FOR, CitizenshipCategory.STLS}


def start_reflection_period(
    *, reasonable_grounds_date: date, policy: ReflectionPolicy
) -> ReflectionPeriod:
    """The period starts on reasonable grounds, for the national length."""
    return ReflectionPeriod(
        start_date=reasonable_grounds_date,
        planned_end_date=reasonable_grounds_date + timedelta(days=policy.days),
    )


def extend_for_child(
    period: ReflectionPeriod,
    *,
    days: int,
    is_child: bool,
    best_interests_reason: str,
    policy: ReflectionPolicy,
) -> ReflectionPeriod:
    """Extend for a child in the child's best interests (R11), within the national maximum."""
    if not is_child:
        raise ReferralInputError("only a child's reflection period may be extended")
    if not best_interests_reason.strip():
        raise ReferralInputError("an extension needs the child's best-interests reason")
    if period.actual_end_date is not None:
        raise ReferralInputError("the reflection period has already ended")
    total = period.extension_days + days
    if days <= 0 or total > policy.child_extension_max_days:
        raise ReferralInputError(
            f"extension must be 1..{policy.child_extension_max_days - period.extension_days} days,"
            f" got {days}"
        )
    return replace(period, extension_days=total, extension_reason=best_interests_reason)


def terminate_reflection(
    period: ReflectionPeriod,
    *,
    reason: ReflectionTermination | str,
    authority: str,
    on: date,
) -> ReflectionPeriod:
    """End early only for a coded reason (2004/81 Art 6(4)), with authority and date."""
    try:
        coded = ReflectionTermination(reason)
    except ValueError:
        allowed = ", ".join(r.value for r in ReflectionTermination)
        raise ReferralInputError(
            f"reflection period cannot be terminated for {reason!r}; allowed: {allowed}"
        ) from None
    if not authority or not authority.strip():
        raise ReferralInputError("termination needs the deciding authority")
    if period.actual_end_date is not None:
        raise ReferralInputError("the reflection period has already ended")
    if not period.start_date <= on < period.end_date:
        raise ReferralInputError(
            f"termination date {on} is outside the period {period.start_date}..{period.end_date}"
        )
    return replace(period, actual_end_date=on, termination_reason=coded, terminated_by=authority)


def reflection_active(period: ReflectionPeriod, today: date) -> bool:
    """While true, no expulsion order may be enforced and return referrals are restricted (R10)."""
    return period.start_date <= today < period.end_date


def reflection_task(
    period: ReflectionPeriod, *, now: datetime, amber_before: timedelta = timedelta(days=7)
) -> Task:
    """Watch the end of the period so the next step (permit decision) is prepared in time."""
    due = _start_of(period.end_date)
    done = due if now >= due else None
    return Task(
        type=TaskType.REFLECTION_PERIOD_ENDS,
        title=N_("Reflection and recovery period ends"),
        due_at=due,
        alert=alert_level(due, now, done_at=done, amber_before=amber_before),
        done_at=done,
    )


def residence_permit_task(
    period: ReflectionPeriod,
    *,
    now: datetime,
    policy: ReflectionPolicy,
    decided_at: datetime | None = None,
    amber_before: timedelta = timedelta(days=7),
) -> Task:
    """The 2004/81 permit decision falls due after the reflection period ends (R13)."""
    due = _start_of(period.end_date) + timedelta(days=policy.permit_decision_days)
    return Task(
        type=TaskType.RESIDENCE_PERMIT_DECISION,
        title=N_("Decide on the residence permit for victims (2004/81)"),
        due_at=due,
        alert=alert_level(due, now, done_at=decided_at, amber_before=amber_before),
        done_at=decided_at,
    )


def residence_permit_decision_allowed(
    period: ReflectionPeriod, *, today: date, already_cooperating: bool
) -> bool:
    """Only after reflection ends, or earlier if already cooperating (the 2004/81 exception)."""
    return already_cooperating or not reflection_active(period, today)


# -- information duties (R9, R17, R18) -------------------------------------------------------

INFORMATION_TITLES = {
    InformationItem.RIGHTS: N_("Inform the person of their rights"),
    InformationItem.COMPENSATION: N_("Inform the person about compensation"),
    InformationItem.REFLECTION_PERIOD: N_("Inform the person of the reflection period"),
    InformationItem.INTERNATIONAL_PROTECTION: N_(
        "Inform the person about international protection"
    ),
    InformationItem.RETURN: N_("Inform the person about voluntary return"),
}


def information_items(*, third_country_national: bool) -> tuple[InformationItem, ...]:
    """Rights and compensation for every registered victim; migration items for non-EU."""
    base = (InformationItem.RIGHTS, InformationItem.COMPENSATION)
    if not third_country_national:
        return base
    return base + (
        InformationItem.REFLECTION_PERIOD,
        InformationItem.INTERNATIONAL_PROTECTION,
        InformationItem.RETURN,
    )


def information_tasks(
    *,
    registered_at: datetime,
    now: datetime,
    third_country_national: bool,
    given: Mapping[InformationItem | str, datetime] | None = None,
    within: timedelta = timedelta(days=3),
    amber_before: timedelta = timedelta(days=1),
) -> list[Task]:
    """One task per information item, done once the giving is logged."""
    _aware(registered_at, "registered_at")
    logged: dict[InformationItem, datetime] = {}
    for key, at in (given or {}).items():
        try:
            logged[InformationItem(key)] = _aware(at, f"given[{key}]")
        except ValueError:
            raise ReferralInputError(f"unknown information item {key!r}") from None
    due = registered_at + within
    return [
        Task(
            type=TaskType.INFORM_VICTIM,
            title=INFORMATION_TITLES[item],
            due_at=due,
            alert=alert_level(due, now, done_at=logged.get(item), amber_before=amber_before),
            done_at=logged.get(item),
            detail=item.value,
        )
        for item in information_items(third_country_national=third_country_national)
    ]


# -- referral response time ------------------------------------------------------------------


@dataclass(frozen=True)
class ResponsePolicy:
    """How long a receiver has to answer, per urgency; reminders at fractions of that time."""

    response_time: Mapping[Urgency, timedelta] = field(
        default_factory=lambda: {
            Urgency.ROUTINE: timedelta(days=5),
            Urgency.URGENT: timedelta(hours=24),
            Urgency.EMERGENCY: timedelta(hours=2),
        }
    )
    reminder_fractions: tuple[float, ...] = (0.5, 0.8)

    def __post_init__(self) -> None:
        missing = [u.value for u in Urgency if u not in self.response_time]
        if missing:
            raise ReferralInputError(f"response time missing for urgency {', '.join(missing)}")
        bad = [f"{u}={t}" for u, t in self.response_time.items() if t <= timedelta(0)]
        if bad:
            raise ReferralInputError(f"response times must be positive: {', '.join(bad)}")
        if any(not 0 < f < 1 for f in self.reminder_fractions):
            raise ReferralInputError("reminder fractions must lie strictly between 0 and 1")


@dataclass(frozen=True)
class ResponseSchedule:
    """When a sent referral must be answered, and when to remind the receiver."""

    sent_at: datetime
    due_at: datetime
    reminder_times: tuple[datetime, ...]


@dataclass(frozen=True)
class ResponseCheck:
    """The schedule read at one moment: reminders already due, expiry, alert."""

    reminders_due: tuple[datetime, ...]
    expired: bool
    alert: AlertLevel


def response_schedule(
    *, sent_at: datetime, urgency: Urgency | str, policy: ResponsePolicy | None = None
) -> ResponseSchedule:
    """Due time and reminder times of a referral sent at `sent_at`."""
    _aware(sent_at, "sent_at")
    pol = policy or ResponsePolicy()
    span = pol.response_time[Urgency(urgency)]
    reminders = tuple(sorted(sent_at + span * f for f in pol.reminder_fractions))
    return ResponseSchedule(sent_at=sent_at, due_at=sent_at + span, reminder_times=reminders)


def response_check(
    schedule: ResponseSchedule, *, now: datetime, responded_at: datetime | None = None
) -> ResponseCheck:
    """Which reminders are due and whether the referral has expired at `now`."""
    _aware(now, "now")
    if responded_at is not None:
        return ResponseCheck(reminders_due=(), expired=False, alert=AlertLevel.DONE)
    due = tuple(t for t in schedule.reminder_times if t <= now)
    first = schedule.reminder_times[0] if schedule.reminder_times else schedule.due_at
    alert = alert_level(schedule.due_at, now, done_at=None, amber_before=schedule.due_at - first)
    return ResponseCheck(reminders_due=due, expired=now >= schedule.due_at, alert=alert)


def response_task(
    schedule: ResponseSchedule, *, now: datetime, responded_at: datetime | None = None
) -> Task:
    """The receiver's task to answer a referral, red once the response time has passed."""
    check = response_check(schedule, now=now, responded_at=responded_at)
    return Task(
        type=TaskType.REFERRAL_RESPONSE,
        title=N_("Accept or decline the referral"),
        due_at=schedule.due_at,
        alert=check.alert,
        done_at=responded_at,
        detail=f"{len(check.reminders_due)} reminder(s) due",
    )
