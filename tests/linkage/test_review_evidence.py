"""The model's reading of an uncertain pair: levels, weights and the reviewer's words."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from thb.linkage.dedupe.estimator import Deduplicator
from thb.linkage.dedupe.model import source_comparison
from thb.linkage.dedupe.review import by_impact, pair_evidence
from thb.linkage.evidence import MISSING, factor, finding, place, readings, strength
from thb.synth import registration_records


@pytest.fixture(scope="module")
def fitted() -> Deduplicator:
    records = registration_records(1500, seed=4).drop(columns=["true_person_id"])
    return Deduplicator(keep_levels=True).fit(records)


def test_weights_of_the_fields_and_the_prior_add_up_to_the_pair_s_match_weight(
    fitted: Deduplicator,
) -> None:
    prior = fitted.settings_["probability_two_random_records_match"]
    prior_weight = math.log2(prior / (1 - prior))
    pairs = fitted.predict_pairs_.dropna(subset=["gamma_given_name"])
    for pair in pairs.sample(50, random_state=1).to_dict("records"):
        evidence = pair_evidence(pair, fitted.level_labels_)
        assert {e["comparison"] for e in evidence} == set(fitted.level_labels_)
        total = prior_weight + sum(e["weight"] for e in evidence)
        assert total == pytest.approx(pair["match_weight"], abs=0.1)


def test_every_level_of_the_model_has_words_for_the_reviewer(fitted: Deduplicator) -> None:
    for comparison, labels in fitted.level_labels_.items():
        for level in labels.values():
            assert finding(comparison, level) != level, (comparison, level)


def test_levels_read_in_the_reviewer_s_words() -> None:
    assert finding("family_name", "swapped with given, one side noisy") == (
        "names swapped, one of them misspelt or an initial"
    )
    assert finding("given_name", "swapped with family") == "written in the other name field"
    assert finding("given_name", "Jaro-Winkler distance of given_std >= 0.92") == (
        "one or two letters differ"
    )
    assert finding("source", "Exact match on reporting_country") == (
        "another organisation in the same country"
    )
    assert finding("source", "Exact match on source") == "registered by the same organisation"
    # without a reporting country the last level is only another organisation
    levels = source_comparison(with_country=False).get_comparison("duckdb").comparison_levels
    assert finding("source", levels[-1].label_for_charts) == "registered by another organisation"
    assert finding("source", "All other comparisons") == "organisations in different countries"
    # organisation and date read together: where, then when
    level = "other country, within 365 days"
    assert place("registration_date", level) == "organisations in different countries"
    assert finding("registration_date", level) == "registered within a year of each other"
    assert place("registration_date", "within 30 days") == ""
    read = readings([{"comparison": "registration_date", "level": level, "weight": 1.5}])
    assert read["registration_date"].words == (
        "organisations in different countries, registered within a year of each other"
    )
    assert finding("where_registered", "at most 2% of the citizenship registered there") == (
        "very few of their citizenship are registered in that country (at most 1 in 50)"
    )
    assert finding("birth_date", "null") == MISSING
    assert finding("sex", "sex is NULL") == MISSING
    assert finding("birth_date", "a level added later") == "a level added later"


def test_weights_read_as_strength_and_a_factor_on_the_odds() -> None:
    assert (strength(5.0), factor(3.3219)) == ("strongly for one person", "×10")
    assert (strength(1.5), factor(1.0)) == ("for one person", "×2.0")
    assert strength(0.2) == "hardly matters"
    assert (strength(-2.0), factor(-2.0)) == ("against", "÷4.0")
    assert strength(-6.0) == "strongly against"
    read = readings([{"comparison": "sex", "level": "Exact match on sex", "weight": 0.1}])
    assert read["sex"].finding == "the same" and read["sex"].strength == "hardly matters"
    # the page's colour and arrow follow the same bounds as the words
    for weight, direction in ((1.0, "for"), (0.2, "neutral"), (-1.0, "neutral"), (-1.5, "against")):
        item = {"comparison": "sex", "level": "Exact match on sex", "weight": weight}
        assert readings([item])["sex"].direction == direction


def test_pairs_without_levels_have_no_evidence() -> None:
    pair = pd.Series({"gamma_sex": float("nan"), "weight_sex": float("nan")}).to_dict()
    assert pair_evidence(pair, {"sex": {1: "Exact match on sex"}}) == []


def test_the_pairs_whose_decision_moves_most_come_first() -> None:
    clusters = pd.DataFrame(
        {"record_id": ["a", "b", "c", "d", "e", "f", "g"],
         "cluster_id": ["a", "a", "a", "a", "e", "f", "g"]}
    )  # fmt: skip
    pairs = pd.DataFrame(
        {
            "record_id_l": ["e", "a", "f", "a"],
            "record_id_r": ["f", "b", "g", "e"],
            "match_probability": [0.5, 0.7, 0.5, 0.3],
        }
    )
    ranked = by_impact(pairs, clusters)
    # a-e: apart, 0.3 x (4 + 1) = 1.5; a-b: linked, 0.3 x 4 = 1.2; e-f and f-g: 0.5 x 2,
    # in the order given
    assert list(zip(ranked["record_id_l"], ranked["record_id_r"], strict=True)) == [
        ("a", "e"), ("a", "b"), ("e", "f"), ("f", "g"),
    ]  # fmt: skip
    assert ranked["linked"].tolist() == [False, True, False, False]
    assert ranked["records_affected"].tolist() == [5, 4, 2, 2]
