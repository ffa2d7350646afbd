"""Pure helpers for a human review queue of uncertain pairs."""

from __future__ import annotations

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
