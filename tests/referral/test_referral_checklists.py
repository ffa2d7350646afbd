"""Indicator checklists: data integrity and the reasonable-grounds suggestion."""

from __future__ import annotations

import pytest

from thb.codes.referral import ChecklistId, IndicatorStrength
from thb.referral.checklists import (
    CHECKLISTS,
    ILO_FORCED_LABOUR,
    INDICATORS,
    assess,
    indicators_for,
)
from thb.referral.errors import ReferralInputError, UnknownIndicator

ILO_ELEVEN = {
    "ilo_abuse_of_vulnerability",
    "ilo_deception",
    "ilo_restriction_of_movement",
    "ilo_isolation",
    "ilo_physical_sexual_violence",
    "ilo_intimidation_threats",
    "ilo_retention_of_identity_documents",
    "ilo_withholding_of_wages",
    "ilo_debt_bondage",
    "ilo_abusive_working_living_conditions",
    "ilo_excessive_overtime",
}


def test_every_checklist_id_has_a_checklist_with_known_unique_indicators() -> None:
    assert set(CHECKLISTS) == set(ChecklistId)
    for checklist in CHECKLISTS.values():
        assert checklist.indicator_ids, checklist.id
        assert len(set(checklist.indicator_ids)) == len(checklist.indicator_ids), checklist.id
        assert set(checklist.indicator_ids) <= set(INDICATORS), checklist.id


def test_every_indicator_is_used_and_has_text_and_strength() -> None:
    used = {i for c in CHECKLISTS.values() for i in c.indicator_ids}
    assert used == set(INDICATORS)
    for ind in INDICATORS.values():
        assert ind.text.strip() and ind.text.endswith(".")
        assert isinstance(ind.strength, IndicatorStrength)


def test_labour_checklist_holds_the_eleven_ilo_indicators() -> None:
    assert {i.id for i in ILO_FORCED_LABOUR} == ILO_ELEVEN
    assert set(CHECKLISTS[ChecklistId.LABOUR_EXPLOITATION].indicator_ids) >= ILO_ELEVEN
    assert set(CHECKLISTS[ChecklistId.LABOUR_INSPECTOR].indicator_ids) >= ILO_ELEVEN


@pytest.mark.parametrize(
    ("checklists", "observed", "suggested"),
    [
        (["labour_exploitation"], [], False),
        (["labour_exploitation"], ["ilo_debt_bondage"], True),
        (["labour_exploitation"], ["ilo_excessive_overtime"], False),
        (["labour_exploitation"], ["ilo_deception"], False),
        (["labour_exploitation"], ["ilo_deception", "ilo_withholding_of_wages"], True),
        (["labour_exploitation"], ["ilo_deception", "ilo_excessive_overtime"], False),
        (
            ["labour_exploitation"],
            ["ilo_deception", "ilo_excessive_overtime", "lab_no_contract"],
            True,
        ),
        (["general"], ["gen_fear_of_authorities", "gen_scripted_account"], False),
        (["child_trafficking"], ["child_unaccompanied"], True),
        (["sexual_exploitation"], ["sex_earnings_taken"], True),
        (["police", "general"], ["pol_many_at_one_address", "gen_unknown_address"], True),
        (["border_guard"], ["bg_inconsistent_travel_story"], False),
        (["health_social_worker"], ["hs_untreated_injuries", "hs_exhaustion_malnutrition"], True),
    ],
)
def test_assess_suggests_on_one_strong_or_a_cluster(
    checklists: list[str], observed: list[str], suggested: bool
) -> None:
    result = assess(checklists, observed)
    assert result.reasonable_grounds_suggested is suggested
    assert result.is_decision is False
    assert {r.id for r in result.reasons} == set(observed)
    assert result.note and result.summary


def test_reasons_listed_strongest_first_with_counts_and_score() -> None:
    result = assess(
        ["labour_exploitation"],
        ["ilo_excessive_overtime", "ilo_debt_bondage", "ilo_deception", "ilo_debt_bondage"],
    )
    assert [r.id for r in result.reasons] == [
        "ilo_debt_bondage",
        "ilo_deception",
        "ilo_excessive_overtime",
    ]
    assert result.counts == {
        IndicatorStrength.STRONG: 1,
        IndicatorStrength.MEDIUM: 1,
        IndicatorStrength.WEAK: 1,
    }
    assert result.score == 6


def test_thresholds_are_parameters() -> None:
    observed = ["ilo_debt_bondage"]
    strict = assess(["labour_exploitation"], observed, strong_needed=2, score_needed=9)
    assert not strict.reasonable_grounds_suggested
    with pytest.raises(ReferralInputError, match="at least 1"):
        assess(["labour_exploitation"], observed, strong_needed=0)


@pytest.mark.parametrize(
    ("checklists", "observed", "message"),
    [
        (["labour_exploitation"], ["no_such_indicator"], "unknown indicator id"),
        (["labour_exploitation"], ["child_unaccompanied"], "not on checklist"),
        (["no_such_checklist"], [], "unknown checklist id"),
        ([], [], "no checklist selected"),
    ],
)
def test_bad_ids_are_rejected_clearly(
    checklists: list[str], observed: list[str], message: str
) -> None:
    with pytest.raises(UnknownIndicator, match=message):
        assess(checklists, observed)


def test_unknown_indicator_is_a_value_error_naming_the_id() -> None:
    with pytest.raises(ValueError, match="'ilo_typo'"):
        assess(["labour_exploitation"], ["ilo_typo"])


def test_indicators_for_merges_checklists_without_duplicates() -> None:
    merged = indicators_for(["general", "labour_exploitation"])
    ids = [i.id for i in merged]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(CHECKLISTS[ChecklistId.GENERAL].indicator_ids) | set(
        CHECKLISTS[ChecklistId.LABOUR_EXPLOITATION].indicator_ids
    )


def test_every_user_visible_text_is_extractable_by_babel() -> None:
    from pathlib import Path

    from babel.messages.extract import extract_from_file

    import thb.referral.checklists as mod

    found = {m[1] for m in extract_from_file("python", Path(mod.__file__), keywords={"N_": None})}
    assert {i.text for i in INDICATORS.values()} <= found
    assert {c.title for c in CHECKLISTS.values()} <= found
