"""CLI commands `thb link encode | match | capture-histories`: thin shells over the pure core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from thb.linkage.capture import CaptureHistoryError, capture_histories
from thb.linkage.pprl.clkfile import read_clk, write_clk
from thb.linkage.pprl.encode import encode_records
from thb.linkage.pprl.keys import SECRET_ENV, read_secret
from thb.linkage.pprl.match import match_encodings
from thb.linkage.pprl.schema import LinkageFileError, load_schema

out = Console()
err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(1)


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read {what} {path}: {exc}") from exc


def encode_command(
    input: Annotated[Path, typer.Option("--input", help="CSV with record_id and person fields.")],
    output: Annotated[Path, typer.Option("--output", help="Where to write the .clk file.")],
    secret_file: Annotated[
        Path | None, typer.Option("--secret-file", help=f"Shared secret (else ${SECRET_ENV}).")
    ] = None,
    schema: Annotated[
        str | None, typer.Option("--schema", help="Built-in schema name or schema JSON file.")
    ] = None,
) -> None:
    """Encode records as keyed, salted Bloom filters; no name leaves this machine."""
    try:
        secret = read_secret(secret_file)
        chosen = load_schema(schema)
        encoded = encode_records(_read_csv(input, "input"), chosen, secret)
        write_clk(encoded, output)
    except LinkageFileError as exc:
        raise _fail(str(exc)) from exc
    header = encoded.header
    out.print(
        f"encoded {len(encoded)} records with schema {header['schema']} v{header['schema_version']}"
        f" ({header['filter_length']} bits, key fingerprint {header['key_fingerprint']})"
        f" -> {output}",
        highlight=False,
    )


def _parse_threshold(value: str) -> float | Literal["auto"]:
    if value == "auto":
        return "auto"
    try:
        return float(value)
    except ValueError as exc:
        raise _fail(f"--threshold must be a number in (0, 1] or 'auto', got {value!r}") from exc


def match_command(
    file_a: Annotated[Path, typer.Argument(help="Encodings of party A (.clk).")],
    file_b: Annotated[Path, typer.Argument(help="Encodings of party B (.clk).")],
    output: Annotated[Path, typer.Option("--output", help="CSV of matched record id pairs.")],
    threshold: Annotated[
        str, typer.Option("--threshold", help="Dice threshold, or 'auto' (chosen from the data).")
    ] = "0.8",
    blocking: Annotated[str, typer.Option("--blocking", help="auto | none | lsh | year")] = "auto",
) -> None:
    """Match two .clk files one-to-one by Dice similarity and report the overlap."""
    if blocking not in ("auto", "none", "lsh", "year"):
        raise _fail(f"--blocking must be auto, none, lsh or year, got {blocking!r}")
    try:
        result = match_encodings(
            read_clk(file_a),
            read_clk(file_b),
            _parse_threshold(threshold),
            blocking,  # type: ignore[arg-type]
        )
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    result.pairs.to_csv(output, index=False)
    out.print(f"records in A: {result.records_a}", highlight=False)
    out.print(f"records in B: {result.records_b}", highlight=False)
    out.print(f"compared pairs (blocking: {result.blocking}): {result.candidate_pairs}")
    out.print(f"matched at Dice >= {result.threshold:.2f}: {result.matched}", highlight=False)
    table = Table("Dice threshold", "one-to-one matches")
    for t, n in result.counts_by_threshold.items():
        table.add_row(f"{t:.2f}", str(n))
    out.print(table)


def capture_command(
    records: Annotated[Path, typer.Option("--records", help="CSV: record_id, source, ...")],
    clusters: Annotated[Path, typer.Option("--clusters", help="CSV: record_id, cluster_id.")],
    output: Annotated[Path, typer.Option("--output", help="Capture histories CSV.")],
    country: Annotated[str | None, typer.Option("--country", help="Reporting country.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Period start (ISO).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Period end (ISO).")] = None,
) -> None:
    """Count distinct persons by the lists that registered them (input of `thb estimate`)."""
    recs, clus = _read_csv(records, "records"), _read_csv(clusters, "clusters")
    for frame, name in ((recs, "records"), (clus, "clusters")):
        if "record_id" not in frame.columns:
            raise _fail(f"{name} file lacks column 'record_id'")
    if "cluster_id" not in clus.columns:
        raise _fail("clusters file lacks column 'cluster_id'")
    merged = recs.drop(columns=["cluster_id"], errors="ignore").merge(
        clus[["record_id", "cluster_id"]], on="record_id", how="left"
    )
    period = None
    if date_from or date_to:
        period = (date_from or dt.date.min.isoformat(), date_to or dt.date.max.isoformat())
    try:
        table = capture_histories(merged, country=country, period=period)
    except CaptureHistoryError as exc:
        raise _fail(str(exc)) from exc
    table.to_csv(output, index=False)
    lists = [c for c in table.columns if c != "count"]
    out.print(
        f"{int(table['count'].sum())} persons on {len(lists)} lists ({', '.join(lists)}), "
        f"{len(table)} histories -> {output}",
        highlight=False,
    )


def add_pprl_commands(app: typer.Typer) -> None:
    """Attach encode, match and capture-histories to the `thb link` group."""
    app.command("encode")(encode_command)
    app.command("match")(match_command)
    app.command("capture-histories")(capture_command)
