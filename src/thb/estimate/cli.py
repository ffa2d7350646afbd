"""`thb estimate`: hidden-victim estimate from a capture-history CSV."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from thb.estimate.data import CaptureTable, EstimationInputError, read_csv
from thb.estimate.service import METHODS, estimate_population

METHOD_HELP = f"{'|'.join(METHODS)}|all (all = sensitivity table across methods)"


def estimate(
    input: Path = typer.Option(
        ..., "--input", "-i", help="CSV: 0/1 list columns + count, or one row per person"
    ),
    method: str = typer.Option("stepwise", "--method", "-m", help=METHOD_HELP),
    terms: str | None = typer.Option(
        None, "--terms", help="fixed model terms, e.g. A:B,B:C or 'all'"
    ),
    maxorder: int = typer.Option(2, "--maxorder", help="highest interaction order for bic"),
    pthresh: float = typer.Option(0.02, "--pthresh", help="stepwise p-value threshold"),
    bootstrap: int = typer.Option(0, "--bootstrap", help="BCa bootstrap replicates (0 = none)"),
    seed: int | None = typer.Option(None, "--seed", help="random seed (bootstrap, lcmcr)"),
    workers: int | None = typer.Option(None, "--workers", help="processes for the bootstrap"),
    chart: Path | None = typer.Option(None, "--chart", help="write a PNG of the bootstrap draws"),
    as_json: bool = typer.Option(False, "--json", help="print JSON instead of a table"),
) -> None:
    """Estimate how many people no list has found (multiple systems estimation)."""
    console = Console(emoji=False)
    try:
        if chart is not None and not bootstrap and method != "lcmcr":
            raise EstimationInputError(
                "--chart needs bootstrap replicates (--bootstrap N) or --method lcmcr",
                field="chart",
            )
        table = read_csv(input)
        if method == "all":
            _sensitivity(console, table, bootstrap, seed, workers, as_json)
            return
        result = estimate_population(
            table,
            method,
            terms=terms,
            maxorder=maxorder,
            pthresh=pthresh,
            bootstrap=bootstrap,
            seed=seed,
            workers=workers,
        )
        if chart is not None:
            from thb.estimate.report import bootstrap_chart

            bootstrap_chart(result, chart)
    except EstimationInputError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=1))
    else:
        from thb.estimate.report import result_table

        console.print(result_table(result))
        if chart is not None:
            console.print(f"chart written to {chart}")


def _sensitivity(
    console: Console,
    table: CaptureTable,
    bootstrap: int,
    seed: int | None,
    workers: int | None,
    as_json: bool,
) -> None:
    from thb.estimate.report import sensitivity, sensitivity_table

    rows = sensitivity(table, bootstrap=bootstrap, seed=seed, workers=workers)
    if as_json:
        typer.echo(json.dumps({"method": "all", "rows": [r.to_dict() for r in rows]}, indent=1))
    else:
        console.print(sensitivity_table(rows))
        console.print(
            "Methods disagree: the spread across rows is part of the uncertainty.", style="yellow"
        )


def register(app: typer.Typer) -> None:
    """Add `estimate` to the root `thb` command."""
    app.command("estimate")(estimate)
