"""Choose a Dice threshold without ground truth, and assign pairs one-to-one."""

from __future__ import annotations

import numpy as np

from thb.linkage.pprl.similarity import popcount_words, popcounts

THRESHOLD_GRID = np.round(np.arange(0.5, 0.951, 0.01), 2)


def greedy_one_to_one(i: np.ndarray, j: np.ndarray, sim: np.ndarray) -> np.ndarray:
    """Indices of the pairs greedy assignment keeps (descending similarity, ties by i then j).

    Vectorised as rounds of mutual-best pairs under a strict order, which equals the greedy result.
    """
    order = np.lexsort((j, i, -sim))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    alive = np.arange(len(i))
    keep: list[np.ndarray] = []
    n_a = int(i.max()) + 1 if len(i) else 0
    n_b = int(j.max()) + 1 if len(j) else 0
    while len(alive):
        ai, bj, r = i[alive], j[alive], rank[alive]
        best_a = np.full(n_a, np.iinfo(np.int64).max)
        best_b = np.full(n_b, np.iinfo(np.int64).max)
        np.minimum.at(best_a, ai, r)
        np.minimum.at(best_b, bj, r)
        mutual = (best_a[ai] == r) & (best_b[bj] == r)
        chosen = alive[mutual]
        keep.append(chosen)
        used_a = np.zeros(n_a, bool)
        used_b = np.zeros(n_b, bool)
        used_a[i[chosen]] = True
        used_b[j[chosen]] = True
        alive = alive[~(used_a[ai] | used_b[bj])]
    out = np.concatenate(keep) if keep else np.empty(0, np.int64)
    return out[np.argsort(rank[out])]


def best_two_sample(
    a: np.ndarray, b: np.ndarray, sample: int = 500, random_state: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Best and second-best Dice in B of sampled A records (the second is always a non-match)."""
    if len(b) < 2 or len(a) == 0:
        return np.empty(0), np.empty(0)
    rng = np.random.default_rng(random_state)
    rows = rng.choice(len(a), size=min(sample, len(a)), replace=False)
    pb, pa = popcounts(b), popcounts(a)
    best, second = [], []
    for r in rows:
        inter = popcount_words(a[r] & b).sum(axis=1, dtype=np.int64)
        denom = pb + pa[r]
        dice = np.divide(2.0 * inter, denom, out=np.zeros(len(b)), where=denom > 0)
        top = np.partition(dice, len(dice) - 2)[-2:]
        best.append(top.max())
        second.append(top.min())
    return np.array(best), np.array(second)


def choose_threshold(matched: np.ndarray, best: np.ndarray, second: np.ndarray, n_a: int) -> float:
    """Threshold minimising expected false + missed matches, using no ground truth.

    `matched` are the one-to-one similarities found at the grid floor; `best`/`second` come from
    sampled A records. A record whose best is no better than the 99th percentile of second-best
    values looks partnerless; their share estimates how many matched pairs are chance pairs, and
    the second-best values give the similarity such chance pairs reach.
    """
    if len(matched) == 0 or len(second) == 0:
        return 0.8
    partnerless = best <= np.quantile(second, 0.99)
    junk_sims = second  # a partnerless record's best is, like a second best, a non-match
    junk = min(float(len(matched)), float(partnerless.mean()) * n_a)
    best_t, best_err = 0.8, np.inf
    for t in THRESHOLD_GRID:
        false_pos = junk * float((junk_sims >= t).mean())
        missed = max(0.0, float((matched < t).sum()) - junk * float((junk_sims < t).mean()))
        if false_pos + missed < best_err - 1e-9:
            best_t, best_err = float(t), false_pos + missed
    return best_t
