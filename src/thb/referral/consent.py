"""Consent gate for onward disclosure (R3, R20): purpose-specific, not withdrawn, right receiver."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from thb.codes.registry import ConsentPurpose


@dataclass(frozen=True)
class ConsentFacts:
    """What the guard needs to know about one recorded consent (no personal data)."""

    consent_id: str
    purpose: ConsentPurpose
    given_at: datetime
    withdrawn_at: datetime | None = None
    receiving_org: str | None = None


@dataclass(frozen=True)
class ConsentCheck:
    """The verdict: the consent that covers the disclosure, or why none does."""

    consent_id: str | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when a consent covers the disclosure."""
        return self.consent_id is not None


def _problem(c: ConsentFacts, purpose: ConsentPurpose, org: str | None, now: datetime) -> str:
    if c.purpose != purpose:
        return f"consent {c.consent_id} is for {c.purpose.value}, not {purpose.value}"
    if c.given_at > now:
        return f"consent {c.consent_id} is dated after now"
    if c.withdrawn_at is not None and c.withdrawn_at <= now:
        return f"consent {c.consent_id} was withdrawn"
    if c.receiving_org is not None and c.receiving_org != org:
        return f"consent {c.consent_id} names another receiving organisation"
    return ""


def check_consent(
    consents: Iterable[ConsentFacts],
    *,
    purpose: ConsentPurpose,
    receiving_org: str | None,
    now: datetime,
) -> ConsentCheck:
    """Find a consent for `purpose`, valid at `now`, covering `receiving_org` if it names one."""
    problems: list[str] = []
    for c in consents:
        why = _problem(c, ConsentPurpose(purpose), receiving_org, now)
        if not why:
            return ConsentCheck(consent_id=c.consent_id, problems=())
        problems.append(why)
    return ConsentCheck(consent_id=None, problems=tuple(problems) or ("no consent recorded",))
