"""Poisson log-linear models on 2^m capture cells, fitted by batched Newton steps in numpy.

Cells and parameters are both bit masks over the lists: cell c is the history whose lists are
the set bits of c; parameter s (a set of lists) enters the log mean of every cell c that
contains s. Because the design is 0/1 with X[c, s] = [s within c], the Fisher information is
H[s, t] = sum of mu over cells containing s|t, i.e. a superset-sum (zeta transform) of the
fitted means, read at s|t. That makes each Newton step a handful of vector operations, cheap
enough to fit tens of thousands of models at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from scipy.special import gammaln

ETA_MAX = 700.0


def one_blas_thread() -> Any:
    """Context limiting BLAS to one thread: on these tiny matrices extra threads only spin."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def popcount(masks: np.ndarray | int) -> np.ndarray:
    """Number of lists in each mask."""
    a = np.asarray(masks, dtype=np.int64)
    out = np.zeros_like(a)
    while np.any(a):
        out += a & 1
        a = a >> 1
    return out


def superset_sums(values: np.ndarray, m: int) -> np.ndarray:
    """Zeta transform over the last axis (length 2^m): out[s] = sum of values[c] for c >= s."""
    out = np.array(values, dtype=np.float64, copy=True)
    lead = out.shape[:-1]
    for j in range(m):
        view = out.reshape(*lead, 1 << (m - 1 - j), 2, 1 << j)
        view[..., 0, :] += view[..., 1, :]
    return out


def design(m: int, params: Sequence[int] | np.ndarray) -> np.ndarray:
    """0/1 design over all 2^m cells (rows) for the given parameter masks (columns)."""
    cells = np.arange(1 << m)[:, None]
    p = np.asarray(params, dtype=np.int64)[None, :]
    return ((cells & p) == p).astype(np.float64)


def pair_masks(m: int) -> list[int]:
    """All two-list masks in the reference order (1,2), (1,3), ..., (m-1, m)."""
    return [(1 << i) | (1 << j) for i, j in combinations(range(m), 2)]


def model_params(m: int, terms: Sequence[int]) -> np.ndarray:
    """Intercept, main effects, then the interaction terms, as parameter masks."""
    return np.array([0, *(1 << j for j in range(m)), *terms], dtype=np.int64)


def kept_cells(m: int, neg_inf: Sequence[int]) -> np.ndarray:
    """Cells still modelled once the minus-infinity terms have removed their supersets."""
    cells = np.arange(1 << m)
    keep = cells != 0
    for s in neg_inf:
        keep &= (cells & s) != s
    return keep


@dataclass(frozen=True)
class BatchFit:
    """Newton results for B models sharing the cell set; arrays are indexed by model."""

    beta: np.ndarray  # (B, P), zero where the column is not in the model
    var0: np.ndarray  # (B,) unscaled variance of the intercept
    loglik: np.ndarray  # (B,) Poisson log-likelihood over kept cells
    converged: np.ndarray  # (B,) bool
    mu_min: np.ndarray  # (B,) smallest fitted mean over kept cells
    grad_max: np.ndarray  # (B,) largest score component at the end


