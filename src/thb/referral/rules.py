"""Referral state machine and guards (R1, R2, R10, R14, R20); the clock and actor are arguments.

draft -> sent -> accepted | rejected (coded reason) ; accepted -> in_progress -> completed ;
revoked by the sender from draft, sent, or accepted (not an accepted transfer: ownership moved) ;
expired by the system once the response time has passed. A transfer is a referral whose
acceptance moves ownership of the case (`TransitionResult.ownership_moves`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from thb.codes.assistance import AssistanceType
from thb.codes.referral import (
    ASSISTANCE_REASONS,
    ReferralAction,
    ReferralParty,
    ReferralReason,
    ReferralScope,
    ReferralStatus,
    RejectionReason,
    Urgency,
)
from thb.codes.registry import ConsentPurpose
from thb.referral.consent import ConsentFacts, check_consent
from thb.referral.deadlines import ResponsePolicy, response_schedule
from thb.referral.errors import ConsentMissing, InvalidTransition

St, Ac, Pa = ReferralStatus, ReferralAction, ReferralParty

#: (from, action) -> (to, the party allowed to do it)
TRANSITIONS: dict[tuple[ReferralStatus, ReferralAction], tuple[ReferralStatus, ReferralParty]] = {
    (St.DRAFT, Ac.SEND): (St.SENT, Pa.SENDER),
    (St.SENT, Ac.ACCEPT): (St.ACCEPTED, Pa.RECEIVER),
    (St.SENT, Ac.REJECT): (St.REJECTED, Pa.RECEIVER),
    (St.ACCEPTED, Ac.START): (St.IN_PROGRESS, Pa.RECEIVER),
    (St.IN_PROGRESS, Ac.COMPLETE): (St.COMPLETED, Pa.RECEIVER),
    (St.DRAFT, Ac.REVOKE): (St.REVOKED, Pa.SENDER),
    (St.SENT, Ac.REVOKE): (St.REVOKED, Pa.SENDER),
    (St.ACCEPTED, Ac.REVOKE): (St.REVOKED, Pa.SENDER),
    (St.SENT, Ac.EXPIRE): (St.EXPIRED, Pa.SYSTEM),
}
EVENTS = {
    Ac.SEND: "Sent",
    Ac.ACCEPT: "Accepted",
    Ac.REJECT: "Rejected",
    Ac.START: "Started",
    Ac.COMPLETE: "Completed",
    Ac.REVOKE: "Revoked",
    Ac.EXPIRE: "Expired",
}
CONSENT_PURPOSE = ConsentPurpose.REFERRAL


@dataclass(frozen=True)
class ReferralState:
    """The referral as the rules see it: codes, flags and timestamps, no personal data."""

    status: ReferralStatus = St.DRAFT
    reason: ReferralReason = ReferralReason.ASSISTANCE_SERVICE
    service_requested: AssistanceType | None = None
    receiving_org: str | None = None
    scope: ReferralScope = ReferralScope.NATIONAL
    urgency: Urgency = Urgency.ROUTINE
    is_transfer: bool = False
    return_voluntary_and_requested: bool = False
    non_punishment_flag: bool | None = None
    consent_id: str | None = None
    consent_override_used: bool = False
    override_reason: str = ""
    rejection_reason: RejectionReason | None = None
    revocation_reason: str = ""
    sent_at: datetime | None = None
    response_due_at: datetime | None = None
    responded_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class CaseFacts:
    """What the case says when sending. Formal identification and police reports are absent
    on purpose: no referral may wait for them (R1, R2)."""

    consents: tuple[ConsentFacts, ...] = ()
    reasonable_grounds_recorded: bool = False
    reflection_period_active: bool = False
    non_punishment_flag: bool | None = None


@dataclass(frozen=True)
class TransitionResult:
    """The new state plus what the service must persist and audit."""

    state: ReferralState
    event: str
    ownership_moves: bool = False
    consent_override_used: bool = False


def allowed_actions(status: ReferralStatus, party: ReferralParty) -> tuple[ReferralAction, ...]:
    """The actions a party may try from `status` (to render buttons)."""
    return tuple(a for (s, a), (_, p) in TRANSITIONS.items() if s == status and p == party)


def is_return_referral(state: ReferralState) -> bool:
    """Return referrals are restricted while a reflection period runs (R10)."""
    return (
        state.reason == ReferralReason.RETURN
        or state.service_requested == AssistanceType.ASSISTED_VOLUNTARY_RETURN
    )


def is_law_enforcement_referral(state: ReferralState) -> bool:
    """Law-enforcement referrals must carry the non-punishment flag (R14)."""
    return state.reason == ReferralReason.LAW_ENFORCEMENT


def assistance_referral_allowed(facts: CaseFacts) -> bool:
    """R1: reasonable grounds suffice for an assistance referral, immediately."""
    return facts.reasonable_grounds_recorded


def _fail(state: ReferralState, action: ReferralAction, why: str) -> InvalidTransition:
    return InvalidTransition(f"cannot {action.value} a {state.status.value} referral: {why}")


@dataclass(frozen=True)
class _Args:
    now: datetime
    facts: CaseFacts | None
    rejection_reason: RejectionReason | str | None
    revocation_reason: str
    can_override_consent: bool
    override_reason: str
    response_policy: ResponsePolicy | None


def _send_guards(state: ReferralState, facts: CaseFacts | None) -> bool | None:
    """Check what must hold before anything leaves the organisation; return the R14 flag."""
    if facts is None:
        raise _fail(state, Ac.SEND, "the case facts (consents, reflection, flags) are required")
    if not state.receiving_org:
        raise _fail(state, Ac.SEND, "no receiving organisation")
    needs_service = state.reason in ASSISTANCE_REASONS - {ReferralReason.CHILD_PROTECTION}
    if needs_service and state.service_requested is None:
        raise _fail(state, Ac.SEND, "an assistance referral must name the service requested")
    if (
        is_return_referral(state)
        and facts.reflection_period_active
        and not state.return_voluntary_and_requested
    ):
        raise _fail(
            state,
            Ac.SEND,
            "a reflection period is running: a return referral is allowed only when the "
            "return is voluntary and requested by the person (R10)",
        )
    if not is_law_enforcement_referral(state):
        return state.non_punishment_flag
    if facts.non_punishment_flag is None:
        raise _fail(
            state, Ac.SEND, "a law-enforcement referral needs the non-punishment assessment (R14)"
        )
    return facts.non_punishment_flag


def _send(state: ReferralState, target: ReferralStatus, a: _Args) -> ReferralState:
    flag = _send_guards(state, a.facts)
    assert a.facts is not None
    check = check_consent(
        a.facts.consents, purpose=CONSENT_PURPOSE, receiving_org=state.receiving_org, now=a.now
    )
    override = not check.ok
    if override and not (a.can_override_consent and a.override_reason.strip()):
        raise ConsentMissing(
            "no valid referral consent: "
            + "; ".join(check.problems)
            + " (an override needs the consent-override permission and a reason)"
        )
    due = response_schedule(sent_at=a.now, urgency=state.urgency, policy=a.response_policy)
    return replace(
        state,
        status=target,
        sent_at=a.now,
        response_due_at=due.due_at,
        non_punishment_flag=flag,
        consent_id=check.consent_id,
        consent_override_used=override,
        override_reason=a.override_reason.strip() if override else "",
    )


def _reject(state: ReferralState, target: ReferralStatus, a: _Args) -> ReferralState:
    try:
        coded = RejectionReason(a.rejection_reason) if a.rejection_reason else None
    except ValueError:
        coded = None
    if coded is None:
        allowed = ", ".join(r.value for r in RejectionReason)
        raise _fail(
            state,
            Ac.REJECT,
            f"a coded rejection reason is required ({allowed}), got {a.rejection_reason!r}",
        )
    return replace(
        state, status=target, rejection_reason=coded, responded_at=a.now, closed_at=a.now
    )


def _revoke(state: ReferralState, target: ReferralStatus, a: _Args) -> ReferralState:
    if state.status is St.ACCEPTED and state.is_transfer:
        raise _fail(state, Ac.REVOKE, "the accepted transfer moved the case to the receiver")
    if not a.revocation_reason.strip():
        raise _fail(state, Ac.REVOKE, "a revocation reason is required")
    return replace(
        state, status=target, revocation_reason=a.revocation_reason.strip(), closed_at=a.now
    )


def _expire(state: ReferralState, target: ReferralStatus, a: _Args) -> ReferralState:
    if state.response_due_at is None or a.now < state.response_due_at:
        raise _fail(state, Ac.EXPIRE, f"the response is due at {state.response_due_at}, not yet")
    return replace(state, status=target, closed_at=a.now)


_HANDLERS = {
    Ac.SEND: _send,
    Ac.ACCEPT: lambda s, t, a: replace(s, status=t, responded_at=a.now),
    Ac.START: lambda s, t, a: replace(s, status=t, started_at=a.now),
    Ac.COMPLETE: lambda s, t, a: replace(s, status=t, completed_at=a.now, closed_at=a.now),
    Ac.REJECT: _reject,
    Ac.REVOKE: _revoke,
    Ac.EXPIRE: _expire,
}


def _check_key(
    state: ReferralState, action: ReferralAction | str, actor_role: ReferralParty | str
) -> tuple[ReferralAction, ReferralStatus]:
    try:
        act, party = ReferralAction(action), ReferralParty(actor_role)
    except ValueError as exc:
        raise InvalidTransition(f"unknown referral action or party: {exc}") from None
    if (state.status, act) not in TRANSITIONS:
        allowed = ", ".join(a.value for (s, a) in TRANSITIONS if s == state.status) or "none"
        raise _fail(state, act, f"allowed from {state.status.value}: {allowed}")
    target, needed = TRANSITIONS[(state.status, act)]
    if party != needed:
        raise _fail(
            state, act, f"only the {needed.value} may {act.value} it, not the {party.value}"
        )
    return act, target


def transition(
    state: ReferralState,
    action: ReferralAction | str,
    *,
    actor_role: ReferralParty | str,
    now: datetime,
    facts: CaseFacts | None = None,
    rejection_reason: RejectionReason | str | None = None,
    revocation_reason: str = "",
    can_override_consent: bool = False,
    override_reason: str = "",
    response_policy: ResponsePolicy | None = None,
) -> TransitionResult:
    """Apply one action by one party at `now`, or raise InvalidTransition / ConsentMissing."""
    act, target = _check_key(state, action, actor_role)
    args = _Args(
        now,
        facts,
        rejection_reason,
        revocation_reason,
        can_override_consent,
        override_reason,
        response_policy,
    )
    new = _HANDLERS[act](state, target, args)
    prefix = "Transfer" if state.is_transfer else "Referral"
    return TransitionResult(
        state=new,
        event=prefix + EVENTS[act],
        ownership_moves=state.is_transfer and act is Ac.ACCEPT,
        consent_override_used=new.consent_override_used and act is Ac.SEND,
    )


def referral_prompts(
    *, reasonable_grounds_recorded: bool, is_child: bool, guardian_appointed: bool
) -> tuple[ReferralReason, ...]:
    """What to prompt right after reasonable grounds (R1): assistance now; child protection."""
    if not reasonable_grounds_recorded:
        return ()
    prompts = [ReferralReason.ASSISTANCE_SERVICE]
    if is_child and not guardian_appointed:
        prompts.append(ReferralReason.CHILD_PROTECTION)
    return tuple(prompts)
