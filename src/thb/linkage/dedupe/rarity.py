"""How many registrations share a name key, in the bands the fuzzy name levels split on.

Two spellings that meet on a transliteration key or a metaphone ("Popescu" / "POPESKU")
say as much as the key is rare. An exact match has Splink's term-frequency adjustment for
that; a fuzzy level weighed every key alike, so pairs on a rare key were under-rated and
pairs on a common one over-rated (at 10^5 records, pairs meeting on a metaphone held by
at most 37 registrations were one person 83% of the time where the model said 50%, those
on one held by over 372, 16% where it said 21%). Splitting the level by the key's band
lets EM and the u sampling weigh each band: no term-frequency lookup, so DuckDB and Spark
score alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

# A key is in band k when at most this share of the registrations hold it, or at most
# the band's minimum number (a national registry of a few thousand registrations still
# has rare keys); keys above the last band form the last, "common" band.
BAND_SHARES = (1e-4, 5e-4, 2e-3)
BAND_MIN_RECORDS = (2, 3, 6)
BAND_NAMES = ("rare", "uncommon", "frequent")
# Below this many registrations the levels stay whole: split four ways, EM had too few
# pairs per level (registries of about 350 lost half a point of recall, those of 700
# gained; 20 seeds of benchmarks/linkage_dedupe_small.py).
MIN_RECORDS = 500


def key_bands(records: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """``<key>_band`` for each key column, or no columns for a registry too small to split."""
    if len(records) < MIN_RECORDS:
        return pd.DataFrame(index=records.index)
    return pd.DataFrame({f"{key}_band": rarity_band(records[key]) for key in keys})


def rarity_band(keys: pd.Series) -> pd.Series:
    """Per record, the band of how many registrations share its key (0 the rarest; missing
    where the key is)."""
    counts = keys.map(keys.value_counts()).to_numpy(float)
    limits = [
        max(share * len(keys), least)
        for share, least in zip(BAND_SHARES, BAND_MIN_RECORDS, strict=True)
    ]
    band = np.searchsorted(np.asarray(limits), counts, side="left").astype(float)
    band[np.isnan(counts)] = np.nan
    return pd.Series(band, index=keys.index).astype("Int8")


# Bands of the share of a citizenship's registrations made in one reporting country.
WHERE_REGISTERED_SHARES = (0.02, 0.05, 0.1, 0.2, 0.4)
WHERE_REGISTERED_BAND = "where_registered_band"


def where_registered_band(records: pd.DataFrame) -> pd.Series:
    """Per record, the band of the share of its citizenship's registrations made in its
    reporting country (0: the smallest share); missing where either is."""
    known = records["citizenship"].notna() & records["reporting_country"].notna()
    cells = records.loc[known, ["citizenship", "reporting_country"]]
    in_country = cells.groupby(["citizenship", "reporting_country"])["citizenship"].transform(
        "size"
    )
    in_all = cells.groupby("citizenship")["citizenship"].transform("size")
    shares = (in_country / in_all).to_numpy()
    out = pd.Series(pd.NA, index=records.index, dtype="Int8")
    out[known] = np.searchsorted(np.asarray(WHERE_REGISTERED_SHARES), shares, side="left")
    return out
