"""Referral monitoring indicators (data-model.md d.2), computed from referral states alone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from thb.codes.referral import ReferralScope, ReferralStatus, RejectionReason
from thb.referral.rules import ReferralState


@dataclass(frozen=True)
class ReferralIndicators:
    """Counts and shares for the monitoring report; shares are None when nothing to divide."""

    total: int
    by_status: dict[ReferralStatus, int]
    rejection_reasons: dict[RejectionReason, int]
    median_response_hours: float | None
    within_response_time_share: float | None
    valid_consent_share: float | None
    consent_overrides: int
    transnational: int
    transfers: int


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def referral_indicators(states: Iterable[ReferralState]) -> ReferralIndicators:
    """Sent / accepted / rejected / revoked / expired, reasons, response time, consent, SLA."""
    items = list(states)
    sent = [s for s in items if s.sent_at is not None]
    hours = [
        (s.responded_at - s.sent_at).total_seconds() / 3600
        for s in sent
        if s.responded_at is not None and s.sent_at is not None
    ]
    answered_or_expired = [
        s for s in sent if s.responded_at is not None or s.status is ReferralStatus.EXPIRED
    ]
    in_time = sum(
        1
        for s in answered_or_expired
        if s.responded_at is not None
        and s.response_due_at is not None
        and s.responded_at <= s.response_due_at
    )
    return ReferralIndicators(
        total=len(items),
        by_status={st: sum(1 for s in items if s.status is st) for st in ReferralStatus},
        rejection_reasons=dict(Counter(s.rejection_reason for s in items if s.rejection_reason)),
        median_response_hours=median(hours) if hours else None,
        within_response_time_share=_share(in_time, len(answered_or_expired)),
        valid_consent_share=_share(sum(1 for s in sent if s.consent_id), len(sent)),
        consent_overrides=sum(1 for s in sent if s.consent_override_used),
        transnational=sum(1 for s in items if s.scope is ReferralScope.TRANSNATIONAL),
        transfers=sum(1 for s in items if s.is_transfer),
    )
