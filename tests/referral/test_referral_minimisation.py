"""Data minimisation: the receiver sees the purpose's sections and nothing else."""

from __future__ import annotations

import pytest

from thb.codes.assistance import AssistanceType
from thb.codes.referral import FormSection, ReferralReason
from thb.referral.errors import ReferralInputError
from thb.referral.minimisation import (
    ALLOWED_SECTIONS,
    allowed_sections,
    minimise,
    withheld_sections,
)

FULL_VIEW = {
    section.value: {"synthetic": section.value, "nested": [1, 2]} for section in FormSection
}
FULL_VIEW["internal_notes"] = "never shared: not a known section"
FULL_VIEW["audit"] = {"who": "worker-1"}

SHELTER_SEES = {
    "first_name_or_alias",
    "sex",
    "age_group",
    "languages",
    "needs",
    "urgency",
    "safety_risks",
}


def test_safe_accommodation_sees_exactly_the_placement_sections() -> None:
    view = minimise(FULL_VIEW, AssistanceType.SAFE_ACCOMMODATION)
    assert set(view) == SHELTER_SEES
    for hidden in ("exploitation_narrative", "proceedings", "full_name", "date_of_birth"):
        assert hidden not in view


def test_every_assistance_type_has_an_entry() -> None:
    assert set(AssistanceType) <= set(ALLOWED_SECTIONS)


@pytest.mark.parametrize("purpose", list(ALLOWED_SECTIONS))
def test_receiver_sees_nothing_outside_its_purpose(
    purpose: AssistanceType | ReferralReason,
) -> None:
    view = minimise(FULL_VIEW, purpose)
    allowed = {s.value for s in ALLOWED_SECTIONS[purpose]}
    assert set(view) == allowed
    assert "internal_notes" not in view and "audit" not in view
    assert set(withheld_sections(FULL_VIEW, purpose)) == set(FULL_VIEW) - allowed


@pytest.mark.parametrize(
    "purpose",
    [p for p in ALLOWED_SECTIONS if FormSection.PROCEEDINGS in ALLOWED_SECTIONS[p]],
)
def test_proceedings_only_reach_legal_purposes(purpose: AssistanceType | ReferralReason) -> None:
    assert purpose in {
        AssistanceType.LEGAL_COUNSELLING,
        AssistanceType.LEGAL_REPRESENTATION,
        ReferralReason.LEGAL_PROCEDURE,
    }


def test_law_enforcement_gets_the_non_punishment_section() -> None:
    assert FormSection.NON_PUNISHMENT in allowed_sections(ReferralReason.LAW_ENFORCEMENT)
    assert FormSection.NON_PUNISHMENT not in allowed_sections("SAFE_ACCOMMODATION")


def test_minimised_view_is_a_copy() -> None:
    view = minimise(FULL_VIEW, "SAFE_ACCOMMODATION")
    view["needs"]["nested"].append(3)
    assert FULL_VIEW["needs"]["nested"] == [1, 2]


def test_missing_sections_are_simply_absent() -> None:
    assert minimise({"sex": "F", "proceedings": ["p1"]}, "SAFE_ACCOMMODATION") == {"sex": "F"}


@pytest.mark.parametrize("purpose", ["TELEPATHY", "", ReferralReason.ASSISTANCE_SERVICE, "Other"])
def test_unknown_or_vague_purpose_shares_nothing(purpose: str) -> None:
    with pytest.raises(ReferralInputError):
        minimise(FULL_VIEW, purpose)
