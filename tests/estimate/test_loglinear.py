"""Poisson log-linear fits against the reference implementation's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from thb.estimate.loglinear import (
    design,
    fit_batch,
    fit_model,
    model_params,
    pair_masks,
    superset_sums,
)
from thb.estimate.models import term_name


def test_superset_sums_match_brute_force() -> None:
    rng = np.random.default_rng(0)
    m = 4
    v = rng.random(1 << m)
    brute = [sum(v[c] for c in range(1 << m) if c & s == s) for s in range(1 << m)]
    assert np.allclose(superset_sums(v, m), brute)


@pytest.mark.parametrize("file", ["UKdat.csv", "UKdat_5.csv", "Western.csv"])
def test_main_effects_match_reference(load, ref_row, file: str) -> None:
    ref = ref_row(file, "main")
    table = load(file)
    fit = fit_model(table.cell_counts(), table.n_lists, [])
    assert fit.estimate == pytest.approx(ref["estimate"], abs=1e-3)
    assert fit.wald_interval() == pytest.approx(ref["wald95"], abs=1e-2)
    assert fit.aic == pytest.approx(ref["aic"], abs=1e-3)


@pytest.mark.parametrize("file", ["UKdat.csv", "UKdat_5.csv", "Western.csv"])
def test_all_pairs_fixed_model_matches_reference(load, ref_row, file: str) -> None:
    ref = ref_row(file, "fixed")
    table = load(file)
    m = table.n_lists
    fit = fit_model(table.cell_counts(), m, sorted(pair_masks(m)))
    assert fit.estimate == pytest.approx(ref["estimate"], abs=0.01)
    assert fit.wald_interval() == pytest.approx(ref["wald95"], rel=1e-4)
    assert fit.aic == pytest.approx(ref["aic"], abs=1e-3)
    assert [term_name(t, table.lists) for t in fit.neg_inf] == ref["neg_inf_terms"]


def test_batched_fit_equals_single_fits(load) -> None:
    table = load("UKdat_5.csv")
    y, m = table.cell_counts(), table.n_lists
    pairs = pair_masks(m)
    params = model_params(m, pairs)
    rng = np.random.default_rng(1)
    chosen = rng.random((6, len(pairs))) < 0.4
    chosen[:, pairs.index(0b10001)] = False  # LA:GP shares nobody; keep cells identical
    colmask = np.hstack([np.ones((6, 1 + m), bool), chosen])
    keep = np.arange(1 << m) != 0
    batch = fit_batch(y, m, params, colmask, keep)
    for row in range(6):
        terms = [p for p, c in zip(pairs, chosen[row], strict=True) if c]
        single = fit_model(y, m, terms)
        assert np.exp(batch.beta[row, 0]) == pytest.approx(single.dark_figure, rel=1e-8)
        assert batch.loglik[row] == pytest.approx(single.loglik, rel=1e-10)


def test_design_marks_cells_containing_the_term() -> None:
    d = design(3, [0, 0b011])
    assert d[:, 0].tolist() == [1.0] * 8
    assert np.flatnonzero(d[:, 1]).tolist() == [3, 7]
