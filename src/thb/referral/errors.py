"""Referral-domain exceptions, on top of the shared `thb.errors` so they map to problem+json."""

from __future__ import annotations

from thb.errors import ConsentMissing, DomainError, InvalidInput, InvalidTransition

__all__ = [
    "ConsentMissing",
    "CooperationConditionError",
    "InvalidTransition",
    "PackageError",
    "ReferralInputError",
    "UnknownIndicator",
]


class ReferralInputError(InvalidInput, ValueError):
    """Bad referral-domain input (an unknown code, a too-short period, a missing authority)."""


class UnknownIndicator(ReferralInputError):
    """An indicator id that no selected checklist holds."""


class CooperationConditionError(ReferralInputError):
    """A configuration or rule that would make assistance depend on cooperation (rule R2)."""


class PackageError(DomainError, ValueError):
    """A transnational package that must not be trusted: tampered, misaddressed, stale, replayed."""
