"""Fuzzy name levels weighed by how common the agreed key is (rarity.py, model.py)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from thb.linkage.dedupe.estimator import Deduplicator
from thb.linkage.dedupe.model import (
    GIVEN_EXACT_WITHOUT_FAMILY,
    ONLY_NAME_AS_GIVEN,
    build_settings,
    finer_levels,
    name_comparison,
)
from thb.linkage.dedupe.normalise import prepare_records
from thb.linkage.dedupe.rarity import MIN_RECORDS, rarity_band
from thb.synth import registration_records


def test_keys_fall_in_bands_by_how_many_registrations_share_them() -> None:
    keys = pd.Series(["a", "a", "b", "c", "c", "c", None] + ["d"] * 20)
    assert rarity_band(keys).tolist() == [0, 0, 0, 1, 1, 1, pd.NA] + [3] * 20


def test_bands_scale_with_the_registry() -> None:
    # among 100,000 registrations a key held by 10 is rare, by 11 no longer
    keys = pd.Series(["rare"] * 10 + ["uncommon"] * 11 + [f"k{i}" for i in range(99_979)])
    band = rarity_band(keys)
    assert band.iloc[0] == 0
    assert band.iloc[10] == 1


def _family_level(frame: pd.DataFrame, left: str, right: str) -> str:
    """Label of the family-name level between two records of a prepared registry."""
    records = prepare_records(frame)
    comparison = name_comparison("family", "given", columns=list(records.columns))
    levels = comparison.get_comparison("duckdb").comparison_levels
    labels = {lv.comparison_vector_value: lv.label_for_charts for lv in levels}
    case = " ".join(lv._when_then_comparison_vector_value_sql for lv in levels)
    con = duckdb.connect()
    con.register("l", records[records["unique_id"] == left].add_suffix("_l"))
    con.register("r", records[records["unique_id"] == right].add_suffix("_r"))
    row = con.execute(f"select case {case} end from l, r").fetchone()
    assert row is not None
    return labels[row[0]]


@pytest.fixture(scope="module")
def popescus() -> pd.DataFrame:
    """Forty Popescus, one Vasilescu written two ways, and others enough for the bands."""
    others = [
        f"Other{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{i // 676}" for i in range(MIN_RECORDS)
    ]
    families = ["Popescu"] * 39 + ["POPESKU", "Vasilescu", "VASILESKU", *others]
    return pd.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(len(families))],
            "given_name": ["Ion"] * len(families),
            "family_name": families,
            "birth_date": ["1990-01-01"] * len(families),
        }
    )


def test_spellings_meeting_on_a_rare_key_fall_in_its_own_level(popescus: pd.DataFrame) -> None:
    assert _family_level(popescus, "r40", "r41") == "transliteration fold equal, rare key"
    assert _family_level(popescus, "r0", "r39") == "transliteration fold equal"


def test_a_small_registry_keeps_each_level_whole(popescus: pd.DataFrame) -> None:
    small = popescus.head(MIN_RECORDS - 1)
    assert not [c for c in prepare_records(small).columns if c.endswith("_band")]
    assert _family_level(small, "r40", "r41") == "transliteration fold equal"


def test_a_small_registry_has_none_of_the_finer_levels(popescus: pd.DataFrame) -> None:
    small = prepare_records(popescus.head(MIN_RECORDS - 1)).assign(registration_day=1)
    large = prepare_records(popescus).assign(registration_day=1)
    assert not finer_levels(list(small.columns))
    assert finer_levels(list(large.columns))
    labels = {
        level.label_for_charts
        for comparison in build_settings(list(small.columns), [("family_key",)]).comparisons
        for level in comparison.get_comparison("duckdb").comparison_levels
    }
    assert ONLY_NAME_AS_GIVEN not in labels
    assert "on the same day" not in labels


def test_without_bands_the_level_is_one() -> None:
    levels = name_comparison("family", "given").get_comparison("duckdb").comparison_levels
    labels = [lv.label_for_charts for lv in levels]
    assert "transliteration fold equal" in labels
    assert not [label for label in labels if label.endswith(" key")]


@pytest.fixture(scope="module")
def trained() -> Deduplicator:
    records = registration_records(4000, seed=3).drop(columns=["true_person_id"])
    return Deduplicator().fit(records)


def _levels(model: Deduplicator, comparison: str) -> list[dict]:
    return next(
        c["comparison_levels"]
        for c in model.settings_["comparisons"]
        if c["output_column_name"] == comparison
    )


def test_the_trained_model_weighs_a_rare_key_above_a_common_one(trained: Deduplicator) -> None:
    factor = {
        level["label_for_charts"]: level["m_probability"] / level["u_probability"]
        for level in _levels(trained, "family_name")
        if "m_probability" in level and "u_probability" in level
    }
    assert factor["metaphone equal, rare key"] > factor["metaphone equal"]
    assert factor["transliteration fold equal, rare key"] > factor["transliteration fold equal"]


def test_a_missing_family_name_is_no_evidence_of_a_given_name_s_match(
    trained: Deduplicator,
) -> None:
    # EM counts the missing family name in the level's m; it is set to the exact level's
    m = {lv["label_for_charts"]: lv.get("m_probability") for lv in _levels(trained, "given_name")}
    assert m[GIVEN_EXACT_WITHOUT_FAMILY] == m["Exact match on given_std"]
