"""Blocking rules and the analysis that chose them, on the synthetic registry."""

from __future__ import annotations

import pandas as pd
import pytest

from thb.linkage.dedupe.blocking import (
    OneSideMissing,
    affordable_rules,
    blocking_analysis,
    default_blocking_rules,
)
from thb.linkage.dedupe.normalise import prepare_records
from thb.synth import registration_records


@pytest.fixture(scope="module")
def prepared() -> pd.DataFrame:
    registry = registration_records(3000, seed=5)
    return prepare_records(registry).assign(true_person_id=registry["true_person_id"].to_numpy())


def test_analysis_counts_pairs_and_true_pairs_reached(prepared: pd.DataFrame) -> None:
    rules = default_blocking_rules(list(prepared.columns))
    table = blocking_analysis(prepared, rules, label_column="true_person_id")
    assert len(table) == len(rules)
    assert table["cumulative_comparisons"].is_monotonic_increasing
    assert table["cumulative_comparisons"].iloc[-1] == table["marginal_comparisons"].sum()
    assert table["cumulative_true_pair_recall"].is_monotonic_increasing
    # Measured 0.94 at 10^5 records (blocking.py); the rules must keep reaching most pairs.
    assert table["cumulative_true_pair_recall"].iloc[-1] >= 0.92


def test_an_abbreviated_given_name_blocks_with_the_name_it_abbreviates() -> None:
    # "C." keeps the written letter; the key of Chinedu starts with "s" (ch -> s), so
    # initials of the transliteration key would never meet.
    frame = pd.DataFrame(
        {
            "record_id": ["a", "b", "c", "d"],
            "given_name": ["Chinedu", "C.", "Yusuf", "J."],
            "family_name": ["Osagagie", "OSAGAGIE", "Haddad", "Haddad"],
            "birth_date": ["1977", "1977-02-27", "1990", "1990-03-01"],
        }
    )
    records = prepare_records(frame)
    assert records["given_initial"].tolist() == ["k", "k", "i", "i"]
    table = blocking_analysis(records, default_blocking_rules(list(records.columns)))
    assert table["marginal_comparisons"].iloc[0] == 2


def test_a_small_registry_affords_the_rules_a_large_one_cannot() -> None:
    # "POPESCU I." with no birth date meets Ionuț Popescu only through a budgeted rule.
    frame = pd.DataFrame(
        {
            "record_id": [str(i) for i in range(6)],
            "given_name": ["Ionuț", "I.", "Maria", "Elena", "Ana", "Ioana"],
            "family_name": ["Popescu", "POPESCU", "Ionescu", "Popa", "Dumitru", "Stan"],
            "birth_date": ["1990-03-02", "", "1985", "1979-01-01", "2001", "1999-12-31"],
        }
    )
    records = prepare_records(frame)
    chosen = default_blocking_rules(list(records.columns))
    assert blocking_analysis(records, chosen)["cumulative_comparisons"].iloc[-1] == 0
    afforded = default_blocking_rules(list(records.columns), records)
    table = blocking_analysis(records, afforded)
    assert table["cumulative_comparisons"].iloc[-1] == 1
    # the same rule over a registry where it would add more than its budget is left out
    crowded = prepare_records(
        pd.DataFrame(
            {
                "record_id": [str(i) for i in range(6)],
                "given_name": ["Ion", "I.", "Ilie", "Ioan", "Iosif", "Irina"],
                "family_name": ["Popescu"] * 6,
                "birth_date": [""] * 6,
            }
        )
    )
    rule = ("family_key", "given_initial")
    assert affordable_rules(crowded, [rule], per_record=2.0) == ()
    assert affordable_rules(crowded, [rule], per_record=2.5) == (rule,)


def _one_name_registrations(given: list[str], family: list[str]) -> pd.DataFrame:
    n = len(given)
    return prepare_records(
        pd.DataFrame(
            {
                "record_id": [str(i) for i in range(n)],
                "given_name": given,
                "family_name": family,
                "birth_date": [""] * n,
                "reporting_country": ["RO"] * n,
            }
        )
    )


def test_a_registration_with_one_name_meets_its_countrys_namesakes_while_they_are_few() -> None:
    # "Happini" with no family name and no birth date meets Happini Obi of the same country
    few = _one_name_registrations(["Happini", "Happini", "Ioana"], ["", "Obi", "Stan"])
    rules = default_blocking_rules(list(few.columns), few)
    rule = OneSideMissing("family_key", ("given_key", "reporting_country"))
    assert rule.sql in rules
    assert blocking_analysis(few, rules)["cumulative_comparisons"].iloc[-1] == 1
    # Ioana with no family name among six Ioanas of the country: five pairs for seven
    # records, over the half pair per record these rules may add
    many = _one_name_registrations(["Ioana"] * 6 + ["Maria"], ["", *"ABCDE", "Pop"])
    assert rule.sql not in default_blocking_rules(list(many.columns), many)
    assert affordable_rules(many, [rule], per_record=5 / 7) == (rule.sql,)
    assert affordable_rules(many, [rule], per_record=4 / 7) == ()
    # registrations that name no country are read as one country's
    alone = few.drop(columns=["reporting_country"])
    rules = default_blocking_rules(list(alone.columns), alone)
    assert OneSideMissing("family_key", ("given_key",)).sql in rules
    assert blocking_analysis(alone, rules)["cumulative_comparisons"].iloc[-1] == 1
