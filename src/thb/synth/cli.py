"""`thb synth-records`: noisy synthetic registrations to CSV, for `thb link dedupe`."""

from __future__ import annotations

from pathlib import Path

import typer

from thb.synth.assumptions import assumptions_text
from thb.synth.records import registration_records
from thb.synth.simulate import SynthError, check_args


def parse_years(text: str) -> tuple[int, int]:
    """'2017-2018' or '2018' -> (first, last)."""
    first, _, last = text.partition("-")
    try:
        return int(first), int(last or first)
    except ValueError as exc:
        raise SynthError(f"--years must look like 2017-2018, got {text!r}") from exc


def parse_countries(text: str | None) -> list[str] | None:
    """'RO,BG' -> ['RO', 'BG']; empty means all EU-27."""
    if not text:
        return None
    return [c.strip().upper() for c in text.split(",") if c.strip()]


def synth_records(
    persons: int = typer.Option(14_145, "--persons", "-n", help="distinct registered persons"),
    seed: int = typer.Option(1, "--seed", "-s", help="random seed (same seed, same file)"),
    countries: str | None = typer.Option(
        None, "--countries", help="reporting countries, e.g. RO,BG (default EU-27)"
    ),
    years: str = typer.Option("2017-2018", "--years", help="reference years, e.g. 2017-2018"),
    output: Path = typer.Option(Path("records.csv"), "--output", "-o", help="CSV file to write"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="do not print the assumptions"),
) -> None:
    """Write synthetic registrations (several per person, with realistic errors) to CSV."""
    try:
        span, chosen = parse_years(years), parse_countries(countries)
        names = check_args(persons, seed, chosen, span)
        frame = registration_records(persons, seed, chosen, span)
    except SynthError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    frame.to_csv(output, index=False)
    if not quiet:
        typer.echo(assumptions_text(names))
    typer.echo(f"{len(frame):,} records of {persons:,} persons written to {output}")


def register(app: typer.Typer) -> None:
    """Add `synth-records` to the root `thb` command."""
    app.command("synth-records")(synth_records)
