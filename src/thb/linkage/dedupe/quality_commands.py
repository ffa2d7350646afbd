"""CLI command `thb link quality`: the estimates of an answered quality-check sample file
(written by `thb link dedupe --quality-sample`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from thb.linkage.dedupe.commands import fail, out, read_csv_file
from thb.linkage.dedupe.errors import DedupeInputError

# What a quality-sample file says of each row's stratum (quality_check.draw_sample's summary).
STRATUM_COLUMNS = ("stratum_band_low", "stratum_band_high", "stratum_linked", "stratum_pairs",
                   "stratum_mean_probability", "stratum_sampled")  # fmt: skip


def quality_command(
    sample: Annotated[
        Path, typer.Argument(help="A filled-in --quality-sample file of `thb link dedupe`.")
    ],
) -> None:
    """Estimate from an answered quality-check sample the share of links that are right,
    the pairs left apart that are one person and recall among the scored pairs."""
    from thb.linkage.dedupe.quality_check import estimate

    frame = read_csv_file(sample, "quality sample")
    try:
        summary, answers = _sample_strata(frame)
    except DedupeInputError as exc:
        raise fail(f"{sample}: {exc}") from exc
    _print_estimate(estimate(summary, answers))


def _sample_strata(frame: pd.DataFrame) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """The strata summary and the answers a quality-sample file holds, checked."""
    missing = [c for c in ("stratum", *STRATUM_COLUMNS, "decision") if c not in frame.columns]
    if missing:
        raise DedupeInputError(f"lacks column(s): {', '.join(missing)}")
    decision = _decisions(frame["decision"])
    numbers = _stratum_numbers(frame)
    answers = pd.DataFrame({"stratum": numbers["stratum"], "decision": decision.replace("", None)})
    return _summary(numbers), answers


def _decisions(column: pd.Series) -> pd.Series:
    """The decisions, stripped; one that is none of the three (or blank) names its row."""
    decision = column.str.strip()
    bad = ~decision.isin(["", "match", "not_a_match", "unsure"])
    if bad.any():
        row = int(bad.to_numpy().argmax())
        raise DedupeInputError(
            f"row {row + 2}: unknown decision {decision.iloc[row]!r}; "
            "use match, not_a_match, unsure or leave it blank"
        )
    return decision


def _stratum_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Each row's stratum columns as numbers (stratum_linked as 1 or 0)."""
    columns = frame[["stratum", *STRATUM_COLUMNS]]
    linked = columns["stratum_linked"].map({"True": 1, "False": 0})
    try:
        numbers = columns.assign(stratum_linked=linked).apply(pd.to_numeric)
    except ValueError as exc:
        raise DedupeInputError(f"a stratum column is not a number: {exc}") from exc
    if numbers.isna().any().any():
        raise DedupeInputError("a stratum column is blank, or stratum_linked not True or False")
    return numbers


def _summary(numbers: pd.DataFrame) -> list[dict[str, Any]]:
    """One entry per stratum, as ``quality_check.draw_sample`` wrote it; its rows must agree."""
    per_stratum = numbers.drop_duplicates()
    if per_stratum["stratum"].duplicated().any():
        raise DedupeInputError("the rows of one stratum disagree on its band, size or mean")
    per_stratum = per_stratum.sort_values("stratum")
    if per_stratum["stratum"].tolist() != list(range(len(per_stratum))):
        raise DedupeInputError("strata must be numbered 0, 1, 2 ... as the file was written")
    summary = [
        {c.removeprefix("stratum_"): row[c] for c in STRATUM_COLUMNS}
        for row in per_stratum.to_dict("records")
    ]
    for stratum in summary:
        stratum["linked"] = bool(stratum["linked"])
    return summary


def estimate_lines(result: Any) -> list[str]:
    """A ``quality_check.QualityEstimate`` in words: answers, the three estimates and their
    95% intervals (or what they still need)."""
    lines = [f"{result.answered} of {result.sampled} sampled pairs answered"]
    shown = (("links that are right", result.links_right, "{:.1%}"),
             ("pairs left apart that are one person", result.missed, "{:,.0f}"),
             ("recall among scored pairs", result.recall, "{:.1%}"))  # fmt: skip
    for name, e, form in shown:
        value = "-" if e.value is None else form.format(e.value)
        lines.append(
            f"{name}: {value} (95% interval {form.format(e.low)} to {form.format(e.high)})"
        )
    if result.links_right.value is None or result.missed.value is None:
        lines.append("an estimate needs an answer in every stratum")
    return lines


def _print_estimate(result: Any) -> None:
    """The strata and the three estimates, with their 95% intervals."""
    from rich.table import Table

    table = Table("run", "probability", "pairs", "model expects", "answered", "one person")
    for s in result.strata:
        found = "-" if s.share is None else (
            f"{s.share:.0%} ({s.interval[0]:.0%}-{s.interval[1]:.0%})"
            + (" model off" if s.model_off else "")
        )  # fmt: skip
        table.add_row("linked" if s.linked else "not linked", f"{s.band_low:g}-{s.band_high:g}",
                      f"{s.pairs:,}", f"{s.mean_probability:.1%}", f"{s.answered}/{s.sampled}",
                      found)  # fmt: skip
    out.print(table)
    for line in estimate_lines(result):
        out.print(line, highlight=False)
    if any(s.model_off for s in result.strata):
        out.print("model off: the answers disagree with the model's probability beyond chance "
                  "(over- or under-confident there)", highlight=False)  # fmt: skip
