"""Referral monitoring indicators from a small, hand-checked set of referrals."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from thb.codes.referral import ReferralScope, ReferralStatus, RejectionReason
from thb.referral.monitoring import referral_indicators
from thb.referral.rules import ReferralState

T0 = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
SENT = ReferralState(
    status=ReferralStatus.SENT, sent_at=T0, response_due_at=T0 + 24 * H, consent_id="c"
)


def test_indicators_hand_checked() -> None:
    states = [
        ReferralState(),  # a draft
        replace(SENT, status=ReferralStatus.ACCEPTED, responded_at=T0 + 2 * H),
        replace(
            SENT,
            status=ReferralStatus.REJECTED,
            responded_at=T0 + 30 * H,
            rejection_reason=RejectionReason.NO_CAPACITY,
        ),
        replace(SENT, status=ReferralStatus.EXPIRED),
        replace(
            SENT,
            consent_id=None,
            consent_override_used=True,
            scope=ReferralScope.TRANSNATIONAL,
            is_transfer=True,
        ),
    ]
    got = referral_indicators(states)
    assert got.total == 5
    assert got.by_status[ReferralStatus.DRAFT] == 1
    assert got.by_status[ReferralStatus.SENT] == 1
    assert got.by_status[ReferralStatus.COMPLETED] == 0
    assert got.rejection_reasons == {RejectionReason.NO_CAPACITY: 1}
    assert got.median_response_hours == 16.0
    assert got.within_response_time_share == 1 / 3
    assert got.valid_consent_share == 3 / 4
    assert got.consent_overrides == 1
    assert got.transnational == 1 and got.transfers == 1


def test_empty_input_gives_no_shares() -> None:
    got = referral_indicators([])
    assert got.total == 0
    assert got.median_response_hours is None
    assert got.within_response_time_share is None
    assert got.valid_consent_share is None
