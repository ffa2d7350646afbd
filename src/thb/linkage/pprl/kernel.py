"""Compiled Dice comparison (numba): every pair in one pass, no temporaries, exact early abandon.

The vectorised NumPy path (``similarity``) writes an intermediate array per 64-bit word and
is bound by memory traffic; this loop keeps a pair's words in registers and stops after
the first half of the words when even full agreement on the rest could not reach the
threshold. Both give the same pairs (``tests/linkage/test_pprl_match.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic


def _ctpop(typingctx: Any, x: Any) -> tuple[Any, Any]:  # pragma: no cover - compiled
    """The CPU's popcount instruction (LLVM's ctpop) on one 64-bit word, as an int64."""
    signature = types.int64(types.uint64)

    def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        ctpop = builder.module.declare_intrinsic("llvm.ctpop", [ir.IntType(64)])
        return builder.call(ctpop, args)

    return signature, codegen


_popcount: Any = intrinsic(_ctpop)


# Below the threshold by more than rounding: the pair cannot reach it. Dice itself is then
# computed as the NumPy path does, so both keep exactly the same pairs.
SAFE = 1.0 - 1e-9


@njit(nogil=True, cache=True)
def dice_rows(  # pragma: no cover - compiled
    a: np.ndarray,
    b: np.ndarray,
    pa: np.ndarray,
    pb: np.ndarray,
    rest_a: np.ndarray,
    rest_b: np.ndarray,
    split: int,
    threshold: float,
    out_i: np.ndarray,
    out_j: np.ndarray,
    out_dice: np.ndarray,
) -> int:
    """Pairs of rows of ``a`` and ``b`` with Dice >= threshold, written to the out arrays.

    Returns how many there are; when that exceeds the arrays' length, only the first
    fitted and the caller calls again with longer arrays. ``rest_*`` are the set bits
    after word ``split``: a pair whose first words leave it short even with all of those
    shared is dropped there.
    """
    words = a.shape[1]
    found = 0
    for i in range(a.shape[0]):
        for j in range(b.shape[0]):
            denom = pa[i] + pb[j]
            if denom == 0:
                continue
            need = threshold * denom * SAFE
            inter = 0
            for w in range(split):
                inter += _popcount(a[i, w] & b[j, w])
            if split < words:
                if 2.0 * (inter + min(rest_a[i], rest_b[j])) < need:
                    continue
                for w in range(split, words):
                    inter += _popcount(a[i, w] & b[j, w])
            if 2.0 * inter < need:
                continue
            dice = 2.0 * inter / denom
            if dice >= threshold:
                if found < out_i.shape[0]:
                    out_i[found], out_j[found], out_dice[found] = i, j, dice
                found += 1
    return found
