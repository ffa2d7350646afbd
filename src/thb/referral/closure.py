"""Case closure (R19): a coded reason, a supervisor's approval, never because proceedings ended."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from thb.codes.referral import ClosureReason
from thb.referral.errors import ReferralInputError

R19_MESSAGE = (
    "assistance must not end because criminal proceedings ended (Directive 2011/36 Art 11(1), "
    "rule R19): it continues before, during and for an appropriate period after them"
)
_PROCEEDINGS_ENDED = re.compile(
    r"(proceeding|trial|prosecution|investigation|court case|criminal case|hearing)s?\W+"
    r"(has |have |was |were |is |are )?(ended|closed|concluded|finished|over|completed|dropped|"
    r"discontinued|terminated)"
    r"|verdict|judg(e)?ment|acquitt|convict|sentenc|case dismissed|charges dropped"
    r"|(no longer|not) needed as (a )?witness|testimony (given|no longer)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ClosureRequest:
    """A worker asks to close; nothing is closed until a supervisor approves."""

    reason: ClosureReason
    requested_by: str
    requested_at: datetime
    note: str = ""


@dataclass(frozen=True)
class ClosureApproval:
    """The approved closure, with who approved it and when (for the audit trail)."""

    request: ClosureRequest
    approved_by: str
    approved_at: datetime


def _coded_reason(reason: ClosureReason | str) -> ClosureReason:
    try:
        return ClosureReason(reason)
    except ValueError:
        pass
    if _PROCEEDINGS_ENDED.search(str(reason).replace("_", " ")):
        raise ReferralInputError(f"closure reason {reason!r} refused: {R19_MESSAGE}")
    allowed = ", ".join(r.value for r in ClosureReason)
    raise ReferralInputError(f"unknown closure reason {reason!r}; allowed: {allowed}")


def request_closure(
    *, reason: ClosureReason | str, requested_by: str, now: datetime, note: str = ""
) -> ClosureRequest:
    """Validate a closure request: coded reason, and no sign it is driven by proceedings ending."""
    coded = _coded_reason(reason)
    if not requested_by or not requested_by.strip():
        raise ReferralInputError("closure request needs the requesting worker")
    if _PROCEEDINGS_ENDED.search(note.replace("_", " ")):
        raise ReferralInputError(
            f"closure note suggests the case closes because proceedings ended: {R19_MESSAGE}"
        )
    return ClosureRequest(reason=coded, requested_by=requested_by, requested_at=now, note=note)


def approve_closure(
    request: ClosureRequest, *, supervisor: str, is_supervisor: bool, now: datetime
) -> ClosureApproval:
    """A supervisor other than the requester approves (Primero pattern)."""
    if not is_supervisor:
        raise ReferralInputError("only a supervisor can approve a case closure")
    if not supervisor or supervisor == request.requested_by:
        raise ReferralInputError("the supervisor approving a closure must not be its requester")
    if now < request.requested_at:
        raise ReferralInputError("approval cannot predate the closure request")
    return ClosureApproval(request=request, approved_by=supervisor, approved_at=now)
