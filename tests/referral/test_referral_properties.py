"""Properties: random action sequences respect the machine; any JSON message survives a package."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from thb.codes.assistance import AssistanceType
from thb.codes.referral import TERMINAL_STATUSES, ReferralAction, ReferralParty, ReferralStatus
from thb.codes.registry import ConsentPurpose
from thb.referral.consent import ConsentFacts
from thb.referral.errors import ConsentMissing, InvalidTransition
from thb.referral.rules import TRANSITIONS, CaseFacts, ReferralState, transition
from thb.referral.transnational import FocalPointKeys, open_package, seal

T0 = datetime(2026, 1, 1, tzinfo=UTC)
FACTS = CaseFacts(consents=(ConsentFacts("c", ConsentPurpose.REFERRAL, T0),))
DRAFT = ReferralState(
    service_requested=AssistanceType.MEDICAL, receiving_org="org-2", is_transfer=False
)
STEP = st.tuples(st.sampled_from(list(ReferralAction)), st.sampled_from(list(ReferralParty)))


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(STEP, max_size=12), transfer=st.booleans())
def test_random_walks_follow_the_table(
    steps: list[tuple[ReferralAction, ReferralParty]], transfer: bool
) -> None:
    state = replace(DRAFT, is_transfer=transfer)
    now = T0
    owners_moved = 0
    for action, party in steps:
        now += timedelta(days=6)  # always past any response time
        before = state.status
        try:
            result = transition(
                state,
                action,
                actor_role=party,
                now=now,
                facts=FACTS,
                rejection_reason="no_capacity",
                revocation_reason="r",
            )
        except (InvalidTransition, ConsentMissing):
            assert (
                (before, action) not in TRANSITIONS
                or TRANSITIONS[(before, action)][1] != party
                or (transfer and before is ReferralStatus.ACCEPTED)
            )
            continue
        assert before not in TERMINAL_STATUSES
        assert TRANSITIONS[(before, action)] == (result.state.status, party)
        owners_moved += result.ownership_moves
        state = result.state
    assert owners_moved <= (1 if transfer else 0)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=20,
)
A, B = FocalPointKeys.generate(), FocalPointKeys.generate()


@settings(max_examples=50, deadline=None)
@given(message=st.dictionaries(st.text(max_size=10), JSON, max_size=5))
def test_any_json_message_round_trips(message: dict[str, Any]) -> None:
    data = seal(message, sender=A, recipient_public=B.public(), now=T0)
    opened = open_package(data, recipient=B, trusted_senders={A.fingerprint: A.public()}, now=T0)
    assert opened["message"] == message
