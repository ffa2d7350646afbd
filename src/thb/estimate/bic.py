"""Exhaustive BIC over hierarchical models (Silverman, Chan & Vincent 2024), fitted in batches.

Models are grouped by which of their terms sit at minus infinity (nobody shares those lists):
a group shares its modelled cells, so its models are fitted together as one batched Newton
problem. Existence is monotone within a group (a model whose MLE exists passes the property to
every sub-model; one without passes failure to every super-model), so one linear program for
the group's union model usually settles the whole group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from thb.estimate.data import EstimationInputError
from thb.estimate.existence import LP_TOL, Check, certified_exists, lp_margin
from thb.estimate.loglinear import (
    design,
    fit_batch,
    fit_model,
    kept_cells,
    one_blas_thread,
    superset_sums,
)
from thb.estimate.models import hierarchical_models
from thb.estimate.selection import Selection

CHUNK = 4096


@dataclass(frozen=True)
class BicTable:
    """Every model's estimate and BIC (NaN where the model failed its checks)."""

    models: list[tuple[int, ...]]
    estimate: np.ndarray
    bic: np.ndarray
    check: np.ndarray

    def order(self) -> np.ndarray:
        """Indices of usable models by increasing BIC (ties keep catalogue order)."""
        ok = np.flatnonzero(np.isfinite(self.bic))
        return ok[np.argsort(self.bic[ok], kind="stable")]


def _group_models(
    nstar: np.ndarray, m: int, models: Sequence[tuple[int, ...]]
) -> dict[tuple[int, ...], list[int]]:
    zero_singles = tuple(1 << j for j in range(m) if nstar[1 << j] == 0)
    groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for i, terms in enumerate(models):
        groups[zero_singles + tuple(t for t in terms if nstar[t] == 0)].append(i)
    return groups


def _exists_monotone(
    xfull: np.ndarray, y: np.ndarray, colmask: np.ndarray, known: np.ndarray
) -> np.ndarray:
    """Existence for each column subset; `known` ones are already certified by their fit."""
    t = xfull.T @ y
    weights = 1 << np.arange(colmask.shape[1], dtype=np.int64)
    bits = colmask.astype(np.int64) @ weights
    result = known.copy()
    passing = bits[known]
    failing = np.zeros(0, dtype=np.int64)
    todo = np.flatnonzero(~known)
    for i in todo[np.argsort(colmask[todo].sum(axis=1), kind="stable")]:
        b = bits[i]
        if np.any(passing & b == b):
            result[i] = True
        elif np.any(failing & b == failing):
            result[i] = False
        else:
            cols = colmask[i]
            result[i] = lp_margin(xfull[:, cols].T, t[cols]) > LP_TOL
            if result[i]:
                passing = np.append(passing, b)
            else:
                failing = np.append(failing, b)
    return result


def _full_rank(xfull: np.ndarray, colmask: np.ndarray) -> np.ndarray:
    if np.linalg.matrix_rank(xfull) == xfull.shape[1]:
        return np.ones(colmask.shape[0], dtype=bool)
    ranks = np.linalg.matrix_rank(xfull[None, :, :] * colmask[:, None, :])
    return ranks == colmask.sum(axis=1)


def _fit_group(
    y: np.ndarray,
    m: int,
    params: np.ndarray,
    colmask: np.ndarray,
    keep: np.ndarray,
    ident: np.ndarray,
) -> dict[str, np.ndarray]:
    """Batched fits of the identifiable models of one group, with existence certificates."""
    out = {
        "beta0": np.full(colmask.shape[0], np.nan),
        "loglik": np.full(colmask.shape[0], np.nan),
        "certified": np.zeros(colmask.shape[0], dtype=bool),
        "converged": np.zeros(colmask.shape[0], dtype=bool),
    }
    rows_all = np.flatnonzero(ident)
    for start in range(0, rows_all.size, CHUNK):
        rows = rows_all[start : start + CHUNK]
        # good models converge in < 10 steps; the rest are settled by LP and refitted if finite
        fit = fit_batch(y, m, params, colmask[rows], keep, max_iter=25)
        out["beta0"][rows] = fit.beta[:, 0]
        out["loglik"][rows] = fit.loglik
        out["certified"][rows] = certified_exists(fit.mu_min, fit.grad_max, fit.converged)
        out["converged"][rows] = fit.converged
    return out


def bic_table(y: np.ndarray, m: int, models: Sequence[tuple[int, ...]]) -> BicTable:
    """Fit every model that passes the checks and compute its BIC."""
    n = y.sum()
    nstar = superset_sums(y, m)
    estimate = np.full(len(models), np.nan)
    bic = np.full(len(models), np.nan)
    check = np.zeros(len(models), dtype=np.int8)
    for neg, idx in _group_models(nstar, m, models).items():
        keep = kept_cells(m, neg)
        est_terms = sorted({t for i in idx for t in models[i] if t not in neg})
        singles = [1 << j for j in range(m) if (1 << j) not in neg]
        params = np.array([0, *singles, *est_terms], dtype=np.int64)
        colmask = np.ones((len(idx), params.size), dtype=bool)
        pos = {t: k for k, t in enumerate(params)}
        for row, i in enumerate(idx):
            present = set(models[i])
            for t in est_terms:
                colmask[row, pos[t]] = t in present
        xfull = design(m, params)[keep]
        ident = _full_rank(xfull, colmask)
        fitted = _fit_group(y, m, params, colmask, keep, ident)
        certified = ident & fitted["certified"]
        if np.array_equal(certified, ident) or lp_margin(xfull.T, xfull.T @ y[keep]) > LP_TOL:
            exists = np.ones(len(idx), dtype=bool)  # non-identifiable ones fail on rank alone
        else:
            exists = _exists_monotone(xfull, y[keep], colmask, certified)
        codes = (~exists).astype(np.int8) | (2 * ~ident).astype(np.int8)
        check[idx] = codes
        good = np.flatnonzero(codes == 0)
        slow = good[~fitted["converged"][good]]
        if slow.size:  # finite MLE (by LP) far out: iterate longer
            refit = fit_batch(y, m, params, colmask[slow], keep, max_iter=500)
            fitted["beta0"][slow], fitted["loglik"][slow] = refit.beta[:, 0], refit.loglik
        sel = np.asarray(idx)[good]
        npars = 1 + m + np.array([len(models[i]) for i in sel], dtype=float)
        estimate[sel] = n + np.exp(fitted["beta0"][good])
        bic[sel] = npars * np.log(n) - 2 * fitted["loglik"][good]
    return BicTable(list(models), estimate, bic, check)


def select_bic(
    y: np.ndarray,
    m: int,
    maxorder: int = 2,
    models: Sequence[tuple[int, ...]] | None = None,
) -> tuple[Selection, BicTable]:
    """The hierarchical model with the smallest BIC among those that can be fitted."""
    catalogue = list(models) if models is not None else hierarchical_models(m, maxorder)
    with one_blas_thread():
        table = bic_table(y, m, catalogue)
    order = table.order()
    if order.size == 0:
        raise EstimationInputError(
            "no hierarchical model has a finite, identifiable estimate on these data",
            field="method",
        )
    best = catalogue[order[0]]
    ranking = tuple(
        (catalogue[i], float(table.estimate[i]), float(table.bic[i])) for i in order[:10]
    )
    selection = Selection(
        method="bic",
        fit=fit_model(y, m, best),
        n_models=len(catalogue),
        n_failed=int(np.sum(table.check != Check.OK)),
        ranking=ranking,
    )
    return selection, table
