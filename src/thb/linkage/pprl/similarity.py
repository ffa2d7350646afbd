"""Dice similarity of bit-packed Bloom filters: the compiled kernel (``kernel.py``) or tiled,
vectorised NumPy popcount, with bounded memory."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

_HAS_BITWISE_COUNT = hasattr(np, "bitwise_count")
_BYTE_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def popcount_words_lut(words: np.ndarray) -> np.ndarray:
    """Set bits per uint64 element via a byte lookup table (NumPy < 2 has no bitwise_count)."""
    as_bytes = np.ascontiguousarray(words, dtype=np.uint64).view(np.uint8)
    return _BYTE_POPCOUNT[as_bytes.reshape(*words.shape, 8)].sum(axis=-1, dtype=np.uint8)


def popcount_words(words: np.ndarray) -> np.ndarray:
    """Set bits per uint64 element (np.bitwise_count on NumPy 2, a byte lookup table before)."""
    if _HAS_BITWISE_COUNT:
        return np.bitwise_count(words)
    return popcount_words_lut(words)


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


def _tile_intersections(
    a: np.ndarray, bt: np.ndarray, acc: np.ndarray, tmp: np.ndarray, words: range
) -> None:
    """acc[r, c] += popcount(a[r] & b[c]) over `words`, one 2-D pass per 64-bit word."""
    small = np.empty(acc.shape, dtype=np.uint8)
    for w in words:
        np.bitwise_and(a[:, w, None], bt[w][None, :], out=tmp)
        if _HAS_BITWISE_COUNT:
            np.bitwise_count(tmp, out=small)
            np.add(acc, small, out=acc)
        else:
            np.add(acc, popcount_words(tmp), out=acc)


def _dice_where(inter: np.ndarray, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:
    denom = pa + pb
    return np.where(denom > 0, 2.0 * inter / np.maximum(denom, 1), 0.0)


def iter_dice_above(
    a: np.ndarray,
    b: np.ndarray,
    threshold: float,
    tile_rows: int = 64,
    tile_cols: int = 4096,
    early_abandon: bool = True,
    compiled: bool = True,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """All pairs with Dice >= threshold by full comparison, yielded tile by tile as (i, j, dice).

    Exact early abandoning: after the first half of the words, a pair whose intersection cannot
    reach the threshold even if the second halves agreed completely is dropped; when few pairs
    survive, only those are finished. ``compiled`` runs the numba kernel (``kernel.py``), else
    the vectorised NumPy tiles below; both give the same pairs.
    """
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"filters differ in width: {a.shape[1]} vs {b.shape[1]} words")
    if compiled:
        yield from _compiled_dice_above(a, b, threshold, tile_rows * 4, early_abandon)
        return
    words = a.shape[1]
    split = words // 2 if early_abandon and words >= 4 else words
    pa, pb = popcounts(a), popcounts(b)
    ra, rb = popcounts(a[:, split:]), popcounts(b[:, split:])
    t = np.float32(threshold)
    # final test: 2*inter >= t*(pa+pb); half-way bound: 2*inter_half + ra + rb >= t*(pa+pb)
    slack = np.float32(0.01)  # float32 rounding must never drop a pair exactly at threshold
    ha, hb = (pa * t / 2 - slack).astype(np.float32), (pb * t / 2).astype(np.float32)
    qa = ((pa * t - ra) / 2 - slack).astype(np.float32)
    qb = ((pb * t - rb) / 2).astype(np.float32)
    bt = np.ascontiguousarray(b.T)
    for c0 in range(0, len(b), tile_cols):
        btile = bt[:, c0 : c0 + tile_cols]
        m = btile.shape[1]
        tmp = np.empty((tile_rows, m), dtype=np.uint64)
        acc = np.empty((tile_rows, m), dtype=np.uint16)
        need = np.empty((tile_rows, m), dtype=np.float32)
        for r0 in range(0, len(a), tile_rows):
            atile = a[r0 : r0 + tile_rows]
            n = len(atile)
            t_acc, t_need = acc[:n], need[:n]
            t_acc[...] = 0
            _tile_intersections(atile, btile, t_acc, tmp[:n], range(split))
            if split < words:
                np.add(qa[r0 : r0 + n, None], qb[None, c0 : c0 + m], out=t_need)
                alive = t_acc >= t_need
                if np.count_nonzero(alive) <= alive.size // 20:
                    rows, cols = np.nonzero(alive)
                    gi, gj = rows + r0, cols + c0
                    rest = popcount_words(a[gi, split:] & b[gj, split:]).sum(axis=1)
                    dice = _dice_where(t_acc[rows, cols] + rest, pa[gi], pb[gj])
                    keep = dice >= threshold
                    yield gi[keep], gj[keep], dice[keep]
                    continue
                _tile_intersections(atile, btile, t_acc, tmp[:n], range(split, words))
            np.add(ha[r0 : r0 + n, None], hb[None, c0 : c0 + m], out=t_need)
            rows, cols = np.nonzero(t_acc >= t_need)
            if len(rows):
                gi, gj = rows + r0, cols + c0
                dice = _dice_where(t_acc[rows, cols], pa[gi], pb[gj])
                keep = dice >= threshold
                yield gi[keep], gj[keep], dice[keep]


def _compiled_dice_above(
    a: np.ndarray, b: np.ndarray, threshold: float, rows: int, early_abandon: bool
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The kernel over blocks of ``rows`` rows of ``a``; its output arrays grow on demand."""
    from thb.linkage.pprl.kernel import dice_rows

    words = a.shape[1]
    split = words // 2 if early_abandon and words >= 4 else words
    a, b = np.ascontiguousarray(a, np.uint64), np.ascontiguousarray(b, np.uint64)
    pa, pb = popcounts(a), popcounts(b)
    ra, rb = popcounts(a[:, split:]), popcounts(b[:, split:])
    size = 1 << 12
    for r0 in range(0, len(a), rows):
        block = slice(r0, r0 + rows)
        while True:
            out = np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size, np.float64)
            found = dice_rows(a[block], b, pa[block], pb, ra[block], rb, split, threshold, *out)
            if found <= size:
                break
            size = found
        yield out[0][:found] + r0, out[1][:found], out[2][:found]


def dice_above(
    a: np.ndarray, b: np.ndarray, threshold: float, compiled: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Collect iter_dice_above into three arrays (i, j, dice)."""
    parts = list(iter_dice_above(a, b, threshold, compiled=compiled))
    if not parts:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64)
    return tuple(np.concatenate(p) for p in zip(*parts, strict=True))  # type: ignore[return-value]
