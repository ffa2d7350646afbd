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


def fail(message: str) -> typer.Exit:
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
    quality_sample: Annotated[
        Path | None,
        typer.Option(
            "--quality-sample",
            help="Also write a random sample of the scored pairs for a quality check, laid "
            "out as the review file with each pair's stratum; filled in, `thb link quality` "
            "estimates from it the links that are right and the pairs missed.",
        ),
    ] = None,
) -> None:
    """Find registrations of the same person; write record_id, cluster_id and probability."""
    if engine not in ("duckdb", "spark"):
        raise fail(f"unknown engine {engine!r}; use duckdb or spark")
    frame = read_csv_file(input, "input")
    decided = _decisions(read_csv_file(decisions, "decisions")) if decisions is not None else None
    from thb.linkage.dedupe.estimator import Deduplicator  # splink loads only when used

    try:
        check_columns(frame, CLI_REQUIRED_COLUMNS)
        explained = review is not None or quality_sample is not None
        model = Deduplicator(
            threshold, engine=engine, spark_master=spark_master, keep_levels=explained
        ).fit(frame)
        clusters = model.cluster(decided) if decided is not None else model.clusters_
        queue = _review_table(model, frame, clusters, decided) if review is not None else None
        sample = _quality_table(model, frame, clusters) if quality_sample is not None else None
    except (DedupeInputError, ValueError) as exc:
        raise fail(str(exc)) from exc
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
    if sample is not None and quality_sample is not None:
        sample.to_csv(quality_sample, index=False)
        out.print(
            f"{len(sample)} pairs sampled for the quality check -> {quality_sample}",
            highlight=False,
        )


def read_csv_file(path: Path, what: str) -> pd.DataFrame:
    """A CSV of strings as written (blanks stay blank); unreadable, a clear error."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {what} {path}: {exc}") from exc


def _decisions(frame: pd.DataFrame) -> pd.DataFrame:
    """The decided rows of a decisions file (a filled-in review file has blank ones)."""
    missing = [c for c in DECISION_COLUMNS if c not in frame.columns]
    if missing:
        raise fail(f"decisions file lacks column(s): {', '.join(missing)}")
    decided = frame[frame["decision"].str.strip() != ""]
    return decided.assign(decision=decided["decision"].str.strip())[list(DECISION_COLUMNS)]


def _review_table(
    model: Any, frame: pd.DataFrame, clusters: pd.DataFrame, decided: pd.DataFrame | None
) -> pd.DataFrame:
    """The pairs to review, in the order of the registry's review page, side by side."""
    from thb.linkage.dedupe.review import by_impact, review_band, uncertain_pairs

    queue = uncertain_pairs(model.predict_pairs_, *review_band(model.threshold_), decided=decided)
    return _side_by_side(model, frame, by_impact(queue, clusters))


def _quality_table(model: Any, frame: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """The quality check's sample side by side, a pair of each stratum in turn, each row
    with its stratum: its band, whether the run linked it, its pairs and the model's mean."""
    from thb.linkage.dedupe.quality_check import answer_order, draw_sample
    from thb.linkage.dedupe.quality_commands import STRATUM_COLUMNS
    from thb.linkage.dedupe.review import by_impact

    sample, summary = draw_sample(model.predict_pairs_, clusters)
    effects = by_impact(sample.assign(row=range(len(sample))), clusters).sort_values("row")
    ordered = effects.iloc[answer_order(effects["stratum"].tolist())]
    table = _side_by_side(model, frame, ordered)
    strata = pd.DataFrame(summary).rename(columns=lambda c: f"stratum_{c}")
    stratum = ordered["stratum"].to_numpy()
    extra = {c: strata[c].to_numpy()[stratum] for c in STRATUM_COLUMNS}
    return table.drop(columns="decision").assign(stratum=stratum, **extra, decision="")


def _side_by_side(model: Any, frame: pd.DataFrame, ranked: pd.DataFrame) -> pd.DataFrame:
    """Pairs (with linked and records_affected; ``review.by_impact``) as a file to fill in:
    both records' fields, the model's reading of each and an empty decision."""
    from thb.linkage.dedupe.review import pair_evidence
    from thb.linkage.evidence import readings

    records = frame.set_index(frame["record_id"].astype(str))
    sides = {
        side: records.reindex(ranked[f"record_id_{side}"].astype(str)).reset_index(drop=True)
        for side in ("l", "r")
    }
    table = ranked[
        ["record_id_l", "record_id_r", "match_probability", "linked", "records_affected"]
    ].reset_index(drop=True)
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
    """Attach `dedupe` and `quality` to the `thb link` group."""
    from thb.linkage.dedupe.quality_commands import quality_command

    app.command("dedupe")(dedupe_command)
    app.command("quality")(quality_command)
