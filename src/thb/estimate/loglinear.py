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

import numpy as np
from scipy.special import gammaln

ETA_MAX = 700.0


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


def _newton_step(
    beta: np.ndarray,
    d: np.ndarray,
    keep: np.ndarray,
    tstat: np.ndarray,
    union: np.ndarray,
    colmask: np.ndarray,
    m: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    eta = np.minimum(beta @ d.T, ETA_MAX)
    mu = np.exp(eta) * keep
    big = superset_sums(mu, m)
    grad = (tstat - big[:, union[0]]) * colmask
    hess = big[:, union]
    off = ~colmask
    hess = hess * (colmask[:, :, None] & colmask[:, None, :])
    idx = np.arange(colmask.shape[1])
    hess[:, idx, idx] += off
    return grad, hess, mu, eta


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
    nb, npar = colmask.shape
    keepf = keep.astype(np.float64)
    d = design(m, params)
    union = params[:, None] | params[None, :]
    tstat = superset_sums(y * keepf, m)[params]
    if beta0 is None:
        beta = _initial_beta(y * keepf, keepf, m, params, union, colmask)
    else:
        beta = np.where(colmask, beta0, 0.0)
    converged = np.zeros(nb, dtype=bool)
    active = np.arange(nb)
    for _ in range(max_iter):
        grad, hess, _, _ = _newton_step(beta[active], d, keepf, tstat, union, colmask[active], m)
        try:
            step = np.linalg.solve(hess, grad[..., None])[..., 0]
        except np.linalg.LinAlgError:
            step = np.stack([np.linalg.lstsq(h, g, rcond=None)[0] for h, g in zip(hess, grad)])
        step = np.clip(step, -10.0, 10.0)
        beta[active] += step
        done = np.abs(step).max(axis=1) < tol * (1.0 + np.abs(beta[active]).max(axis=1))
        converged[active[done]] = True
        active = active[~done]
        if active.size == 0:
            break
    grad, hess, mu, eta = _newton_step(beta, d, keepf, tstat, union, colmask, m)
    e0 = np.zeros((nb, npar, 1))
    e0[:, 0, 0] = 1.0
    try:
        var0 = np.linalg.solve(hess, e0)[:, 0, 0]
    except np.linalg.LinAlgError:
        var0 = np.full(nb, np.nan)
    ykeep = y * keepf
    logmu = np.where(keep, eta, 0.0)
    loglik = (ykeep * logmu).sum(axis=1) - mu.sum(axis=1) - (gammaln(ykeep + 1) * keepf).sum()
    mu_min = np.where(keep, mu, np.inf).min(axis=1)
    return BatchFit(beta, var0, loglik, converged, mu_min, np.abs(grad).max(axis=1))


def _initial_beta(
    ykeep: np.ndarray,
    keepf: np.ndarray,
    m: int,
    params: np.ndarray,
    union: np.ndarray,
    colmask: np.ndarray,
) -> np.ndarray:
    """glm's start: weighted least squares of log(y + 0.1) with weights y + 0.1."""
    mu0 = (ykeep + 0.1) * keepf
    z = np.log(ykeep + 0.1) * keepf
    h = superset_sums(mu0, m)[union]
    rhs = superset_sums(mu0 * z, m)[params]
    hess = np.broadcast_to(h, (colmask.shape[0], *h.shape)).copy()
    hess *= colmask[:, :, None] & colmask[:, None, :]
    idx = np.arange(colmask.shape[1])
    hess[:, idx, idx] += ~colmask
    rhs_b = rhs[None, :] * colmask
    return np.linalg.solve(hess, rhs_b[..., None])[..., 0]


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
    params = model_params(m, sorted(set(terms), key=lambda s: (int(popcount(s)), s)))
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
    start = None
    if beta0 is not None:
        start = np.array([[beta0.get(int(s), 0.0) for s in est]])
    fit = fit_batch(y, m, est, np.ones((1, est.size), bool), keep, start)
    return LoglinearFit(
        terms=tuple(int(t) for t in terms),
        neg_inf=neg_inf,
        beta=fit.beta[0],
        params=est,
        var0=float(fit.var0[0]),
        loglik=float(fit.loglik[0]),
        n_params=est.size + len(neg_inf),
        n_observed=int(round(y.sum())),
        converged=bool(fit.converged[0]),
        mu_min=float(fit.mu_min[0]),
        grad_max=float(fit.grad_max[0]),
    )
