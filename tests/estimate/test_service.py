"""The service entry point: one result shape for every method."""

from __future__ import annotations

import json

import pytest

from thb.estimate.data import EstimationInputError
from thb.estimate.selection import ModelNotEstimable
from thb.estimate.service import estimate_population

REQUIRED = {
    "n_observed",
    "estimate",
    "interval",
    "bca_interval",
    "terms",
    "neg_inf_terms",
    "method",
}


def test_stepwise_result_dict_has_the_documented_fields(load) -> None:
    res = estimate_population(load("Western.csv"), "stepwise")
    d = res.to_dict()
    assert d.keys() >= REQUIRED
    assert d["terms"] == ["A:E"] and d["neg_inf_terms"] == []
    assert d["n_observed"] == 345 and d["bca_interval"] is None
    assert d["estimate"] == pytest.approx(2483.3839, abs=1e-3)
    json.dumps(d)  # serialisable


def test_fixed_all_pairs_reports_minus_infinity_terms(load, ref_row) -> None:
    ref = ref_row("Western.csv", "fixed")
    res = estimate_population(load("Western.csv"), "fixed", terms="all")
    assert res.terms == ref["terms"]
    assert res.neg_inf_terms == ref["neg_inf_terms"]
    assert res.estimate == pytest.approx(ref["estimate"], abs=0.01)


def test_fixed_terms_by_name(load) -> None:
    res = estimate_population(load("Western.csv"), "fixed", terms="A:E")
    assert res.estimate == pytest.approx(2483.3839, abs=1e-3)


def test_fixed_needs_terms_and_known_lists(load) -> None:
    table = load("Western.csv")
    with pytest.raises(EstimationInputError, match="needs terms"):
        estimate_population(table, "fixed")
    with pytest.raises(EstimationInputError, match="unknown list 'Z'") as info:
        estimate_population(table, "fixed", terms="A:Z")
    assert info.value.field == "terms"


def test_model_without_finite_mle_is_an_error_not_a_number(load) -> None:
    with pytest.raises(ModelNotEstimable, match="no finite maximum-likelihood"):
        estimate_population(load("Artificial_3.csv"), "fixed", terms="A:B")


def test_unknown_method(load) -> None:
    with pytest.raises(EstimationInputError, match="unknown method") as info:
        estimate_population(load("Western.csv"), "magic")
    assert info.value.field == "method"


def test_bootstrap_adds_bca_interval(load) -> None:
    res = estimate_population(load("Western.csv"), "main", bootstrap=40, seed=1, workers=1)
    lo, hi = res.bca_interval
    assert lo < res.estimate < hi
    assert res.to_dict()["bca_quantiles"].keys() >= {"0.025", "0.975"}
    assert len(res.to_dict(include_replicates=True)["replicates"]) == 40


def test_bic_bootstrap_searches_the_top_models(load) -> None:
    res = estimate_population(load("UKdat_5.csv"), "bic", bootstrap=12, seed=3, workers=1)
    assert res.model == "[12,13,23,25,34]"
    assert res.bca_interval is not None and res.models_considered == 1024
    assert res.top_models[0]["model"] == "[12,13,23,25,34]"


def test_lcmcr_gives_credible_interval(load) -> None:
    res = estimate_population(
        load("Western.csv"), "lcmcr", seed=4, lcmcr_iter=500, lcmcr_burn_in=200
    )
    assert res.interval_kind == "credible95"
    assert res.interval[0] <= res.estimate <= res.interval[1]
    assert res.estimate >= 345
