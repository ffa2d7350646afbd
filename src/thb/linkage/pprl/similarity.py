"""Dice similarity of bit-packed Bloom filters: tiled, vectorised popcount, bounded memory."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

_HAS_BITWISE_COUNT = hasattr(np, "bitwise_count")
_BYTE_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def popcount_words(words: np.ndarray) -> np.ndarray:
    """Set bits per uint64 element (np.bitwise_count on NumPy 2, a byte lookup table before)."""
    if _HAS_BITWISE_COUNT:
        return np.bitwise_count(words)
    as_bytes = np.ascontiguousarray(words).view(np.uint8).reshape(*words.shape, 8)
    return _BYTE_POPCOUNT[as_bytes].sum(axis=-1, dtype=np.uint8)


def popcounts(filters: np.ndarray) -> np.ndarray:
    """Set bits per filter (row)."""
    return popcount_words(filters).sum(axis=1, dtype=np.int64)


def dice_of_pairs(
    a: np.ndarray, b: np.ndarray, i: np.ndarray, j: np.ndarray, chunk: int = 1 << 18
) -> np.ndarray:
    """Dice similarity for listed pairs (i into a, j into b), in chunks to bound memory."""
    pa, pb = popcounts(a), popcounts(b)
    out = np.empty(len(i), dtype=np.float64)
    for s in range(0, len(i), chunk):
        ii, jj = i[s : s + chunk], j[s : s + chunk]
        inter = popcount_words(a[ii] & b[jj]).sum(axis=1, dtype=np.int64)
        denom = pa[ii] + pb[jj]
        out[s : s + chunk] = np.divide(2.0 * inter, denom, out=np.zeros(len(ii)), where=denom > 0)
    return out


def _tile_intersections(a: np.ndarray, bt: np.ndarray, acc: np.ndarray, tmp: np.ndarray) -> None:
    """acc[r, c] = popcount(a[r] & b[c]) with one 2-D pass per 64-bit word (cache-sized tiles)."""
    small = np.empty(acc.shape, dtype=np.uint8)
    np.bitwise_and(a[:, 0, None], bt[0][None, :], out=tmp)
    acc[...] = popcount_words(tmp)
    for w in range(1, a.shape[1]):
        np.bitwise_and(a[:, w, None], bt[w][None, :], out=tmp)
        if _HAS_BITWISE_COUNT:
            np.bitwise_count(tmp, out=small)
            np.add(acc, small, out=acc)
        else:
            np.add(acc, popcount_words(tmp), out=acc)


def iter_dice_above(
    a: np.ndarray,
    b: np.ndarray,
    threshold: float,
    tile_rows: int = 64,
    tile_cols: int = 4096,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """All pairs with Dice >= threshold by full comparison, yielded tile by tile as (i, j, dice)."""
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"filters differ in width: {a.shape[1]} vs {b.shape[1]} words")
    pa, pb = popcounts(a), popcounts(b)
    half_t = np.float32(threshold / 2.0)
    ha, hb = (pa * half_t).astype(np.float32), (pb * half_t).astype(np.float32)
    bt = np.ascontiguousarray(b.T)
    for c0 in range(0, len(b), tile_cols):
        btile, hbt = bt[:, c0 : c0 + tile_cols], hb[c0 : c0 + tile_cols]
        m = btile.shape[1]
        tmp = np.empty((tile_rows, m), dtype=np.uint64)
        acc = np.empty((tile_rows, m), dtype=np.uint16)
        need = np.empty((tile_rows, m), dtype=np.float32)
        for r0 in range(0, len(a), tile_rows):
            atile = a[r0 : r0 + tile_rows]
            n = len(atile)
            t_acc, t_need = acc[:n], need[:n]
            _tile_intersections(atile, btile, t_acc, tmp[:n])
            np.add(ha[r0 : r0 + n, None], hbt[None, :], out=t_need)
            rows, cols = np.nonzero(t_acc >= t_need)
            if len(rows):
                gi, gj = rows + r0, cols + c0
                denom = pa[gi] + pb[gj]
                dice = np.where(denom > 0, 2.0 * t_acc[rows, cols] / np.maximum(denom, 1), 0.0)
                keep = dice >= threshold
                yield gi[keep], gj[keep], dice[keep]


def dice_above(
    a: np.ndarray, b: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Collect iter_dice_above into three arrays (i, j, dice)."""
    parts = list(iter_dice_above(a, b, threshold))
    if not parts:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64)
    return tuple(np.concatenate(p) for p in zip(*parts, strict=True))  # type: ignore[return-value]
