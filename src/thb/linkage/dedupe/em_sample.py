"""EM's training blocks, sampled by a seeded draw.

Splink samples a block of more pairs than ``max_pairs`` by its engine's hash of the
record id, and sizes the block by a 1% probe. Here each record draws a number once, in
pandas, from the estimator's seed; a block of more pairs than the budget keeps the
registrations whose draw is below a share p of the range, and so about p² of its pairs,
counted exactly. Filtering registrations before the join, as Splink does, keeps the join
small. (EM runs on DuckDB whatever the engine: ``Deduplicator._linker``.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from splink import block_on
from splink.blocking_rule_library import And, CustomRule

EM_DRAW = "em_draw"
_DRAWS = 2**30  # below 2**31: an int on every engine


def add_em_draw(records: pd.DataFrame, seed: int) -> None:
    """Give each registration its draw for EM's sample (in place)."""
    records[EM_DRAW] = np.random.default_rng(seed).integers(0, _DRAWS, len(records))


def block_pairs(records: pd.DataFrame, columns: Sequence[str]) -> int:
    """Pairs of registrations that agree on all ``columns`` (none of them missing)."""
    codes = [pd.factorize(records[c])[0] for c in columns]  # missing: -1
    known = np.logical_and.reduce([code >= 0 for code in codes])
    return coded_pairs([code[known] for code in codes])


def coded_pairs(codes: Sequence[np.ndarray]) -> int:
    """Pairs of rows that agree on all the integer-coded columns (codes 0 and up)."""
    if not len(codes[0]):
        return 0
    key = np.asarray(codes[0], np.int64)
    for code in codes[1:]:  # one code per combination of values
        key = pd.factorize(key * (int(code.max()) + 1) + code)[0]
    sizes = np.bincount(key).astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def em_block(records: pd.DataFrame, columns: Sequence[str], max_pairs: float) -> Any:
    """Splink rule blocking on ``columns``, keeping about ``max_pairs`` of its pairs."""
    pairs = block_pairs(records, columns)
    if pairs <= max_pairs:
        return block_on(*columns)
    below = math.ceil(math.sqrt(max_pairs / pairs) * _DRAWS)
    sampled = f"l.{EM_DRAW} < {below} and r.{EM_DRAW} < {below}"
    return And(block_on(*columns), CustomRule(sampled))
