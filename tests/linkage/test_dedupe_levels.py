"""Which comparison level a pair of registrations falls in (model.py), evaluated in DuckDB."""

from __future__ import annotations

import duckdb
import pandas as pd

from thb.linkage.dedupe.calibrate import context_key
from thb.linkage.dedupe.model import (
    GIVEN_CONTEXT,
    GIVEN_EXACT_WITHOUT_FAMILY,
    level_case_sql,
    name_comparison,
    reads_registration_together,
    registration_comparison,
    registration_gap_comparison,
    sex_comparison,
)
from thb.linkage.dedupe.normalise import prepare_records
from thb.synth import registration_records


def _level(
    prefix: str,
    a: tuple[str, str],
    b: tuple[str, str],
    sexes: tuple[str, str] = ("F", "F"),
    citizenship: str | None = None,
) -> str:
    """Label of the level of the ``prefix`` name comparison (or "sex") for two (given,
    family) names; with a citizenship, given names compare as the trained model does."""
    frame = pd.DataFrame(
        {
            "record_id": ["a", "b"],
            "given_name": [a[0], b[0]],
            "family_name": [a[1], b[1]],
            "birth_date": ["2001-11-11"] * 2,
            "sex": list(sexes),
        }
    )
    if citizenship is not None:
        frame["citizenship"] = citizenship
    records = prepare_records(frame)
    if citizenship is not None:
        records[GIVEN_CONTEXT] = context_key(records, "given_std", "citizenship")
    other = "family" if prefix == "given" else "given"
    context = GIVEN_CONTEXT if prefix == "given" and citizenship is not None else None
    comparison = (
        sex_comparison()
        if prefix == "sex"
        else name_comparison(prefix, other, context, list(records.columns))
    )
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


def test_one_name_written_as_the_family_name_meets_the_other_s_given_name() -> None:
    # "– / Ruia" and "Ruia / Joania Conceicao": the given-name comparison is missing, so the
    # family-name comparison is the one to see the shared name
    assert _level("family", ("", "Ruia"), ("Ruia", "Joania Conceicao")) == (
        "the only name, as the other's given name"
    )
    assert _level("family", ("Sharma Sharmema", "Ahman"), ("", "SHARMA")) == (
        "the only name, as the other's given name"
    )
    assert _level("family", ("", "Ruia"), ("Ana", "Joania")) == "All other comparisons"


def test_a_given_name_without_a_family_name_on_one_side_has_its_own_level() -> None:
    # weighed by the name's share among all registrations, not within the citizenship
    assert _level("given", ("Ana", ""), ("Ana", "Popescu"), citizenship="RO") == (
        GIVEN_EXACT_WITHOUT_FAMILY
    )
    assert _level("given", ("Ana", "Popescu"), ("Ana", "Popescu"), citizenship="RO") == (
        "Exact match on given_std"
    )


def test_a_different_sex_says_more_when_the_given_names_differ_too() -> None:
    differ = "different, and so are the given names"
    assert _level("sex", ("Sarah", "Rahman"), ("Richard", "Rahman"), ("F", "M")) == differ
    assert _level("sex", ("Ioana", "Pop"), ("Ioana", "Pop"), ("F", "M")) == "All other comparisons"
    assert _level("sex", ("Ioana", "Pop"), ("I.", "Pop"), ("F", "M")) == "All other comparisons"
    assert _level("sex", ("Liu", "Wei"), ("Wei", "Liu"), ("F", "M")) == "All other comparisons"
    assert _level("sex", ("Sarah", "Rahman"), ("Richard", "Rahman")) == "Exact match on sex"


def _gap_level(
    days: int,
    *,
    finer: bool = True,
    sources: tuple[str, str] | None = None,
    countries: tuple[str, str] = ("RO", "RO"),
) -> str:
    """Label of the level for two registrations ``days`` apart: of the date alone, or, with
    ``sources``, of organisation and date read together."""
    if sources is None:
        comparison = registration_gap_comparison(finer=finer)
    else:
        comparison = registration_comparison()
    levels = comparison.get_comparison("duckdb").comparison_levels
    labels = {lv.comparison_vector_value: lv.label_for_charts for lv in levels}
    source_l, source_r = sources or ("", "")
    country_l, country_r = countries
    con = duckdb.connect()
    row = con.execute(
        f"select case {level_case_sql(comparison)} end from "
        f"(select 100 as registration_day_l, {100 + days} as registration_day_r, "
        f"'{source_l}' as source_l, '{source_r}' as source_r, "
        f"'{country_l}' as reporting_country_l, '{country_r}' as reporting_country_r)"
    ).fetchone()
    assert row is not None
    return labels[row[0]]


def test_registrations_on_one_day_or_over_a_year_apart_have_their_own_levels() -> None:
    # relatives are registered together; one person's registrations fall in one episode
    assert _gap_level(0) == "on the same day"
    assert _gap_level(5) == "within 7 days"
    assert _gap_level(300) == "within 365 days"
    assert _gap_level(400) == "more than 365 days"
    # a small registry keeps the levels EM can learn there
    assert _gap_level(0, finer=False) == "within 7 days"
    assert _gap_level(300, finer=False) == "more than 180 days"


def test_organisation_country_and_days_between_registrations_are_read_together() -> None:
    # within a country a person's next registration follows within weeks; abroad, months
    assert _gap_level(20, sources=("RO-POLICE", "RO-NGO1")) == "same country, within 30 days"
    assert _gap_level(20, sources=("RO-POLICE", "DE-POLICE"), countries=("RO", "DE")) == (
        "other country, within 30 days"
    )
    assert _gap_level(0, sources=("RO-POLICE", "RO-NGO1")) == "same country, on the same day"
    assert _gap_level(400, sources=("RO-POLICE", "RO-NGO1")) == "same country, more than 365 days"
    assert _gap_level(400, sources=("RO-POLICE", "DE-NGO1"), countries=("RO", "DE")) == (
        "other country, more than 365 days"
    )
    # one organisation is one country: it comes first, so the country is not counted twice
    assert _gap_level(20, sources=("RO-POLICE", "RO-POLICE")) == "same organisation, within 90 days"
    assert _gap_level(200, sources=("RO-POLICE", "RO-POLICE")) == (
        "same organisation, more than 90 days"
    )


def test_organisation_and_date_are_read_together_only_across_countries() -> None:
    frame = registration_records(600, seed=3).drop(columns=["true_person_id"])
    assert frame["reporting_country"].nunique() > 1
    assert reads_registration_together(prepare_records(frame))
    # one country: no "where" to read with the "when"
    assert not reads_registration_together(prepare_records(frame.assign(reporting_country="RO")))
    # a registry too small to learn the joint levels keeps them apart
    assert not reads_registration_together(prepare_records(frame.head(300)))
