"""Stepwise selection (Chan, Silverman & Vincent 2021) against reference.json."""

from __future__ import annotations

import numpy as np
import pytest

from thb.estimate.existence import Check
from thb.estimate.loglinear import pair_masks
from thb.estimate.models import term_name
from thb.estimate.selection import ModelNotEstimable, select_fixed, select_stepwise


@pytest.mark.parametrize(
    ("file", "published"),
    [("UKdat_5.csv", 11313.0), ("UKdat.csv", 11418.0), ("Western.csv", 2483.4)],
)
def test_stepwise_reproduces_reference(load, ref_row, file: str, published: float) -> None:
    ref = ref_row(file, "stepwise")
    table = load(file)
    sel = select_stepwise(table.cell_counts(), table.n_lists)
    assert sel.fit.estimate == pytest.approx(published, abs=0.5)
    assert sel.fit.estimate == pytest.approx(ref["estimate"], abs=1e-3)
    assert [term_name(s.term, table.lists) for s in sel.steps] == ref["terms"]
    assert sel.fit.wald_interval() == pytest.approx(ref["wald95"], abs=0.01)
    assert sel.fit.aic == pytest.approx(ref["aic"], abs=1e-3)
    assert all(s.p_value < 0.02 for s in sel.steps)


def test_threshold_zero_gives_main_effects(load) -> None:
    table = load("UKdat_5.csv")
    sel = select_stepwise(table.cell_counts(), table.n_lists, pthresh=1e-300)
    assert sel.steps == ()
    assert sel.fit.estimate == pytest.approx(13444.1312, abs=1e-3)


def test_stepwise_skips_candidates_without_finite_mle() -> None:
    # only B and C overlap: B:C has the smallest p-value, but B:C alone has no finite MLE
    y = np.array([0, 39, 11, 0, 32, 0, 13, 0], dtype=float)
    sel = select_stepwise(y, 3)
    assert sel.rejected[0] == ((0b110,), Check.NO_FINITE_MLE)
    assert [s.term for s in sel.steps] == [0b101, 0b011]
    assert sel.fit.neg_inf == (0b011, 0b101)


def test_pair_that_shares_nobody_enters_at_minus_infinity() -> None:
    # lists A and C never overlap although independence predicts they would
    y = np.zeros(8)
    y[1], y[2], y[4], y[3], y[6] = 300, 280, 310, 90, 85
    sel = select_stepwise(y, 3)
    assert 0b101 in sel.fit.neg_inf
    assert sel.fit.n_params == 1 + 3 + len(sel.fit.terms)


def test_fixed_model_failing_checks_is_reported(load) -> None:
    table = load("Artificial_3.csv")
    with pytest.raises(ModelNotEstimable, match="not identifiable"):
        select_fixed(table.cell_counts(), 3, pair_masks(3))