def _solve(hess: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Batched solve; singular systems (non-identifiable models) fall back to least squares."""
    try:
        return np.linalg.solve(hess, rhs[..., None])[..., 0]
    except np.linalg.LinAlgError:
        return np.stack(
            [np.linalg.lstsq(h, g, rcond=None)[0] for h, g in zip(hess, rhs, strict=True)]
        )


@dataclass(frozen=True)
class _SizeClass:
    """Models with the same number of columns, solved as one (B, k, k) stack."""

    rows: np.ndarray  # (B,) model indices
    cols: np.ndarray  # (B, k) column indices into params
    pmask: np.ndarray  # (B, k) parameter masks
    union: np.ndarray  # (B, k*k) masks s|t for the information matrix


def _size_classes(params: np.ndarray, colmask: np.ndarray) -> list[_SizeClass]:
    sizes = colmask.sum(axis=1)
    out = []
    for k in np.unique(sizes):
        rows = np.flatnonzero(sizes == k)
        cols = np.nonzero(colmask[rows])[1].reshape(rows.size, k)
        pm = params[cols]
        union = (pm[:, :, None] | pm[:, None, :]).reshape(rows.size, k * k)
        out.append(_SizeClass(rows, cols, pm, union))
    return out


def _information(
    beta: np.ndarray, d: np.ndarray, keepf: np.ndarray, m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fitted means, log means and their superset sums for full-width coefficient rows."""
    eta = np.minimum(beta @ d.T, ETA_MAX)
    mu = np.exp(eta) * keepf
    return mu, eta, superset_sums(mu, m)


def fit_batch(
    y: np.ndarray,
    m: int,
    params: np.ndarray,
    colmask: np.ndarray,
    keep: np.ndarray,
    beta0: np.ndarray | None = None,
    *,
    tol: float = 1e-10,
    max_iter: int = 60,
) -> BatchFit:
    """Fit B Poisson log-linear models (columns chosen by `colmask`) to counts `y` on `keep`."""
    colmask = np.atleast_2d(np.asarray(colmask, dtype=bool))
    nb = colmask.shape[0]
    keepf = keep.astype(np.float64)
    ykeep = y * keepf
    d = design(m, params)
    tfull = superset_sums(ykeep, m)
    beta = np.zeros((nb, params.size))
    out_var0 = np.full(nb, np.nan)
    out_grad = np.full(nb, np.nan)
    converged = np.zeros(nb, dtype=bool)
    for sc in _size_classes(params, colmask):
        k = sc.cols.shape[1]
        if beta0 is None:
            mu0 = (ykeep + 0.1) * keepf
            h0 = superset_sums(mu0, m)[sc.union].reshape(-1, k, k)
            r0 = superset_sums(mu0 * np.log(ykeep + 0.1), m)[sc.pmask]
            beta[sc.rows[:, None], sc.cols] = _solve(h0, r0)
        else:
            beta[sc.rows[:, None], sc.cols] = beta0[sc.rows[:, None], sc.cols]
        active = np.arange(sc.rows.size)
        for _ in range(max_iter):
            rows = sc.rows[active]
            _, _, big = _information(beta[rows], d, keepf, m)
            grad = tfull[sc.pmask[active]] - np.take_along_axis(big, sc.pmask[active], axis=1)
            hess = np.take_along_axis(big, sc.union[active], axis=1).reshape(-1, k, k)
            step = np.clip(_solve(hess, grad), -10.0, 10.0)
            beta[rows[:, None], sc.cols[active]] += step
            scale = 1.0 + np.abs(beta[rows]).max(axis=1)
            done = np.abs(step).max(axis=1) < tol * scale
            converged[rows[done]] = True
            active = active[~done]
            if active.size == 0:
                break
        _, _, big = _information(beta[sc.rows], d, keepf, m)
        hess = np.take_along_axis(big, sc.union, axis=1).reshape(-1, k, k)
        e0 = np.zeros((sc.rows.size, k))
        e0[:, 0] = 1.0
        out_var0[sc.rows] = _solve(hess, e0)[:, 0]
        grad = tfull[sc.pmask] - np.take_along_axis(big, sc.pmask, axis=1)
        out_grad[sc.rows] = np.abs(grad).max(axis=1)
    mu, eta, _ = _information(beta, d, keepf, m)
    logmu = np.where(keep, eta, 0.0)
    loglik = (ykeep * logmu).sum(axis=1) - mu.sum(axis=1) - (gammaln(ykeep + 1) * keepf).sum()
    mu_min = np.where(keep, mu, np.inf).min(axis=1)
    return BatchFit(beta, out_var0, loglik, converged, mu_min, out_grad)


@dataclass(frozen=True)
class LoglinearFit:
    """One fitted model: what the estimate and the Wald interval need."""

    terms: tuple[int, ...]
    neg_inf: tuple[int, ...]
    beta: np.ndarray
    params: np.ndarray
    var0: float
    loglik: float
    n_params: int
    n_observed: int
    converged: bool
    mu_min: float
    grad_max: float

    @property
    def dark_figure(self) -> float:
        """Estimated number of people no list saw: exp(intercept)."""
        return float(np.exp(self.beta[0]))

    @property
    def estimate(self) -> float:
        """Estimated total population."""
        return self.n_observed + self.dark_figure

    def wald_interval(self, level: float = 0.95) -> tuple[float, float]:
        """Model-conditional interval: seen + exp(intercept +- z * se)."""
        from scipy.stats import norm

        z = float(norm.ppf(0.5 + level / 2))
        se = float(np.sqrt(self.var0))
        b0 = float(self.beta[0])
        return (self.n_observed + np.exp(b0 - z * se), self.n_observed + np.exp(b0 + z * se))

    @property
    def aic(self) -> float:
        """AIC counting minus-infinity parameters, as the reference does."""
        return 2 * self.n_params - 2 * self.loglik

    @property
    def bic(self) -> float:
        """BIC with log(people seen) per parameter (Silverman, Chan & Vincent 2024)."""
        return self.n_params * np.log(self.n_observed) - 2 * self.loglik

    def fitted(self, m: int) -> np.ndarray:
        """Fitted means on all 2^m cells (0 on removed cells and on the unseen cell)."""
        keep = kept_cells(m, self.neg_inf)
        return np.exp(np.minimum(design(m, self.params) @ self.beta, ETA_MAX)) * keep


def split_terms(y: np.ndarray, m: int, terms: Sequence[int]) -> tuple[np.ndarray, tuple[int, ...]]:
    """Parameters to estimate and those at minus infinity (nobody has all their lists)."""
    params = model_params(m, sorted(set(terms), key=lambda s: (int(s).bit_count(), s)))
    nstar = superset_sums(y, m)[params]
    zero = params[1:][nstar[1:] == 0]
    est = params[np.concatenate([[True], nstar[1:] > 0])]
    return est, tuple(int(s) for s in zero)


def fit_model(
    y: np.ndarray,
    m: int,
    terms: Sequence[int],
    beta0: dict[int, float] | None = None,
) -> LoglinearFit:
    """Fit one model (no existence check: see `existence.check_model`)."""
    est, neg_inf = split_terms(y, m, terms)
    keep = kept_cells(m, neg_inf)
    x = design(m, est)[keep]
    start = None if beta0 is None else np.array([beta0.get(int(s), 0.0) for s in est])
    beta, var0, loglik, converged, mu_min, grad_max = fit_dense(x, y[keep], start)
    return LoglinearFit(
        terms=tuple(int(t) for t in terms),
        neg_inf=neg_inf,
        beta=beta,
        params=est,
        var0=var0,
        loglik=loglik,
        n_params=est.size + len(neg_inf),
        n_observed=int(round(y.sum())),
        converged=converged,
        mu_min=mu_min,
        grad_max=grad_max,
    )


def fit_dense(
    x: np.ndarray, y: np.ndarray, beta0: np.ndarray | None = None, *, tol: float = 1e-10
) -> tuple[np.ndarray, float, float, bool, float, float]:
    """One Poisson GLM by Newton on a small dense design (the stepwise hot path)."""
    if beta0 is None:
        w = y + 0.1
        xw = x * w[:, None]
        beta = np.linalg.solve(xw.T @ x, xw.T @ np.log(w))
    else:
        beta = beta0.astype(np.float64, copy=True)
    converged = False
    for _ in range(60):
        mu = np.exp(np.minimum(x @ beta, ETA_MAX))
        hess = (x * mu[:, None]).T @ x
        step = np.clip(_solve(hess[None], (x.T @ (y - mu))[None])[0], -10.0, 10.0)
        beta += step
        if np.abs(step).max() < tol * (1.0 + np.abs(beta).max()):
            converged = True
            break
    eta = np.minimum(x @ beta, ETA_MAX)
    mu = np.exp(eta)
    hess = (x * mu[:, None]).T @ x
    var0 = float(_solve(hess[None], np.eye(len(beta))[None, 0])[0, 0])
    loglik = float(np.sum(y * eta - mu - gammaln(y + 1)))
    grad = np.abs(x.T @ (y - mu)).max()
    return beta, var0, loglik, converged, float(mu.min()), float(grad)
