"""u-probabilities measured among strangers who share a name (calibrate.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from thb.linkage.dedupe.calibrate import (
    conditional_agreement_u,
    random_pair_u,
    same_block_level_shares,
)
from thb.linkage.dedupe.model import birth_date_comparison, name_comparison
from thb.linkage.dedupe.normalise import prepare_records
from thb.synth import registration_records


def _registrations(given: list[str], family: list[str], years: list[int]) -> pd.DataFrame:
    n = len(given)
    return pd.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(n)],
            "given_name": given,
            "family_name": family,
            "birth_date": [str(y) for y in years],
            "citizenship": ["VN"] * n,
        }
    )


def test_given_name_levels_are_shared_among_same_family_strangers() -> None:
    # 20 Nguyens born 5 years apart (strangers), half called Thi Lan; 20 Popescus born in
    # one year could be one person and must not count.
    frame = _registrations(
        ["Thi Lan", "Van Nam"] * 10 + ["Ion"] * 20,
        ["Nguyen"] * 20 + ["Popescu"] * 20,
        [1900 + 5 * i for i in range(20)] + [1990] * 20,
    )
    comparison = name_comparison("given", "family")
    shares = same_block_level_shares(prepare_records(frame), comparison, "family_key")
    assert shares is not None
    exact = comparison.get_comparison("duckdb").comparison_levels[1]
    assert exact.label_for_charts.startswith("Exact match")
    assert shares[exact.comparison_vector_value] == pytest.approx(90 / 190)
    assert sum(shares.values()) == pytest.approx(1.0)


def test_strangers_can_be_required_to_share_several_columns() -> None:
    # 30 Nguyens born 5 years apart: only namesakes pair (2 x 105 pairs), so every pair
    # is on the exact given-name level, where the family name alone gives 210 of 435.
    frame = _registrations(
        ["Thi Lan", "Van Nam"] * 15 + ["Ion"] * 20,
        ["Nguyen"] * 30 + ["Popescu"] * 20,
        [1900 + 5 * i for i in range(30)] + [1990] * 20,
    )
    records = prepare_records(frame)
    comparison = name_comparison("given", "family")
    shares = same_block_level_shares(records, comparison, ["family_key", "given_key"])
    exact = comparison.get_comparison("duckdb").comparison_levels[1].comparison_vector_value
    assert shares == {exact: 1.0}


def test_too_few_same_family_strangers_give_no_measurement() -> None:
    frame = _registrations(["Thi Lan"] * 5, ["Nguyen"] * 5, [1900, 1910, 1920, 1930, 1940])
    comparison = name_comparison("given", "family")
    assert same_block_level_shares(prepare_records(frame), comparison, "family_key") is None


def test_agreement_among_same_name_strangers_leaves_out_same_year_pairs() -> None:
    # 16 Popescus born in different years: 8 RO, 8 MD -> 2 * 28 of 120 pairs agree.
    # Two more born in one year (possibly one person) do not count.
    frame = pd.DataFrame(
        {
            "family_key": ["popesku"] * 18,
            "citizenship": ["RO"] * 8 + ["MD"] * 8 + ["RO", "MD"],
            "birth_year": [*range(1950, 1966), 1990, 1990],
        }
    )
    u = conditional_agreement_u(frame, "family_key", "citizenship")
    assert u is not None
    # all pairs 153 - same-year pairs 1; agreeing 2 * 28 + 8 + 8 (the extra RO and MD)
    assert u == pytest.approx((56 + 16) / 152)


def test_an_exact_birth_date_is_counted_over_all_pairs_when_the_rest_is_sampled() -> None:
    records = prepare_records(registration_records(2000, seed=5))
    comparison = [birth_date_comparison()]
    every_pair = random_pair_u(records, comparison, max_pairs=1e8)["birth_date"]
    sampled = random_pair_u(records, comparison, max_pairs=2e4, seed=1)["birth_date"]
    exact = max(every_pair)  # Splink's first level has the highest gamma
    assert sampled[exact] == pytest.approx(every_pair[exact], rel=1e-9)
    assert sum(sampled.values()) == pytest.approx(1.0)
    # the other levels are still a sample: close to, not equal to, the full count
    assert sampled != every_pair
    assert sampled[0] == pytest.approx(every_pair[0], rel=0.05)
