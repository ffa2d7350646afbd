"""Match two sets of encodings: candidates, Dice similarity, one-to-one greedy assignment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from thb.linkage.pprl.blocking import lsh_candidates, year_candidates
from thb.linkage.pprl.encode import EncodedRecords
from thb.linkage.pprl.schema import LinkageFileError
from thb.linkage.pprl.similarity import dice_above, dice_of_pairs
from thb.linkage.pprl.threshold import best_two_sample, choose_threshold, greedy_one_to_one

Blocking = Literal["auto", "none", "lsh", "year"]
FULL_COMPARISON_LIMIT = 20_000_000_000  # about two minutes on one core; bounded memory
REPORT_THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
_COMPARED_HEADER_KEYS = (
    "format",
    "format_version",
    "schema",
    "schema_version",
    "fields",
    "q",
    "filter_length",
    "encoding_length",
    "xor_folds",
    "hashes",
    "salt",
    "schema_definition",
)


def check_compatible(a: dict, b: dict) -> None:
    """Refuse to compare encodings made with different schemas, parameters or keys."""
    for key in _COMPARED_HEADER_KEYS:
        if a.get(key) != b.get(key):
            raise LinkageFileError(f"files differ in {key}: {a.get(key)!r} vs {b.get(key)!r}")
    if a.get("key_fingerprint") != b.get("key_fingerprint"):
        raise LinkageFileError(
            "files differ in key_fingerprint: they were encoded with different secrets "
            f"({a.get('key_fingerprint')} vs {b.get('key_fingerprint')})"
        )


@dataclass
class MatchResult:
    """Matched pairs and the overlap counts a linkage unit may report (never any name)."""

    pairs: pd.DataFrame
    records_a: int
    records_b: int
    threshold: float
    blocking: str
    candidate_pairs: int
    counts_by_threshold: dict[float, int] = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return len(self.pairs)


def _candidates(a: EncodedRecords, b: EncodedRecords, blocking: str, floor: float):
    if blocking == "none":
        return dice_above(a.filters, b.filters, floor), len(a) * len(b)
    if blocking == "lsh":
        i, j = lsh_candidates(a.filters, b.filters)
    else:
        if a.block_keys is None or b.block_keys is None:
            raise LinkageFileError("year blocking needs block keys, which these files lack")
        i, j = year_candidates(a.block_keys, b.block_keys)
    sim = dice_of_pairs(a.filters, b.filters, i, j)
    keep = sim >= floor
    return (i[keep], j[keep], sim[keep]), len(i)


def match_encodings(
    a: EncodedRecords,
    b: EncodedRecords,
    threshold: float | Literal["auto"] = 0.8,
    blocking: Blocking = "auto",
) -> MatchResult:
    """One-to-one matches with Dice >= threshold ('auto': chosen from the similarity data)."""
    check_compatible(a.header, b.header)
    if threshold != "auto" and not 0.0 < float(threshold) <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    if blocking == "auto":
        blocking = "none" if len(a) * len(b) <= FULL_COMPARISON_LIMIT else "lsh"
    # pairs are collected down to `floor`: the auto grid's start, or 0.1 below a fixed threshold
    floor = 0.5 if threshold == "auto" else min(float(threshold), max(0.5, float(threshold) - 0.1))
    (i, j, sim), compared = _candidates(a, b, blocking, floor)
    kept = greedy_one_to_one(i, j, sim)
    i, j, sim = i[kept], j[kept], sim[kept]
    if threshold == "auto":
        best, second = best_two_sample(a.filters, b.filters)
        chosen = choose_threshold(sim, best, second, len(a))
    else:
        chosen = float(threshold)
    shown = {t for t in REPORT_THRESHOLDS if t >= floor - 1e-9} | {chosen}
    counts = {t: int((sim >= t).sum()) for t in sorted(shown)}
    sel = sim >= chosen
    pairs = pd.DataFrame(
        {
            "record_id_a": a.record_ids[i[sel]],
            "record_id_b": b.record_ids[j[sel]],
            "similarity": np.round(sim[sel], 4),
        }
    ).sort_values(["similarity", "record_id_a"], ascending=[False, True], ignore_index=True)
    return MatchResult(pairs, len(a), len(b), chosen, blocking, compared, counts)
