"""Referral state machine: every state x action x party, and the send guards."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from thb.codes.assistance import AssistanceType
from thb.codes.referral import (
    ReferralAction,
    ReferralParty,
    ReferralReason,
    ReferralStatus,
    RejectionReason,
    Urgency,
)
from thb.codes.registry import ConsentPurpose
from thb.referral.consent import ConsentFacts, check_consent
from thb.referral.deadlines import ResponsePolicy
from thb.referral.errors import ConsentMissing, InvalidTransition
from thb.referral.rules import (
    TRANSITIONS,
    CaseFacts,
    ReferralState,
    allowed_actions,
    assistance_referral_allowed,
    referral_prompts,
    transition,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=30)
SHELTER = "org-shelter-7"
CONSENT = ConsentFacts("c1", ConsentPurpose.REFERRAL, NOW - timedelta(hours=1))
FACTS = CaseFacts(consents=(CONSENT,), reasonable_grounds_recorded=True)
DRAFT = ReferralState(
    reason=ReferralReason.ASSISTANCE_SERVICE,
    service_requested=AssistanceType.SAFE_ACCOMMODATION,
    receiving_org=SHELTER,
)
EXPECTED_TARGET = {
    ReferralAction.SEND: ReferralStatus.SENT,
    ReferralAction.ACCEPT: ReferralStatus.ACCEPTED,
    ReferralAction.REJECT: ReferralStatus.REJECTED,
    ReferralAction.START: ReferralStatus.IN_PROGRESS,
    ReferralAction.COMPLETE: ReferralStatus.COMPLETED,
    ReferralAction.REVOKE: ReferralStatus.REVOKED,
    ReferralAction.EXPIRE: ReferralStatus.EXPIRED,
}
# The whole machine, written out once by hand: (from, action) -> party allowed.
EXPECTED = {
    (ReferralStatus.DRAFT, ReferralAction.SEND): ReferralParty.SENDER,
    (ReferralStatus.SENT, ReferralAction.ACCEPT): ReferralParty.RECEIVER,
    (ReferralStatus.SENT, ReferralAction.REJECT): ReferralParty.RECEIVER,
    (ReferralStatus.ACCEPTED, ReferralAction.START): ReferralParty.RECEIVER,
    (ReferralStatus.IN_PROGRESS, ReferralAction.COMPLETE): ReferralParty.RECEIVER,
    (ReferralStatus.DRAFT, ReferralAction.REVOKE): ReferralParty.SENDER,
    (ReferralStatus.SENT, ReferralAction.REVOKE): ReferralParty.SENDER,
    (ReferralStatus.ACCEPTED, ReferralAction.REVOKE): ReferralParty.SENDER,
    (ReferralStatus.SENT, ReferralAction.EXPIRE): ReferralParty.SYSTEM,
}


def _in(status: ReferralStatus) -> ReferralState:
    return replace(DRAFT, status=status, response_due_at=NOW + timedelta(days=5))


def _do(state: ReferralState, action: ReferralAction, party: ReferralParty, now: datetime = NOW):
    return transition(
        state,
        action,
        actor_role=party,
        now=now,
        facts=FACTS,
        rejection_reason=RejectionReason.NO_CAPACITY,
        revocation_reason="person moved to another region",
    )


def test_transition_table_is_the_documented_machine() -> None:
    assert {k: p for k, (_, p) in TRANSITIONS.items()} == EXPECTED
    assert all(TRANSITIONS[k][0] == EXPECTED_TARGET[k[1]] for k in TRANSITIONS)


@pytest.mark.parametrize("status", list(ReferralStatus))
@pytest.mark.parametrize("action", list(ReferralAction))
@pytest.mark.parametrize("party", list(ReferralParty))
def test_every_state_action_party(
    status: ReferralStatus, action: ReferralAction, party: ReferralParty
) -> None:
    state = _in(status)
    allowed = EXPECTED.get((status, action)) == party
    if not allowed:
        with pytest.raises(InvalidTransition, match=f"cannot {action.value} a {status.value}"):
            _do(state, action, party, now=LATER)
        return
    result = _do(state, action, party, now=LATER)
    assert result.state.status == EXPECTED_TARGET[action]
    assert (
        result.event
        == "Referral"
        + {
            "send": "Sent",
            "accept": "Accepted",
            "reject": "Rejected",
            "start": "Started",
            "complete": "Completed",
            "revoke": "Revoked",
            "expire": "Expired",
        }[action.value]
    )
    assert result.ownership_moves is False
    assert state.status == status  # the input is never mutated


def test_allowed_actions_match_the_table() -> None:
    assert allowed_actions(ReferralStatus.SENT, ReferralParty.RECEIVER) == (
        ReferralAction.ACCEPT,
        ReferralAction.REJECT,
    )
    assert allowed_actions(ReferralStatus.COMPLETED, ReferralParty.SENDER) == ()


def test_happy_path_records_timestamps() -> None:
    t = [NOW + timedelta(hours=h) for h in range(4)]
    s = _do(DRAFT, ReferralAction.SEND, ReferralParty.SENDER, t[0]).state
    assert s.sent_at == t[0] and s.response_due_at == t[0] + timedelta(days=5)
    assert s.consent_id == "c1" and not s.consent_override_used
    s = _do(s, ReferralAction.ACCEPT, ReferralParty.RECEIVER, t[1]).state
    assert s.responded_at == t[1]
    s = _do(s, ReferralAction.START, ReferralParty.RECEIVER, t[2]).state
    assert s.started_at == t[2]
    s = _do(s, ReferralAction.COMPLETE, ReferralParty.RECEIVER, t[3]).state
    assert s.completed_at == t[3] and s.closed_at == t[3]


def test_response_time_follows_urgency_and_policy() -> None:
    urgent = replace(DRAFT, urgency=Urgency.URGENT)
    s = _do(urgent, ReferralAction.SEND, ReferralParty.SENDER).state
    assert s.response_due_at == NOW + timedelta(hours=24)
    policy = ResponsePolicy(response_time={u: timedelta(hours=3) for u in Urgency})
    s = transition(
        DRAFT, "send", actor_role="sender", now=NOW, facts=FACTS, response_policy=policy
    ).state
    assert s.response_due_at == NOW + timedelta(hours=3)


@pytest.mark.parametrize("reason", [None, "", "full", "we are busy"])
def test_reject_needs_a_coded_reason(reason: str | None) -> None:
    with pytest.raises(InvalidTransition, match="coded rejection reason"):
        transition(
            _in(ReferralStatus.SENT),
            "reject",
            actor_role="receiver",
            now=NOW,
            rejection_reason=reason,
        )


def test_reject_records_the_coded_reason() -> None:
    s = transition(
        _in(ReferralStatus.SENT),
        "reject",
        actor_role="receiver",
        now=NOW,
        rejection_reason="outside_area",
    ).state
    assert s.rejection_reason is RejectionReason.OUTSIDE_AREA and s.responded_at == NOW


def test_revoke_needs_a_reason() -> None:
    with pytest.raises(InvalidTransition, match="revocation reason"):
        transition(_in(ReferralStatus.SENT), "revoke", actor_role="sender", now=NOW)


def test_expire_only_after_the_response_time() -> None:
    sent = _in(ReferralStatus.SENT)
    with pytest.raises(InvalidTransition, match="not yet"):
        transition(sent, "expire", actor_role="system", now=NOW)
    due = sent.response_due_at
    assert due is not None
    assert transition(sent, "expire", actor_role="system", now=due).state.status == "expired"


def test_unknown_action_or_party_is_an_invalid_transition() -> None:
    with pytest.raises(InvalidTransition, match="unknown referral action"):
        transition(DRAFT, "teleport", actor_role="sender", now=NOW)
    with pytest.raises(InvalidTransition, match="unknown referral action or party"):
        transition(DRAFT, "send", actor_role="janitor", now=NOW)


# -- transfer ------------------------------------------------------------------------------


def test_transfer_moves_ownership_on_acceptance_only() -> None:
    sent = replace(_in(ReferralStatus.SENT), is_transfer=True)
    accepted = transition(sent, "accept", actor_role="receiver", now=NOW)
    assert accepted.ownership_moves is True and accepted.event == "TransferAccepted"
    rejected = transition(
        sent, "reject", actor_role="receiver", now=NOW, rejection_reason="no_capacity"
    )
    assert rejected.ownership_moves is False


def test_accepted_transfer_cannot_be_revoked_by_the_former_owner() -> None:
    accepted = replace(_in(ReferralStatus.ACCEPTED), is_transfer=True)
    with pytest.raises(InvalidTransition, match="moved the case"):
        transition(accepted, "revoke", actor_role="sender", now=NOW, revocation_reason="x")


# -- consent guard (R20) -------------------------------------------------------------------

WITHDRAWN = replace(CONSENT, consent_id="w", withdrawn_at=NOW - timedelta(minutes=1))
OTHER_ORG = replace(CONSENT, consent_id="o", receiving_org="org-other")
WRONG_PURPOSE = replace(CONSENT, consent_id="p", purpose=ConsentPurpose.RESEARCH)
FUTURE = replace(CONSENT, consent_id="f", given_at=NOW + timedelta(days=1))


@pytest.mark.parametrize(
    ("consents", "why"),
    [
        ((), "no consent recorded"),
        ((WITHDRAWN,), "withdrawn"),
        ((OTHER_ORG,), "another receiving organisation"),
        ((WRONG_PURPOSE,), "is for research"),
        ((FUTURE,), "dated after now"),
        ((WITHDRAWN, OTHER_ORG, WRONG_PURPOSE), "withdrawn.*another.*research"),
    ],
)
def test_send_without_valid_consent_is_refused(consents: tuple, why: str) -> None:
    facts = CaseFacts(consents=consents, reasonable_grounds_recorded=True)
    with pytest.raises(ConsentMissing, match=why):
        transition(DRAFT, "send", actor_role="sender", now=NOW, facts=facts)
    with pytest.raises(ConsentMissing, match="override"):
        transition(
            DRAFT,
            "send",
            actor_role="sender",
            now=NOW,
            facts=facts,
            can_override_consent=False,
            override_reason="urgent safety risk",
        )
    with pytest.raises(ConsentMissing):
        transition(
            DRAFT,
            "send",
            actor_role="sender",
            now=NOW,
            facts=facts,
            can_override_consent=True,
            override_reason="  ",
        )


def test_override_sends_and_says_so() -> None:
    facts = CaseFacts(consents=(WITHDRAWN,))
    result = transition(
        DRAFT,
        "send",
        actor_role="sender",
        now=NOW,
        facts=facts,
        can_override_consent=True,
        override_reason="imminent danger to life",
    )
    assert result.state.status == "sent"
    assert result.consent_override_used is True
    assert result.state.consent_override_used is True
    assert result.state.override_reason == "imminent danger to life"
    assert result.state.consent_id is None


def test_consent_naming_the_receiver_or_no_one_covers_it() -> None:
    named = replace(CONSENT, receiving_org=SHELTER)
    for consent in (CONSENT, named):
        result = transition(
            DRAFT, "send", actor_role="sender", now=NOW, facts=CaseFacts(consents=(consent,))
        )
        assert result.consent_override_used is False


def test_consent_withdrawn_later_still_covers_now() -> None:
    later = replace(CONSENT, withdrawn_at=NOW + timedelta(days=1))
    check = check_consent([later], purpose=ConsentPurpose.REFERRAL, receiving_org=SHELTER, now=NOW)
    assert check.ok and check.consent_id == "c1"


def test_send_needs_case_facts_and_a_receiver() -> None:
    with pytest.raises(InvalidTransition, match="case facts"):
        transition(DRAFT, "send", actor_role="sender", now=NOW)
    with pytest.raises(InvalidTransition, match="no receiving organisation"):
        transition(
            replace(DRAFT, receiving_org=None), "send", actor_role="sender", now=NOW, facts=FACTS
        )
    with pytest.raises(InvalidTransition, match="name the service"):
        transition(
            replace(DRAFT, service_requested=None),
            "send",
            actor_role="sender",
            now=NOW,
            facts=FACTS,
        )


# -- R1: reasonable grounds is enough ------------------------------------------------------


def test_reasonable_grounds_allow_assistance_referral_immediately() -> None:
    # No formal identification, no police report, no cooperation: CaseFacts cannot even say so.
    facts = CaseFacts(consents=(CONSENT,), reasonable_grounds_recorded=True)
    assert assistance_referral_allowed(facts)
    for service in AssistanceType:
        draft = replace(DRAFT, service_requested=service)
        result = transition(draft, "send", actor_role="sender", now=NOW, facts=facts)
        assert result.state.status == "sent"
    assert not {"formal_identification", "police_report", "cooperates"} & set(
        CaseFacts.__dataclass_fields__
    )


@pytest.mark.parametrize(
    ("grounds", "child", "guardian", "expected"),
    [
        (False, False, False, ()),
        (True, False, False, (ReferralReason.ASSISTANCE_SERVICE,)),
        (True, True, False, (ReferralReason.ASSISTANCE_SERVICE, ReferralReason.CHILD_PROTECTION)),
        (True, True, True, (ReferralReason.ASSISTANCE_SERVICE,)),
    ],
)
def test_referral_prompts(grounds: bool, child: bool, guardian: bool, expected: tuple) -> None:
    got = referral_prompts(
        reasonable_grounds_recorded=grounds, is_child=child, guardian_appointed=guardian
    )
    assert got == expected


# -- R10: return during reflection ---------------------------------------------------------

RETURN = replace(DRAFT, reason=ReferralReason.RETURN, service_requested=None)
AVR = replace(DRAFT, service_requested=AssistanceType.ASSISTED_VOLUNTARY_RETURN)


@pytest.mark.parametrize("draft", [RETURN, AVR], ids=["return", "avr"])
@pytest.mark.parametrize(
    ("reflection", "voluntary", "ok"),
    [(True, False, False), (True, True, True), (False, False, True), (False, True, True)],
)
def test_return_referral_during_reflection(
    draft: ReferralState, reflection: bool, voluntary: bool, ok: bool
) -> None:
    facts = replace(FACTS, reflection_period_active=reflection)
    state = replace(draft, return_voluntary_and_requested=voluntary)
    if ok:
        assert transition(state, "send", actor_role="sender", now=NOW, facts=facts).state.sent_at
    else:
        with pytest.raises(InvalidTransition, match="voluntary and requested"):
            transition(state, "send", actor_role="sender", now=NOW, facts=facts)


# -- R14: non-punishment flag --------------------------------------------------------------

POLICE = replace(DRAFT, reason=ReferralReason.LAW_ENFORCEMENT, service_requested=None)


@pytest.mark.parametrize("flag", [True, False])
def test_law_enforcement_referral_carries_the_non_punishment_flag(flag: bool) -> None:
    facts = replace(FACTS, non_punishment_flag=flag)
    state = transition(POLICE, "send", actor_role="sender", now=NOW, facts=facts).state
    assert state.non_punishment_flag is flag


def test_law_enforcement_referral_without_assessment_is_refused() -> None:
    with pytest.raises(InvalidTransition, match="non-punishment"):
        transition(POLICE, "send", actor_role="sender", now=NOW, facts=FACTS)
