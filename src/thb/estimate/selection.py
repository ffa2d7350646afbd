"""Choosing the log-linear model: main effects, a fixed model, stepwise (Chan, Silverman &
Vincent 2021) and exhaustive BIC over hierarchical models (Silverman, Chan & Vincent 2024)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.special import pdtr, pdtrc

from thb.estimate.data import EstimationInputError
from thb.estimate.existence import (
    LP_TOL,
    Check,
    certified_exists,
    check_model,
    design_on_cells,
    lp_margin,
    rank_deficiency,
)
from thb.estimate.loglinear import (
    LoglinearFit,
    fit_model,
    pair_masks,
    superset_sums,
)

PTHRESH = 0.02


class ModelNotEstimable(EstimationInputError):
    """The requested model has no finite or no identifiable MLE on these data."""

    def __init__(self, model: str, check: Check) -> None:
        super().__init__(f"model {model} cannot be fitted: {check.message}", field="terms")
        self.check = check


@dataclass(frozen=True)
class StepRecord:
    """One term added by stepwise selection and the p-value that let it in."""

    term: int
    p_value: float


@dataclass(frozen=True)
class Selection:
    """The chosen model and how it was chosen."""

    method: str
    fit: LoglinearFit
    steps: tuple[StepRecord, ...] = ()
    rejected: tuple[tuple[tuple[int, ...], Check], ...] = ()
    n_models: int = 1
    n_failed: int = 0
    ranking: tuple[tuple[tuple[int, ...], float, float], ...] = field(default=())


def select_main(y: np.ndarray, m: int) -> Selection:
    """Main effects only (independent lists)."""
    return select_fixed(y, m, [], method="main")


def select_fixed(y: np.ndarray, m: int, terms: Sequence[int], method: str = "fixed") -> Selection:
    """The given terms, after the existence and identifiability checks."""
    check = check_model(y, m, terms)
    if check != Check.OK:
        from thb.estimate.models import hierarchy_name

        raise ModelNotEstimable(hierarchy_name(terms, m), check)
    return Selection(method, fit_model(y, m, terms))


def _pvalues(fit: LoglinearFit, m: int, nstar: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    pstar = superset_sums(fit.fitted(m), m)[pairs]
    lower = pdtr(nstar, pstar)
    upper = np.where(nstar > 0, pdtrc(np.maximum(nstar - 1, 0), pstar), 1.0)
    return np.minimum(lower, upper)


def _try_add(
    y: np.ndarray, m: int, terms: list[int], start: LoglinearFit
) -> tuple[Check, LoglinearFit | None]:
    """Fit a candidate if it passes; a converged interior fit certifies existence, else LP."""
    x, yk = design_on_cells(y, m, terms)
    if rank_deficiency(x) > 0:
        return Check.NOT_IDENTIFIABLE, None
    warm = dict(zip(map(int, start.params), start.beta, strict=True))
    fit = fit_model(y, m, terms, beta0=warm)
    if certified_exists(fit.mu_min, fit.grad_max, fit.converged):
        return Check.OK, fit
    if lp_margin(x.T, x.T @ yk) <= LP_TOL:
        return Check.NO_FINITE_MLE, None
    return Check.OK, fit if fit.converged else fit_model(y, m, terms)


def select_stepwise(y: np.ndarray, m: int, pthresh: float = PTHRESH) -> Selection:
    """Add the pair with the smallest one-sided Poisson p-value while it is below `pthresh`."""
    pairs = np.array(pair_masks(m))
    nstar = superset_sums(y, m)[pairs]
    fit = fit_model(y, m, [])
    included = np.zeros(pairs.size, dtype=bool)
    terms: list[int] = []
    steps: list[StepRecord] = []
    rejected: list[tuple[tuple[int, ...], Check]] = []
    while not included.all():
        pvals = np.where(included, 1.0, _pvalues(fit, m, nstar, pairs))
        added = False
        for j in np.lexsort((np.arange(pairs.size), pvals)):
            if pvals[j] >= pthresh:
                break
            candidate = [*terms, int(pairs[j])]
            check, new_fit = _try_add(y, m, candidate, fit)
            if new_fit is None:
                rejected.append((tuple(candidate), check))
                continue
            fit, terms = new_fit, candidate
            included[j] = True
            steps.append(StepRecord(int(pairs[j]), float(pvals[j])))
            added = True
            break
        if not added:
            break
    return Selection("stepwise", fit, tuple(steps), tuple(rejected))
