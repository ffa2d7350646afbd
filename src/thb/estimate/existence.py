"""Does a model have a finite, identifiable maximum-likelihood estimate on these counts?

Existence: the linear program of Fienberg & Rinaldo (2012, p. 3, as corrected by Chan,
Silverman & Vincent 2021): maximise s subject to A x = t, x >= s, x >= 0, where A maps cell
counts to the model's sufficient statistics t. The MLE is finite exactly when some strictly
positive table shares the observed margins, i.e. when the optimum s is positive.
Identifiability: the design on the modelled cells has full column rank. Parameters whose
lists nobody shares sit at minus infinity first (their cells dropped, as in the literature).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

import numpy as np
from scipy.optimize import linprog

from thb.estimate.loglinear import design, kept_cells, split_terms

LP_TOL = 1e-7


class Check(IntEnum):
    """Outcome codes, as the reference implementation's `checkident` numbers them."""

    OK = 0
    NO_FINITE_MLE = 1
    NOT_IDENTIFIABLE = 2
    BOTH = 3

    @property
    def message(self) -> str:
        """Words for users."""
        return {
            0: "ok",
            1: "no finite maximum-likelihood estimate",
            2: "not identifiable",
            3: "no finite maximum-likelihood estimate and not identifiable",
        }[int(self)]


def lp_margin(amat: np.ndarray, tvec: np.ndarray) -> float:
    """Optimum s of the Fienberg-Rinaldo program (0 when the MLE does not exist)."""
    npar, ncell = amat.shape
    cost = np.zeros(ncell + 1)
    cost[-1] = -1.0
    a_eq = np.hstack([amat, np.zeros((npar, 1))])
    a_ub = np.hstack([-np.eye(ncell), np.ones((ncell, 1))])
    res = linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.zeros(ncell),
        A_eq=a_eq,
        b_eq=tvec,
        bounds=[(0, None)] * (ncell + 1),
        method="highs",
    )
    if res.status != 0:
        return 0.0
    return float(-res.fun)


def design_on_cells(y: np.ndarray, m: int, terms: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Design restricted to modelled cells and estimated parameters, and the counts there."""
    est, neg_inf = split_terms(y, m, terms)
    keep = kept_cells(m, neg_inf)
    return design(m, est)[keep], y[keep]


def rank_deficiency(x: np.ndarray) -> int:
    """Columns minus rank."""
    return int(x.shape[1] - np.linalg.matrix_rank(x))


def check_model(y: np.ndarray, m: int, terms: Sequence[int]) -> Check:
    """Existence (LP) and identifiability (rank) of the MLE for `terms` on cell counts `y`."""
    x, yk = design_on_cells(y, m, terms)
    code = 0
    if lp_margin(x.T, x.T @ yk) <= LP_TOL:
        code |= Check.NO_FINITE_MLE
    if rank_deficiency(x) > 0:
        code |= Check.NOT_IDENTIFIABLE
    return Check(code)


def certified_exists(
    mu_min: float | np.ndarray, grad_max: float | np.ndarray, converged: bool | np.ndarray
) -> np.ndarray:
    """A converged Newton fit whose score is tiny next to every fitted mean proves a finite MLE.

    The log-likelihood is strictly concave, so a finite stationary point is the maximum. If no
    finite maximum existed, there would be an integer direction d that empties some cells, and
    the score along it would be at least the smallest fitted mean on those cells divided by
    |d|_1; a score a thousand times below every fitted mean rules that out. Anything less
    clear-cut falls back to the linear program.
    """
    mu = np.asarray(mu_min, dtype=float)
    ok = np.asarray(converged, dtype=bool) & (mu > 1e-12)
    return ok & (np.asarray(grad_max, dtype=float) < 1e-3 * mu)
