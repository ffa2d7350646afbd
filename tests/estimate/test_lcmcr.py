"""Latent-class (LCMCR-style) Gibbs sampler: recovers a known N, deterministic per seed."""

from __future__ import annotations

import numpy as np

from thb.estimate.data import CaptureTable
from thb.estimate.lcmcr import LatentClassEstimator


def _simulate(n: int, seed: int) -> CaptureTable:
    rng = np.random.default_rng(seed)
    hard = rng.random(n) < 0.6
    p = np.where(hard[:, None], [0.2, 0.15, 0.25, 0.2, 0.15], [0.5, 0.4, 0.6, 0.45, 0.5])
    x = (rng.random((n, 5)) < p).astype(np.int8)
    seen = x[x.sum(axis=1) > 0]
    hist, counts = np.unique(seen, axis=0, return_counts=True)
    return CaptureTable(("A", "B", "C", "D", "E"), hist, counts)


def test_recovers_known_population_roughly() -> None:
    table = _simulate(3000, seed=5)
    est = LatentClassEstimator(n_iter=4000, burn_in=2000, random_state=1).fit(table)
    lo, hi = est.interval_
    assert lo < 3000 < hi
    assert abs(est.estimate_ - 3000) / 3000 < 0.2
    assert est.samples_.min() >= table.n_observed


def test_same_seed_same_draws() -> None:
    table = _simulate(800, seed=2)
    a = LatentClassEstimator(n_iter=300, burn_in=100, random_state=9).fit(table)
    b = LatentClassEstimator(n_iter=300, burn_in=100, random_state=9).fit(table)
    c = LatentClassEstimator(n_iter=300, burn_in=100, random_state=10).fit(table)
    assert np.array_equal(a.samples_, b.samples_)
    assert not np.array_equal(a.samples_, c.samples_)
    assert len(a.samples_) == 300 // 5
