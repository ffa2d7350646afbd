"""How few of their citizenship are registered where two registrations were made."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from thb.linkage.dedupe.estimator import Deduplicator
from thb.linkage.dedupe.model import (
    NOT_BOTH_CITIZENSHIP_AND_COUNTRY,
    WHERE_REGISTERED,
    level_case_sql,
    where_registered_comparison,
    where_registered_label,
)
from thb.linkage.dedupe.rarity import WHERE_REGISTERED_BAND, where_registered_band
from thb.synth import registration_records


def _registrations() -> pd.DataFrame:
    """100 Romanians: 90 in Romania, 8 in Italy, 2 in Finland; 10 Chinese, all in Italy."""
    cells = [("RO", "RO", 90), ("RO", "IT", 8), ("RO", "FI", 2), ("CN", "IT", 10)]
    rows = [(c, r) for c, r, n in cells for _ in range(n)] + [(None, "IT"), ("RO", None)]
    return pd.DataFrame(rows, columns=["citizenship", "reporting_country"])


def test_the_band_is_the_share_of_the_citizenship_registered_in_that_country() -> None:
    bands = where_registered_band(_registrations())
    first = _registrations().assign(band=bands).groupby(["citizenship", "reporting_country"])
    assert first["band"].first().to_dict() == {
        ("CN", "IT"): 5,  # all Chinese registrations: the commonest band
        ("RO", "FI"): 0,  # 2 of 100: at most 2%
        ("RO", "IT"): 2,  # 8 of 100: at most 10%
        ("RO", "RO"): 5,
    }
    assert bands.tail(2).isna().all()  # no citizenship, or no country


def _level(left: dict[str, object], right: dict[str, object]) -> str:
    comparison = where_registered_comparison()
    labels = {
        lv.comparison_vector_value: lv.label_for_charts
        for lv in comparison.get_comparison("duckdb").comparison_levels
    }
    con = duckdb.connect()
    con.register("l", pd.DataFrame([left]).add_suffix("_l"))
    con.register("r", pd.DataFrame([right]).add_suffix("_r"))
    row = con.execute(f"select case {level_case_sql(comparison)} end from l, r").fetchone()
    assert row is not None
    return labels[row[0]]


def test_only_pairs_of_one_citizenship_in_one_country_have_a_level() -> None:
    ro_fi = {"citizenship": "RO", "reporting_country": "FI", WHERE_REGISTERED_BAND: 0}
    assert _level(ro_fi, ro_fi) == where_registered_label(0)
    assert where_registered_label(0) == "at most 2% of the citizenship registered there"
    assert where_registered_label(5) == "more than 40% of the citizenship registered there"
    ro_ro = {"citizenship": "RO", "reporting_country": "RO", WHERE_REGISTERED_BAND: 5}
    assert _level(ro_ro, ro_ro) == where_registered_label(5)
    assert _level(ro_fi, ro_ro) == NOT_BOTH_CITIZENSHIP_AND_COUNTRY
    unknown = {"citizenship": None, "reporting_country": "FI", WHERE_REGISTERED_BAND: None}
    assert _level(unknown, ro_fi) == NOT_BOTH_CITIZENSHIP_AND_COUNTRY


def _weights(model: Deduplicator) -> dict[str, float]:
    """Bits each level of the share-of-citizenship comparison adds."""
    comparison = next(
        c for c in model.settings_["comparisons"] if c["output_column_name"] == WHERE_REGISTERED
    )
    return {
        lv["label_for_charts"]: lv["m_probability"] / lv["u_probability"]
        for lv in comparison["comparison_levels"]
        if not lv.get("is_null_level")
    }


@pytest.fixture(scope="module")
def pooled() -> Deduplicator:
    records = registration_records(7000, seed=11).drop(columns=["true_person_id"])
    return Deduplicator().fit(records)


def test_few_of_a_citizenship_where_both_were_registered_speaks_for_one_person(
    pooled: Deduplicator,
) -> None:
    ratios = _weights(pooled)
    assert ratios[where_registered_label(0)] > 2.0  # a namesake is unlikely there
    assert ratios[where_registered_label(5)] < 1.0  # where most of them are, likely


def test_a_registry_too_small_to_measure_every_band_among_namesakes_has_no_such_comparison() -> (
    None
):
    # 4,175 registrations: too few strangers share both names, and none sharing a family
    # name falls in the smallest band, whose u would then be a guess
    records = registration_records(3000, seed=21).drop(columns=["true_person_id"])
    model = Deduplicator().fit(records)
    assert WHERE_REGISTERED not in {c["output_column_name"] for c in model.settings_["comparisons"]}


def test_a_national_registry_has_no_such_comparison() -> None:
    records = registration_records(800, seed=5).drop(columns=["true_person_id"])
    model = Deduplicator().fit(records.assign(reporting_country="RO"))
    names = {c["output_column_name"] for c in model.settings_["comparisons"]}
    assert WHERE_REGISTERED not in names
