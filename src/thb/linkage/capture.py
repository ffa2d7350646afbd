"""Capture histories: distinct persons by the combination of lists that registered them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

REQUIRED = ("record_id", "source", "cluster_id")


class CaptureHistoryError(ValueError):
    """Records that cannot yield capture histories; the message names the column or list."""


def _as_date(value: dt.date | str, what: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(value).normalize()
    except (ValueError, TypeError) as exc:
        raise CaptureHistoryError(f"{what} {value!r} is not a date") from exc


def _select(
    records: pd.DataFrame, country: str | None, period: tuple[dt.date | str, dt.date | str] | None
) -> pd.DataFrame:
    selected = records
    if country is not None:
        if "reporting_country" not in records.columns:
            raise CaptureHistoryError("country given but records lack column 'reporting_country'")
        reported = records["reporting_country"].astype(str).str.strip().str.upper()
        selected = selected[reported == country.strip().upper()]
    if period is not None:
        if "registration_date" not in records.columns:
            raise CaptureHistoryError("period given but records lack column 'registration_date'")
        start, end = _as_date(period[0], "period start"), _as_date(period[1], "period end")
        if end < start:
            raise CaptureHistoryError(f"period ends {end.date()}, before it starts {start.date()}")
        dates = pd.to_datetime(selected["registration_date"], errors="coerce")
        bad = selected.loc[dates.isna(), "record_id"]
        if len(bad):
            raise CaptureHistoryError(f"record {bad.iloc[0]!r}: registration_date is not a date")
        selected = selected[(dates.dt.normalize() >= start) & (dates.dt.normalize() <= end)]
    return selected


def capture_histories(
    records: pd.DataFrame,
    *,
    country: str | None = None,
    period: tuple[dt.date | str, dt.date | str] | None = None,
    lists: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Persons (clusters) per combination of lists: one 0/1 column per list plus `count`.

    The all-zero history is never present. Lists are `lists` if given, else every source of the
    country's records; a list that registered nobody in the period is an error naming it, since
    an empty list would silently distort the estimate.
    """
    missing = [c for c in REQUIRED if c not in records.columns]
    if missing:
        raise CaptureHistoryError(f"records lack column(s) {missing}")
    unclustered = records.loc[records["cluster_id"].isna(), "record_id"]
    if len(unclustered):
        raise CaptureHistoryError(f"record {unclustered.iloc[0]!r} has no cluster_id")
    in_country = _select(records, country, None)
    names = list(lists) if lists is not None else sorted(in_country["source"].astype(str).unique())
    if not names:
        raise CaptureHistoryError(f"no records for country {country!r}")
    if "count" in names:
        raise CaptureHistoryError("a list may not be called 'count'")
    chosen = _select(in_country, None, period)
    seen = chosen.assign(source=chosen["source"].astype(str))
    seen = seen[seen["source"].isin(names)]
    empty = [n for n in names if n not in set(seen["source"])]
    if empty:
        raise CaptureHistoryError(f"list(s) {empty} registered nobody in the selected period")
    matrix = pd.crosstab(seen["cluster_id"], seen["source"]).reindex(columns=names, fill_value=0)
    matrix = (matrix > 0).astype(int)
    table = matrix.value_counts(sort=False).rename("count").reset_index()
    table = table.sort_values(names, ascending=False, ignore_index=True)
    table.columns.name = None
    return table[[*names, "count"]]
