"""Candidate pairs without comparing everything: LSH banding over filter bits, keyed year blocks."""

from __future__ import annotations

import numpy as np


def join_keys(ka: np.ndarray, kb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j) with ka[i] == kb[j] (keys of 0 never match), via sort and searchsorted."""
    order = np.argsort(kb, kind="stable")
    sorted_b = kb[order]
    lo = np.searchsorted(sorted_b, ka, side="left")
    hi = np.searchsorted(sorted_b, ka, side="right")
    counts = np.where(ka == 0, 0, hi - lo)
    i = np.repeat(np.arange(len(ka)), counts)
    starts = np.repeat(lo, counts)
    offsets = np.arange(len(i)) - np.repeat(np.cumsum(counts) - counts, counts)
    return i, order[starts + offsets]


def _unique_pairs(
    parts: list[tuple[np.ndarray, np.ndarray]], nb: int
) -> tuple[np.ndarray, np.ndarray]:
    if not parts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    flat = np.unique(np.concatenate([i.astype(np.int64) * nb + j for i, j in parts]))
    return flat // nb, flat % nb


def _band_signatures(filters: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """One uint64 signature per filter from the bits at the band's positions (+1, so never 0)."""
    bits = (filters[:, positions >> 6] >> (positions & 63).astype(np.uint64)) & np.uint64(1)
    weights = np.left_shift(np.uint64(1), np.arange(len(positions), dtype=np.uint64))
    return (bits * weights).sum(axis=1, dtype=np.uint64) + np.uint64(1)


def lsh_candidates(
    a: np.ndarray,
    b: np.ndarray,
    bands: int = 150,
    bits_per_band: int = 16,
    random_state: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs whose filters agree on every sampled bit of at least one band (AND in, OR across)."""
    if not 1 <= bits_per_band <= 63:
        raise ValueError(f"bits_per_band must be 1..63, got {bits_per_band}")
    length = a.shape[1] * 64
    rng = np.random.default_rng(random_state)
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    for band in range(bands):
        pos = rng.choice(length, size=bits_per_band, replace=False).astype(np.int64)
        parts.append(join_keys(_band_signatures(a, pos), _band_signatures(b, pos)))
        if band % 16 == 15:  # deduplicate as we go so memory follows distinct candidates
            parts = [_unique_pairs(parts, len(b))]
    return _unique_pairs(parts, len(b))


def year_candidates(keys_a: np.ndarray, keys_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs whose keyed birth years differ by at most one (A's own year against B's three)."""
    parts = [join_keys(keys_a[:, 1], keys_b[:, c]) for c in range(keys_b.shape[1])]
    return _unique_pairs(parts, len(keys_b))
