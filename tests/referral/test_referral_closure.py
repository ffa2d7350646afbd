"""Case closure (R19): coded reason, supervisor approval, never because proceedings ended."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from thb.codes.referral import ClosureReason
from thb.referral.closure import approve_closure, request_closure
from thb.referral.errors import ReferralInputError

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("reason", list(ClosureReason))
def test_coded_reasons_close_with_a_supervisor(reason: ClosureReason) -> None:
    req = request_closure(reason=reason.value, requested_by="worker-1", now=NOW)
    ok = approve_closure(req, supervisor="sup-2", is_supervisor=True, now=NOW + timedelta(hours=1))
    assert ok.request.reason is reason and ok.approved_by == "sup-2"


@pytest.mark.parametrize(
    "reason",
    [
        "proceedings_ended",
        "criminal proceedings concluded",
        "trial is over",
        "verdict",
        "acquittal",
        "perpetrator convicted",
        "case dismissed",
        "investigation closed",
        "no longer needed as witness",
    ],
)
def test_proceedings_reasons_are_refused_citing_r19(reason: str) -> None:
    with pytest.raises(ReferralInputError, match="R19"):
        request_closure(reason=reason, requested_by="worker-1", now=NOW)


@pytest.mark.parametrize(
    "note",
    [
        "Closing since the trial ended last week",
        "Judgment delivered, nothing more to do",
        "proceedings_have_finished",
    ],
)
def test_note_saying_proceedings_ended_is_refused(note: str) -> None:
    with pytest.raises(ReferralInputError, match="R19"):
        request_closure(
            reason="support_plan_completed", requested_by="worker-1", now=NOW, note=note
        )


def test_note_about_other_matters_is_fine() -> None:
    req = request_closure(
        reason="support_plan_completed",
        requested_by="worker-1",
        now=NOW,
        note="Objectives met; person employed and housed. Proceedings continue, legal aid open.",
    )
    assert req.note.startswith("Objectives")


def test_unknown_reason_and_missing_requester_refused() -> None:
    with pytest.raises(ReferralInputError, match="unknown closure reason"):
        request_closure(reason="bored", requested_by="worker-1", now=NOW)
    with pytest.raises(ReferralInputError, match="requesting worker"):
        request_closure(reason="contact_lost", requested_by=" ", now=NOW)


@pytest.mark.parametrize(
    ("supervisor", "is_sup", "later", "message"),
    [
        ("sup-2", False, 1, "only a supervisor"),
        ("worker-1", True, 1, "must not be its requester"),
        ("", True, 1, "must not be its requester"),
        ("sup-2", True, -1, "predate"),
    ],
)
def test_approval_refusals(supervisor: str, is_sup: bool, later: int, message: str) -> None:
    req = request_closure(reason="contact_lost", requested_by="worker-1", now=NOW)
    with pytest.raises(ReferralInputError, match=message):
        approve_closure(
            req, supervisor=supervisor, is_supervisor=is_sup, now=NOW + timedelta(hours=later)
        )
