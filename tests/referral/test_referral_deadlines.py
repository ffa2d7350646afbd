"""Deadlines: guardian, reflection period, residence permit, information, referral response."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from thb.codes.referral import AlertLevel, InformationItem, TaskType, Urgency
from thb.codes.registry import CitizenshipCategory, ReflectionTermination
from thb.referral.deadlines import (
    ReflectionPolicy,
    ResponsePolicy,
    alert_level,
    extend_for_child,
    guardian_task,
    information_tasks,
    reflection_active,
    reflection_applies,
    reflection_task,
    residence_permit_decision_allowed,
    residence_permit_task,
    response_check,
    response_schedule,
    response_task,
    start_reflection_period,
    terminate_reflection,
)
from thb.referral.errors import ReferralInputError

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)


@pytest.mark.parametrize(
    ("now", "done", "expected"),
    [
        (T0 - 5 * H, None, AlertLevel.OK),
        (T0 - 2 * H, None, AlertLevel.AMBER),
        (T0, None, AlertLevel.RED),
        (T0 + D, None, AlertLevel.RED),
        (T0 + D, T0 + H, AlertLevel.DONE),
    ],
)
def test_alert_level(now: datetime, done: datetime | None, expected: AlertLevel) -> None:
    assert alert_level(T0, now, done_at=done, amber_before=3 * H) is expected


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ReferralInputError, match="timezone-aware"):
        alert_level(T0, datetime(2026, 5, 4), done_at=None, amber_before=H)


# -- guardian ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours_later", "appointed", "expected"),
    [
        (1, False, AlertLevel.OK),
        (13, False, AlertLevel.AMBER),
        (25, False, AlertLevel.RED),
        (72, True, AlertLevel.DONE),
    ],
)
def test_guardian_overdue_is_red(hours_later: int, appointed: bool, expected: AlertLevel) -> None:
    task = guardian_task(
        child_identified_at=T0,
        now=T0 + hours_later * H,
        guardian_appointed_at=T0 + 2 * H if appointed else None,
    )
    assert task.type is TaskType.APPOINT_GUARDIAN
    assert task.due_at == T0 + 24 * H
    assert task.alert is expected


def test_guardian_due_immediately_is_red_at_once() -> None:
    task = guardian_task(child_identified_at=T0, now=T0, within=timedelta(0))
    assert task.alert is AlertLevel.RED


def test_guardian_configured_days_and_negative_refused() -> None:
    task = guardian_task(child_identified_at=T0, now=T0 + 2 * D, within=3 * D)
    assert task.due_at == T0 + 3 * D and task.alert is AlertLevel.OK
    with pytest.raises(ReferralInputError, match="negative"):
        guardian_task(child_identified_at=T0, now=T0, within=-H)


# -- reflection period ---------------------------------------------------------------------

START = date(2026, 5, 4)


@pytest.mark.parametrize("days", [0, 1, 29, -30, 29.9])
def test_reflection_policy_under_30_days_is_refused(days: float) -> None:
    with pytest.raises(ReferralInputError, match="at least 30 days"):
        ReflectionPolicy(days=days)  # type: ignore[arg-type]


@pytest.mark.parametrize("days", [30, 45, 90])
def test_reflection_period_starts_on_reasonable_grounds(days: int) -> None:
    period = start_reflection_period(reasonable_grounds_date=START, policy=ReflectionPolicy(days))
    assert period.start_date == START
    assert period.end_date == START + timedelta(days=days)
    assert reflection_active(period, START)
    assert reflection_active(period, START + timedelta(days=days - 1))
    assert not reflection_active(period, START + timedelta(days=days))
    assert not reflection_active(period, START - D)


@pytest.mark.parametrize(
    ("category", "applies"),
    [
        ("NEU27_2020_FOR", True),
        ("STLS", True),
        ("EU27_2020_FOR", False),
        ("NAT", False),
        (CitizenshipCategory.UNK, False),
    ],
)
def test_reflection_applies_to_third_country_nationals(category: str, applies: bool) -> None:
    assert reflection_applies(category) is applies


POLICY = ReflectionPolicy(days=30, child_extension_max_days=60, permit_decision_days=14)
PERIOD = start_reflection_period(reasonable_grounds_date=START, policy=POLICY)


def test_child_extension() -> None:
    longer = extend_for_child(
        PERIOD, days=30, is_child=True, best_interests_reason="school year", policy=POLICY
    )
    assert longer.end_date == START + timedelta(days=60)
    again = extend_for_child(
        longer, days=30, is_child=True, best_interests_reason="x", policy=POLICY
    )
    assert again.extension_days == 60


@pytest.mark.parametrize(
    ("days", "child", "reason", "message"),
    [
        (30, False, "x", "only a child"),
        (30, True, " ", "best-interests"),
        (61, True, "x", "extension must be"),
        (0, True, "x", "extension must be"),
    ],
)
def test_child_extension_refusals(days: int, child: bool, reason: str, message: str) -> None:
    with pytest.raises(ReferralInputError, match=message):
        extend_for_child(
            PERIOD, days=days, is_child=child, best_interests_reason=reason, policy=POLICY
        )


@pytest.mark.parametrize("reason", list(ReflectionTermination))
def test_termination_for_coded_reasons(reason: ReflectionTermination) -> None:
    on = START + timedelta(days=10)
    ended = terminate_reflection(PERIOD, reason=reason.value, authority="Immigration Office", on=on)
    assert ended.termination_reason is reason
    assert ended.terminated_by == "Immigration Office"
    assert ended.end_date == on
    assert not reflection_active(ended, on)


@pytest.mark.parametrize(
    ("reason", "authority", "on", "message"),
    [
        ("did_not_cooperate", "Police", START + D, "cannot be terminated"),
        ("no_police_report", "Police", START + D, "cannot be terminated"),
        ("public_policy_or_national_security", "", START + D, "authority"),
        ("public_policy_or_national_security", "Court", START - D, "outside the period"),
        ("public_policy_or_national_security", "Court", START + 40 * D, "outside the period"),
    ],
)
def test_termination_refusals(reason: str, authority: str, on: date, message: str) -> None:
    with pytest.raises(ReferralInputError, match=message):
        terminate_reflection(PERIOD, reason=reason, authority=authority, on=on)


def test_ended_period_cannot_be_terminated_or_extended_again() -> None:
    ended = terminate_reflection(
        PERIOD, reason="renewed_contact_with_perpetrators", authority="Court", on=START + D
    )
    with pytest.raises(ReferralInputError, match="already ended"):
        terminate_reflection(
            ended, reason="renewed_contact_with_perpetrators", authority="C", on=START
        )
    with pytest.raises(ReferralInputError, match="already ended"):
        extend_for_child(ended, days=1, is_child=True, best_interests_reason="x", policy=POLICY)


def test_reflection_and_permit_tasks() -> None:
    end = datetime(2026, 6, 3, tzinfo=UTC)
    before = reflection_task(PERIOD, now=end - 10 * D)
    assert before.type is TaskType.REFLECTION_PERIOD_ENDS and before.alert is AlertLevel.OK
    assert reflection_task(PERIOD, now=end - 3 * D).alert is AlertLevel.AMBER
    assert reflection_task(PERIOD, now=end).alert is AlertLevel.DONE
    permit = residence_permit_task(PERIOD, now=end, policy=POLICY)
    assert permit.type is TaskType.RESIDENCE_PERMIT_DECISION
    assert permit.due_at == end + 14 * D and permit.alert is AlertLevel.OK
    assert residence_permit_task(PERIOD, now=end + 15 * D, policy=POLICY).alert is AlertLevel.RED
    decided = residence_permit_task(PERIOD, now=end + 15 * D, policy=POLICY, decided_at=end + D)
    assert decided.alert is AlertLevel.DONE


def test_permit_decision_after_reflection_unless_already_cooperating() -> None:
    inside = START + D
    assert not residence_permit_decision_allowed(PERIOD, today=inside, already_cooperating=False)
    assert residence_permit_decision_allowed(PERIOD, today=inside, already_cooperating=True)
    assert residence_permit_decision_allowed(
        PERIOD, today=PERIOD.end_date, already_cooperating=False
    )
    longer = replace(PERIOD, extension_days=10)
    assert not residence_permit_decision_allowed(
        longer, today=PERIOD.end_date, already_cooperating=False
    )


# -- information duties --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tcn", "items"),
    [
        (False, {"rights", "compensation"}),
        (
            True,
            {"rights", "compensation", "reflection_period", "international_protection", "return"},
        ),
    ],
)
def test_every_registered_victim_gets_rights_and_compensation(tcn: bool, items: set[str]) -> None:
    tasks = information_tasks(registered_at=T0, now=T0, third_country_national=tcn)
    assert {t.detail for t in tasks} == items
    assert all(t.type is TaskType.INFORM_VICTIM and t.due_at == T0 + 3 * D for t in tasks)


def test_information_logged_marks_done_and_missing_turns_red() -> None:
    tasks = information_tasks(
        registered_at=T0,
        now=T0 + 4 * D,
        third_country_national=False,
        given={InformationItem.RIGHTS: T0 + H},
    )
    alerts = {t.detail: t.alert for t in tasks}
    assert alerts == {"rights": AlertLevel.DONE, "compensation": AlertLevel.RED}


def test_unknown_information_item_refused() -> None:
    with pytest.raises(ReferralInputError, match="unknown information item"):
        information_tasks(
            registered_at=T0, now=T0, third_country_national=False, given={"horoscope": T0}
        )


# -- referral response time ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("urgency", "span"),
    [(Urgency.ROUTINE, 5 * D), (Urgency.URGENT, 24 * H), (Urgency.EMERGENCY, 2 * H)],
)
def test_response_schedule_per_urgency(urgency: Urgency, span: timedelta) -> None:
    schedule = response_schedule(sent_at=T0, urgency=urgency)
    assert schedule.due_at == T0 + span
    assert schedule.reminder_times == (T0 + span * 0.5, T0 + span * 0.8)


@pytest.mark.parametrize(
    ("hours", "reminders", "expired", "alert"),
    [
        (1, 0, False, AlertLevel.OK),
        (12, 1, False, AlertLevel.AMBER),
        (20, 2, False, AlertLevel.AMBER),
        (24, 2, True, AlertLevel.RED),
        (30, 2, True, AlertLevel.RED),
    ],
)
def test_response_check(hours: int, reminders: int, expired: bool, alert: AlertLevel) -> None:
    schedule = response_schedule(sent_at=T0, urgency="urgent")
    check = response_check(schedule, now=T0 + hours * H)
    assert len(check.reminders_due) == reminders
    assert check.expired is expired
    assert check.alert is alert


def test_answered_referral_never_expires() -> None:
    schedule = response_schedule(sent_at=T0, urgency="urgent")
    check = response_check(schedule, now=T0 + 9 * D, responded_at=T0 + H)
    assert check == type(check)(reminders_due=(), expired=False, alert=AlertLevel.DONE)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"response_time": {Urgency.ROUTINE: D}},
        {"response_time": {u: timedelta(0) for u in Urgency}},
        {"reminder_fractions": (0.5, 1.0)},
        {"reminder_fractions": (0.0,)},
    ],
)
def test_bad_response_policy_refused(kwargs: dict) -> None:
    with pytest.raises(ReferralInputError):
        ResponsePolicy(**kwargs)


def test_response_task_for_the_receiver_dashboard() -> None:
    schedule = response_schedule(sent_at=T0, urgency=Urgency.ROUTINE)
    task = response_task(schedule, now=T0 + 3 * D)
    assert task.type is TaskType.REFERRAL_RESPONSE
    assert task.due_at == T0 + 5 * D and task.alert is AlertLevel.AMBER
    assert task.detail == "1 reminder(s) due"
    assert response_task(schedule, now=T0 + 6 * D).alert is AlertLevel.RED
    done = response_task(schedule, now=T0 + 6 * D, responded_at=T0 + D)
    assert done.alert is AlertLevel.DONE and done.done_at == T0 + D
