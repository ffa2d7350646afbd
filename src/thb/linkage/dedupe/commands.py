"""CLI command `thb link dedupe`: a thin shell over :class:`Deduplicator`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console

from thb.linkage.dedupe.errors import DedupeInputError
from thb.linkage.dedupe.normalise import CLI_REQUIRED_COLUMNS, check_columns

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
            "links' expected precision is 0.99).",
        ),
    ] = None,
) -> None:
    """Find registrations of the same person; write record_id, cluster_id and probability."""
    if engine not in ("duckdb", "spark"):
        raise _fail(f"unknown engine {engine!r}; use duckdb or spark")
    try:
        frame = pd.read_csv(input, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read input {input}: {exc}") from exc
    from thb.linkage.dedupe.estimator import Deduplicator  # splink loads only when used

    try:
        check_columns(frame, CLI_REQUIRED_COLUMNS)
        model = Deduplicator(threshold, engine=engine, spark_master=spark_master).fit(frame)
    except (DedupeInputError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    model.clusters_.to_csv(output, index=False)
    out.print(
        f"{len(frame)} registrations -> {model.clusters_['cluster_id'].nunique()} persons "
        f"({model.n_comparisons_} pairs compared, threshold {model.threshold_:.3f}) -> {output}",
        highlight=False,
    )


def add_dedupe_command(app: typer.Typer) -> None:
    """Attach `dedupe` to the `thb link` group."""
    app.command("dedupe")(dedupe_command)
