"""Existence (Fienberg-Rinaldo LP) and identifiability (rank) checks."""

from __future__ import annotations

import numpy as np
import pytest

from thb.estimate.existence import Check, certified_exists, check_model
from thb.estimate.loglinear import fit_model, pair_masks

AB, AC, BC = pair_masks(3)


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ([AB, AC, BC], Check.NOT_IDENTIFIABLE),  # "all three pairs": not identifiable
        ([AB], Check.NO_FINITE_MLE),  # "A:B only": no finite MLE
        ([AC, BC], Check.OK),  # "A:C and B:C": ok
        ([], Check.OK),
    ],
)
def test_artificial_3_outcomes_as_published(load, terms, expected) -> None:
    table = load("Artificial_3.csv")
    assert check_model(table.cell_counts(), 3, terms) == expected


def test_published_checks_listed_in_reference(reference) -> None:
    checks = next(p for p in reference["published"] if p["file"] == "Artificial_3.csv")["checks"]
    assert checks == {"all three pairs": "not identifiable", "A:B only": "no finite MLE",
                      "A:C and B:C": "ok"}  # fmt: skip


def test_newton_certificate_never_contradicts_the_lp() -> None:
    """Random sparse 4-list tables: whenever a fit certifies existence the LP agrees."""
    rng = np.random.default_rng(7)
    pairs = pair_masks(4)
    certified = 0
    for _ in range(60):
        y = np.where(rng.random(16) < 0.45, rng.integers(1, 6, 16), 0).astype(float)
        y[0] = 0
        terms = [p for p in pairs if rng.random() < 0.4]
        check = check_model(y, 4, terms)
        if check & Check.NOT_IDENTIFIABLE or y.sum() == 0:
            continue
        fit = fit_model(y, 4, terms)
        if certified_exists(fit.mu_min, fit.grad_max, fit.converged):
            certified += 1
            assert check == Check.OK
    assert certified > 10
