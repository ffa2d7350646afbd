"""Reading and validating capture histories, aggregated to one count per history."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from thb.errors import InvalidInput

COUNT_NAMES = ("count", "n", "freq", "frequency", "cases")
ID_NAMES = ("id", "person_id", "case_id")
MAX_LISTS = 12


class EstimationInputError(InvalidInput, ValueError):
    """Bad capture-history input; the message names the column or row at fault."""

    def __init__(self, detail: str, *, field: str | None = None, row: int | None = None) -> None:
        error: dict[str, Any] = {"field": field or "input", "message": detail}
        if row is not None:
            error["row"] = row
        super().__init__(detail, errors=[error])
        self.field = field
        self.row = row


@dataclass(frozen=True)
class CaptureTable:
    """Observed capture histories (one row per distinct history) and how many people had each."""

    lists: tuple[str, ...]
    histories: np.ndarray  # (k, m) of 0/1
    counts: np.ndarray  # (k,) non-negative integers

    @property
    def n_lists(self) -> int:
        """Number of lists (sources)."""
        return len(self.lists)

    @property
    def n_observed(self) -> int:
        """People seen by at least one list."""
        return int(self.counts.sum())

    def masks(self) -> np.ndarray:
        """Each history as a bit mask (bit j set when list j saw the person)."""
        weights = 1 << np.arange(self.n_lists)
        return (self.histories.astype(np.int64) * weights).sum(axis=1)

    def cell_counts(self) -> np.ndarray:
        """Counts indexed by history mask 0 .. 2^m - 1 (cell 0, the unseen, is always 0)."""
        y = np.zeros(1 << self.n_lists, dtype=np.float64)
        np.add.at(y, self.masks(), self.counts.astype(np.float64))
        return y

    def with_counts(self, counts: np.ndarray) -> CaptureTable:
        """Same histories, other counts (bootstrap and jackknife copies)."""
        return CaptureTable(self.lists, self.histories, np.asarray(counts, dtype=np.int64))

    def to_records(self) -> list[dict[str, Any]]:
        """Plain rows for JSON output."""
        return [
            {"lists": dict(zip(self.lists, map(int, h), strict=True)), "count": int(c)}
            for h, c in zip(self.histories, self.counts, strict=True)
        ]


def _find_column(columns: Iterable[str], names: tuple[str, ...]) -> str | None:
    lowered = {c.strip().lower(): c for c in columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def _binary_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = ~values.isin([0, 1])
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raw = frame[column].iloc[row - 1]
        raise EstimationInputError(
            f"column {column!r}, row {row}: value {raw!r} is not 0 or 1 (a list column holds 0/1; "
            f"name the count column 'count')",
            field=column,
            row=row,
        )
    return values.to_numpy(dtype=np.int8)


def _count_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    values = pd.to_numeric(frame[column], errors="coerce")
    for i, v in enumerate(values.to_numpy(dtype=np.float64)):
        raw = frame[column].iloc[i]
        if not np.isfinite(v) or v != np.floor(v):
            raise EstimationInputError(
                f"column {column!r}, row {i + 1}: count {raw!r} is not a whole number",
                field=column,
                row=i + 1,
            )
        if v < 0:
            raise EstimationInputError(
                f"column {column!r}, row {i + 1}: count {raw!r} is negative",
                field=column,
                row=i + 1,
            )
    return values.to_numpy(dtype=np.int64)


def _check_ids(frame: pd.DataFrame, id_col: str) -> None:
    ids = frame[id_col].astype(str)
    dup = ids.duplicated(keep=False)
    if dup.any():
        rows = [int(i) + 1 for i in np.flatnonzero(dup.to_numpy())[:2]]
        raise EstimationInputError(
            f"column {id_col!r}: person {ids.iloc[rows[0] - 1]!r} appears in rows {rows[0]} and "
            f"{rows[1]}; give one row per person (merge their lists) or add a 'count' column",
            field=id_col,
            row=rows[1],
        )


def from_frame(frame: pd.DataFrame) -> CaptureTable:
    """Validate a table of 0/1 list columns (+ optional count or id) and aggregate it."""
    if frame.shape[0] == 0:
        raise EstimationInputError("the input has no rows", field="input")
    frame = frame.rename(columns=lambda c: str(c).strip())
    count_col = _find_column(frame.columns, COUNT_NAMES)
    id_col = None if count_col else _find_column(frame.columns, ID_NAMES)
    list_cols = [c for c in frame.columns if c not in (count_col, id_col)]
    if len(list_cols) < 2:
        raise EstimationInputError(
            f"need at least 2 list columns, got {len(list_cols)} ({', '.join(list_cols) or 'none'})",
            field="lists",
        )
    if len(list_cols) > MAX_LISTS:
        raise EstimationInputError(
            f"at most {MAX_LISTS} lists are supported, got {len(list_cols)}", field="lists"
        )
    histories = np.column_stack([_binary_column(frame, c) for c in list_cols])
    if id_col is not None:
        _check_ids(frame, id_col)
    counts = _count_column(frame, count_col) if count_col else np.ones(len(frame), np.int64)
    return _aggregate(tuple(list_cols), histories, counts, has_count=count_col is not None)


def _aggregate(
    lists: tuple[str, ...], histories: np.ndarray, counts: np.ndarray, *, has_count: bool
) -> CaptureTable:
    empty = histories.sum(axis=1) == 0
    if empty.any():
        row = int(np.flatnonzero(empty)[0]) + 1
        raise EstimationInputError(
            f"row {row}: a history with no list (all zeros) cannot be observed; remove it",
            field="lists",
            row=row,
        )
    masks = (histories.astype(np.int64) * (1 << np.arange(len(lists)))).sum(axis=1)
    if has_count:
        _, first, inverse = np.unique(masks, return_index=True, return_inverse=True)
        seen_twice = np.flatnonzero(np.bincount(inverse) > 1)
        if seen_twice.size:
            rows = np.flatnonzero(inverse == seen_twice[0])[:2] + 1
            raise EstimationInputError(
                f"rows {rows[0]} and {rows[1]} have the same capture history; a count table "
                "lists each history once (drop the count column for one row per person)",
                field="lists",
                row=int(rows[1]),
            )
    uniq, inverse = np.unique(masks, return_inverse=True)
    total = np.bincount(inverse, weights=counts).astype(np.int64)
    hist = ((uniq[:, None] >> np.arange(len(lists))) & 1).astype(np.int8)
    table = CaptureTable(lists, hist, total)
    validate(table)
    return table


def validate(table: CaptureTable) -> None:
    """Reject tables no log-linear model can use: no one seen, or a list with everyone/no one."""
    n = table.n_observed
    if n == 0:
        raise EstimationInputError("all counts are zero: nobody was observed", field="count")
    per_list = table.histories.T.astype(np.int64) @ table.counts
    for name, k in zip(table.lists, per_list, strict=True):
        if k == 0:
            raise EstimationInputError(f"list {name!r} contains no one; drop it", field=name)
        if k == n:
            raise EstimationInputError(
                f"list {name!r} contains everyone observed, so it says nothing about who was "
                "missed; drop it",
                field=name,
            )


def read_csv_text(text: str) -> CaptureTable:
    """Parse CSV text (header row, 0/1 list columns, optional count)."""
    if not text or not text.strip():
        raise EstimationInputError("the CSV is empty", field="csv")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise EstimationInputError(f"cannot parse CSV: {exc}", field="csv") from exc
    frame = frame.dropna(how="all")
    missing = frame.isna()
    if missing.any().any():
        r, c = np.argwhere(missing.to_numpy())[0]
        col = frame.columns[c]
        raise EstimationInputError(
            f"column {col!r}, row {r + 1}: value is missing", field=str(col), row=int(r) + 1
        )
    return from_frame(frame)


def read_csv(path: str | Path) -> CaptureTable:
    """Read a capture-history CSV file."""
    p = Path(path)
    if not p.is_file():
        raise EstimationInputError(f"file not found: {p}", field="input")
    return read_csv_text(p.read_text(encoding="utf-8-sig"))


def from_histories(histories: list[Mapping[str, Any]]) -> CaptureTable:
    """Build a table from JSON rows {"lists": {"A": 1, ...}, "count": n}."""
    if not histories:
        raise EstimationInputError("histories is empty", field="histories")
    names: list[str] = []
    for i, item in enumerate(histories):
        lists = item.get("lists") if isinstance(item, Mapping) else None
        if not isinstance(lists, Mapping) or not lists:
            raise EstimationInputError(
                f"histories[{i}]: 'lists' must be an object of list name -> 0/1",
                field=f"histories[{i}].lists",
                row=i + 1,
            )
        names.extend(k for k in lists if k not in names)
    rows = []
    for item in histories:
        row = {n: item["lists"].get(n, 0) for n in names}
        row["count"] = item.get("count", 1)
        rows.append(row)
    try:
        return from_frame(pd.DataFrame(rows, columns=[*names, "count"]))
    except EstimationInputError as exc:
        raise EstimationInputError(
            f"histories: {exc}",
            field=f"histories.{exc.field}" if exc.field else "histories",
            row=exc.row,
        ) from exc
