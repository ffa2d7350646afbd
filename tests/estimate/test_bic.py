"""Exhaustive BIC over hierarchical models (Silverman, Chan & Vincent 2024, Table 6)."""

from __future__ import annotations

import numpy as np
import pytest

from thb.estimate.bic import bic_table, select_bic
from thb.estimate.existence import Check, check_model
from thb.estimate.models import (
    count_hierarchical_models,
    hierarchical_models,
    hierarchy_name,
    parse_terms,
)


def test_ukdat_all_32768_two_list_models(load) -> None:
    table = load("UKdat.csv")
    sel, tab = select_bic(table.cell_counts(), table.n_lists, maxorder=2)
    assert sel.n_models == 32768
    assert sel.fit.estimate == pytest.approx(12349.6, abs=0.05)
    assert hierarchy_name(sel.fit.terms, 6) == "[12,13,25,35,36,45]"
    assert tab.bic[tab.order()[0]] == pytest.approx(sel.fit.bic)


def test_ukdat5_hierarchical_up_to_order_4(load) -> None:
    table = load("UKdat_5.csv")
    sel, _ = select_bic(table.cell_counts(), 5, maxorder=4)
    assert sel.fit.estimate == pytest.approx(25311.3, abs=0.05)
    assert hierarchy_name(sel.fit.terms, 5) == "[123,25,34]"
    assert sel.n_failed > 0  # some saturated-ish models have no finite MLE: reported, not fitted


def test_ukdat5_two_list_bic(load) -> None:
    table = load("UKdat_5.csv")
    sel, _ = select_bic(table.cell_counts(), 5, maxorder=2)
    assert sel.fit.estimate == pytest.approx(22991.3, abs=0.05)
    assert hierarchy_name(sel.fit.terms, 5) == "[12,13,23,25,34]"


@pytest.mark.parametrize(("m", "k"), [(3, 2), (3, 3), (4, 3), (4, 4), (5, 3), (5, 4), (6, 2)])
def test_model_catalogue_sizes(m: int, k: int) -> None:
    models = hierarchical_models(m, k)
    assert len(models) == count_hierarchical_models(m, k)
    assert len(set(models)) == len(models)


def test_hierarchy_notation_round_trip() -> None:
    lists = ["A", "B", "C", "D", "E"]
    terms = parse_terms("A:B:C,B:E,C:D", lists)
    assert hierarchy_name(terms, 5) == "[123,25,34]"
    assert len(terms) == 6  # A:B:C brings A:B, A:C and B:C


def test_batched_checks_agree_with_one_lp_per_model(load) -> None:
    """The grouped, certificate-first checks give the same verdicts as LP + rank per model."""
    table = load("Western.csv")
    y, m = table.cell_counts(), 5
    models = hierarchical_models(m, 3)
    tab = bic_table(y, m, models)
    rng = np.random.default_rng(0)
    sample = rng.choice(len(models), 250, replace=False)
    for i in sample:
        direct = check_model(y, m, list(models[i]))
        assert (direct != Check.OK) == (tab.check[i] != Check.OK), hierarchy_name(models[i], m)
    assert 0 < np.sum(tab.check != 0) < len(models)


@pytest.mark.slow
def test_ukdat_bic_bca_interval_near_published(load, reference) -> None:
    """Table 6: BIC with BCa, bootstrap re-searching the 100 best models (Monte-Carlo error)."""
    from thb.estimate.service import estimate_population

    published = next(
        p for p in reference["published"] if p["file"] == "UKdat.csv" and "BIC" in p["method"]
    )["interval95_bca"]
    res = estimate_population(load("UKdat.csv"), "bic", bootstrap=1000, seed=7)
    lo, hi = res.bca_interval
    assert lo == pytest.approx(published[0], rel=0.06)
    assert hi == pytest.approx(published[1], rel=0.15)
    assert res.settings["bootstrap_models"] == 100
