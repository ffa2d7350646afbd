"""CLI command `thb link dedupe`: a thin shell over :class:`Deduplicator`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console

from thb.linkage.dedupe.errors import DedupeInputError
from thb.linkage.dedupe.normalise import CLI_REQUIRED_COLUMNS, check_columns

# The fields a reviewer sees side by side (the input's required columns but the id).
REVIEW_FIELDS = tuple(c for c in CLI_REQUIRED_COLUMNS if c != "record_id")
DECISION_COLUMNS = ("record_id_l", "record_id_r", "decision")

out = Console()
err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    """Print an error and return the exit to raise."""
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(1)


def dedupe_command(
    input: Annotated[Path, typer.Option("--input", help="CSV of victim registrations.")],
    output: Annotated[Path, typer.Option("--output", help="Where to write clusters.csv.")],
    engine: Annotated[str, typer.Option("--engine", help="duckdb or spark.")] = "duckdb",
    spark_master: Annotated[
        str, typer.Option("--spark-master", help="Spark master URL, e.g. local[2].")
    ] = "local[2]",
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            help="Match probability that links two records (default: chosen so that the "
            "links' expected precision is 0.98).",
        ),
    ] = None,
    review: Annotated[
        Path | None,
        typer.Option(
            "--review",
            help="Also write the uncertain pairs to review, most consequential first, with "
            "both records' fields (names included: keep it as the input) and an empty "
            "decision column to fill in with match, not_a_match or unsure.",
        ),
    ] = None,
    decisions: Annotated[
        Path | None,
        typer.Option(
            "--decisions",
            help="Review decisions that override the model: a CSV with record_id_l, "
            "record_id_r and decision (a filled-in --review file; blank decisions are skipped).",
        ),
    ] = None,
) -> None:
    """Find registrations of the same person; write record_id, cluster_id and probability."""
    if engine not in ("duckdb", "spark"):
        raise _fail(f"unknown engine {engine!r}; use duckdb or spark")
    frame = _read(input, "input")
    decided = _decisions(_read(decisions, "decisions")) if decisions is not None else None
    from thb.linkage.dedupe.estimator import Deduplicator  # splink loads only when used

    try:
        check_columns(frame, CLI_REQUIRED_COLUMNS)
        model = Deduplicator(
            threshold, engine=engine, spark_master=spark_master, keep_levels=review is not None
        ).fit(frame)
        clusters = model.cluster(decided) if decided is not None else model.clusters_
        queue = _review_table(model, frame, clusters, decided) if review is not None else None
    except (DedupeInputError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    clusters.to_csv(output, index=False)
    out.print(
        f"{len(frame)} registrations -> {clusters['cluster_id'].nunique()} persons "
        f"({model.n_comparisons_} pairs compared, threshold {model.threshold_:.3f}"
        + (f", {len(decided)} decisions applied" if decided is not None else "")
        + f") -> {output}",
        highlight=False,
    )
    if queue is not None and review is not None:
        queue.to_csv(review, index=False)
        out.print(f"{len(queue)} pairs to review -> {review}", highlight=False)


def _read(path: Path, what: str) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read {what} {path}: {exc}") from exc


def _decisions(frame: pd.DataFrame) -> pd.DataFrame:
    """The decided rows of a decisions file (a filled-in review file has blank ones)."""
    missing = [c for c in DECISION_COLUMNS if c not in frame.columns]
    if missing:
        raise _fail(f"decisions file lacks column(s): {', '.join(missing)}")
    decided = frame[frame["decision"].str.strip() != ""]
    return decided.assign(decision=decided["decision"].str.strip())[list(DECISION_COLUMNS)]


def _review_table(
    model: Any, frame: pd.DataFrame, clusters: pd.DataFrame, decided: pd.DataFrame | None
) -> pd.DataFrame:
    """The pairs to review, in the order of the registry's review page, side by side."""
    from thb.linkage.dedupe.review import by_impact, pair_evidence, review_band, uncertain_pairs
    from thb.linkage.evidence import readings

    queue = uncertain_pairs(model.predict_pairs_, *review_band(model.threshold_), decided=decided)
    ranked = by_impact(queue, clusters)
    records = frame.set_index(frame["record_id"].astype(str))
    sides = {
        side: records.reindex(ranked[f"record_id_{side}"].astype(str)).reset_index(drop=True)
        for side in ("l", "r")
    }
    table = ranked[
        ["record_id_l", "record_id_r", "match_probability", "linked", "records_affected"]
    ]
    shown = [*REVIEW_FIELDS, *(["identity_number"] if "identity_number" in frame else [])]
    for field in shown:
        table = table.assign(**{f"{field}_{s}": sides[s][field].to_numpy() for s in ("l", "r")})
    evidence = [
        "; ".join(
            f"{name}: {r.words} ({r.factor})"
            for name, r in readings(pair_evidence(pair, model.level_labels_)).items()
        )
        for pair in ranked.to_dict("records")
    ]
    return table.assign(evidence=evidence, decision="")


def add_dedupe_command(app: typer.Typer) -> None:
    """Attach `dedupe` to the `thb link` group."""
    app.command("dedupe")(dedupe_command)
