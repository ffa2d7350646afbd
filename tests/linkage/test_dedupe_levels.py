"""Which comparison level a pair of registrations falls in (model.py), evaluated in DuckDB."""

from __future__ import annotations

import duckdb
import pandas as pd

from thb.linkage.dedupe.model import level_case_sql, name_comparison, sex_comparison
from thb.linkage.dedupe.normalise import prepare_records


def _level(
    prefix: str, a: tuple[str, str], b: tuple[str, str], sexes: tuple[str, str] = ("F", "F")
) -> str:
    """Label of the level of the ``prefix`` name comparison (or "sex") for two (given,
    family) names."""
    frame = pd.DataFrame(
        {
            "record_id": ["a", "b"],
            "given_name": [a[0], b[0]],
            "family_name": [a[1], b[1]],
            "birth_date": ["2001-11-11"] * 2,
            "sex": list(sexes),
        }
    )
    records = prepare_records(frame)
    other = "family" if prefix == "given" else "given"
    comparison = sex_comparison() if prefix == "sex" else name_comparison(prefix, other)
    case = level_case_sql(comparison)
    levels = comparison.get_comparison("duckdb").comparison_levels
    labels = {lv.comparison_vector_value: lv.label_for_charts for lv in levels}
    con = duckdb.connect()
    con.register("l", records.iloc[[0]].add_suffix("_l"))
    con.register("r", records.iloc[[1]].add_suffix("_r"))
    row = con.execute(f"select case {case} end from l, r").fetchone()
    assert row is not None
    return labels[row[0]]


def test_a_full_swap_counts_in_both_name_comparisons() -> None:
    a, b = ("Ion", "Popescu"), ("Popescu", "Ion")
    assert _level("given", a, b) == "swapped with family"
    assert _level("family", a, b) == "swapped with given"


def test_one_shared_word_across_the_fields_counts_once() -> None:
    # Constantin Dume and Ramoleta Constantin share one word: evidence for the given-name
    # comparison only, or two namesakes born the same day would look like one person.
    a, b = ("Constantin", "Dume"), ("Ramoleta", "Constantin")
    assert _level("given", a, b) == "swapped with family"
    assert not _level("family", a, b).startswith(("swapped", "shares a name part"))


def test_transliteration_variants_meet_before_fuzzy_levels() -> None:
    assert _level("family", ("Ion", "Popescu"), ("Ion", "POPESKU")) == (
        "transliteration fold equal"
    )


def test_a_swap_with_a_typo_or_an_initial_on_the_second_word_counts_for_the_family_name() -> None:
    for a, b in [
        (("Sharma", "Prriyaita"), ("Priyatia", "SHARMA")),
        (("Ivanov", "Dimiten"), ("D.", "Ivanov")),
        (("G.", "Mergi"), ("Mërgi", "Gëzan")),
    ]:
        assert _level("given", a, b) == "swapped with family"
        assert _level("family", a, b) == "swapped with given, one side noisy"


def test_a_different_sex_says_more_when_the_given_names_differ_too() -> None:
    differ = "different, and so are the given names"
    assert _level("sex", ("Sarah", "Rahman"), ("Richard", "Rahman"), ("F", "M")) == differ
    assert _level("sex", ("Ioana", "Pop"), ("Ioana", "Pop"), ("F", "M")) == "All other comparisons"
    assert _level("sex", ("Ioana", "Pop"), ("I.", "Pop"), ("F", "M")) == "All other comparisons"
    assert _level("sex", ("Liu", "Wei"), ("Wei", "Liu"), ("F", "M")) == "All other comparisons"
    assert _level("sex", ("Sarah", "Rahman"), ("Richard", "Rahman")) == "Exact match on sex"
