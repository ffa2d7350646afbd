"""Pure helpers for a human review queue of uncertain pairs."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from thb.linkage.dedupe.clustering import decisions_frame


def uncertain_pairs(
    pairs: pd.DataFrame,
    low: float,
    high: float,
    *,
    decided: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Pairs with low <= match_probability < high, most uncertain (nearest 0.5) first.

    Pairs already in ``decided`` (record_id_l, record_id_r, decision) are left out so a
    reviewer never sees a pair twice.
    """
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(f"need 0 <= low <= high <= 1, got low={low}, high={high}")
    p = pairs["match_probability"]
    queue = pairs[(p >= low) & (p < high)]
    if decided is not None and len(decided):
        dec = decisions_frame(decided)
        keys = set(zip(dec["record_id_l"], dec["record_id_r"], strict=True))
        keys |= {(r, lft) for lft, r in keys}
        ids = zip(queue["record_id_l"].astype(str), queue["record_id_r"].astype(str), strict=True)
        queue = queue[[k not in keys for k in ids]]
    order = (queue["match_probability"] - 0.5).abs().sort_values(kind="stable").index
    return queue.loc[order].reset_index(drop=True)


def pair_evidence(
    pair: Mapping[Hashable, Any], level_labels: Mapping[str, Mapping[int, str]]
) -> list[dict[str, Any]]:
    """What each comparison found for one scored pair and the match weight it added.

    ``pair`` is a row of ``Deduplicator(keep_levels=True).predict_pairs_``; the weights
    (bits, term-frequency adjustment included) plus the prior's sum to the pair's match
    weight, so a reviewer sees which fields pulled the score up or down.
    """
    out = []
    for comparison, labels in level_labels.items():
        gamma, weight = pair.get(f"gamma_{comparison}"), pair.get(f"weight_{comparison}")
        if gamma is None or weight is None or pd.isna(gamma) or pd.isna(weight):
            continue
        level = labels.get(int(gamma), str(int(gamma)))
        out.append({"comparison": comparison, "level": level, "weight": round(float(weight), 2)})
    return out
