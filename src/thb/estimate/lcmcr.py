"""Bayesian latent-class estimate (LCMCR; Manrique-Vallier 2016, Biometrics 72(4)).

People fall into latent classes; within a class the lists act independently (product of
Bernoullis). Class weights follow a truncated stick-breaking Dirichlet process with a Gamma
prior on its concentration; the population size has the prior p(N) ~ 1/N. The Gibbs sampler
works on the aggregated histories, so each sweep is a few vector operations whatever N is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from thb.estimate.data import CaptureTable


@dataclass(frozen=True)
class _State:
    log_pi: np.ndarray  # (K,)
    lam: np.ndarray  # (J, K)
    alpha: float


class LatentClassEstimator:
    """Population size from a Dirichlet-process mixture of product-Bernoulli capture models.

    Parameters
    ----------
    n_classes : int
        Truncation level K of the stick-breaking prior.
    n_iter : int
        Gibbs sweeps kept after burn-in (before thinning).
    burn_in : int
        Sweeps discarded first.
    thin : int
        Keep every `thin`-th sweep.
    a_alpha, b_alpha : float
        Gamma(shape, rate) prior on the concentration (the LCMCR defaults 0.25, 0.25).
    random_state : int or None
        Seed; the same seed gives the same draws.

    Attributes
    ----------
    samples_ : ndarray of posterior draws of N.
    estimate_ : posterior median of N.
    interval_ : central credible interval (2.5%, 97.5%) of N.
    """

    def __init__(
        self,
        n_classes: int = 10,
        n_iter: int = 10000,
        burn_in: int = 5000,
        thin: int = 5,
        a_alpha: float = 0.25,
        b_alpha: float = 0.25,
        random_state: int | None = None,
    ) -> None:
        self.n_classes = n_classes
        self.n_iter = n_iter
        self.burn_in = burn_in
        self.thin = thin
        self.a_alpha = a_alpha
        self.b_alpha = b_alpha
        self.random_state = random_state

    def fit(self, table: CaptureTable) -> LatentClassEstimator:
        """Run the Gibbs sampler on the observed histories."""
        rng = np.random.default_rng(self.random_state)
        x = table.histories.astype(np.float64)  # (H, J)
        c = table.counts.astype(np.int64)
        n = int(c.sum())
        k = self.n_classes
        state = _State(np.full(k, -np.log(k)), rng.beta(1.0, 1.0, (x.shape[1], k)), 1.0)
        draws = []
        for it in range(self.burn_in + self.n_iter):
            state, n0 = _sweep(rng, state, x, c, n, self.a_alpha, self.b_alpha)
            if it >= self.burn_in and (it - self.burn_in) % self.thin == 0:
                draws.append(n + n0)
        self.samples_ = np.asarray(draws, dtype=np.int64)
        self.estimate_ = float(np.median(self.samples_))
        lo, hi = np.quantile(self.samples_, [0.025, 0.975])
        self.interval_ = (float(lo), float(hi))
        return self


def _sweep(
    rng: np.random.Generator,
    state: _State,
    x: np.ndarray,
    c: np.ndarray,
    n: int,
    a_alpha: float,
    b_alpha: float,
) -> tuple[_State, int]:
    log_lam = np.log(state.lam)
    log_1m = np.log1p(-state.lam)
    # class memberships of the observed people, history by history
    logp = state.log_pi + x @ log_lam + (1 - x) @ log_1m  # (H, K)
    p = np.exp(logp - logp.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    n_hk = rng.multinomial(c, p)  # (H, K)
    # the unobserved: how many, then their classes
    log_p0k = state.log_pi + log_1m.sum(axis=0)
    p0 = float(np.exp(log_p0k).sum())
    p_seen = min(max(1.0 - p0, 1e-12), 1.0)
    n0 = int(rng.negative_binomial(n, p_seen))
    q0 = np.exp(log_p0k - log_p0k.max())
    n_0k = rng.multinomial(n0, q0 / q0.sum())
    n_k = n_hk.sum(axis=0) + n_0k
    s_jk = x.T @ n_hk  # (J, K)
    lam = rng.beta(1.0 + s_jk, 1.0 + n_k - s_jk)
    lam = np.clip(lam, 1e-12, 1 - 1e-12)
    # truncated stick-breaking weights and concentration
    tail = np.concatenate([np.cumsum(n_k[::-1])[::-1][1:], [0]])
    v = rng.beta(1.0 + n_k[:-1], state.alpha + tail[:-1])
    v = np.clip(v, 1e-12, 1 - 1e-12)
    log_v = np.append(np.log(v), 0.0)
    log_1mv = np.concatenate([[0.0], np.cumsum(np.log1p(-v))])
    log_pi = log_v + log_1mv
    rate = b_alpha - np.log1p(-v).sum()
    alpha = float(rng.gamma(a_alpha + len(v), 1.0 / rate))
    return _State(log_pi, lam, alpha), n0
