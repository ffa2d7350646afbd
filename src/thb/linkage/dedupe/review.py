"""Pure helpers for a human review queue of uncertain pairs."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
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


# Pairs the model is 5% to 99% sure of go to review, on both sides of the threshold: a
# reviewer confirms the doubtful links as well as the doubtful misses. Answering them all
# brings a national registry to 0.96-0.99 recall at precision 0.999-1.000
# (benchmarks/linkage_review_effort.py); under 5% few pairs are one person.
REVIEW_LOW, REVIEW_HIGH = 0.05, 0.99


def review_band(threshold: float) -> tuple[float, float]:
    """Probabilities whose pairs go to review: the band, widened to hold the threshold."""
    return min(REVIEW_LOW, threshold), max(REVIEW_HIGH, threshold)


def by_impact(pairs: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Pairs with ``linked`` and ``records_affected``, those whose decision matters most first.

    ``pairs`` has record_id_l, record_id_r and match_probability; ``clusters`` has
    record_id and cluster_id. A pair the clusters link is wrong with chance 1 - p, and
    "not a match" would move its person's records; a pair left apart is wrong with chance
    p, and "match" would join both persons' records. The order is that chance times the
    records moved, then nearest an even chance, then the order of ``pairs``.
    """
    cluster = clusters.assign(record_id=clusters["record_id"].astype(str)).set_index("record_id")[
        "cluster_id"
    ]
    size = cluster.map(cluster.value_counts())
    left, right = (pairs[c].astype(str).to_numpy() for c in ("record_id_l", "record_id_r"))
    linked = cluster.reindex(left).to_numpy() == cluster.reindex(right).to_numpy()
    n_left, n_right = size.reindex(left).to_numpy(), size.reindex(right).to_numpy()
    affected = np.where(linked, n_left, n_left + n_right).astype(int)
    p = pairs["match_probability"].to_numpy(float)
    doubt = np.where(linked, 1.0 - p, p)
    order = np.lexsort((np.arange(len(p)), np.abs(p - 0.5), -doubt * affected))
    out = pairs.assign(linked=linked, records_affected=affected)
    return out.iloc[order].reset_index(drop=True)


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
