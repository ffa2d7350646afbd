"""`thb export htcds` / `thb import htcds`: HTCDS-shaped files, pseudonymous by default."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from thb.clitools import console, fail, open_database, report_domain_error, user_actor
from thb.db import transaction
from thb.errors import DomainError

export_app = typer.Typer(help="Export records.", no_args_is_help=True)
import_app = typer.Typer(help="Import records.", no_args_is_help=True)


@export_app.command("htcds")
def export_htcds(
    output: Path,
    as_user: Annotated[str, typer.Option("--as", help="the user making the export")],
    identifying: bool = typer.Option(False, help="include names and contact fields"),
) -> None:
    """Export persons as HTCDS-shaped CSV or XLSX (pseudonymous unless --identifying)."""
    from thb.registry import htcds

    with transaction(open_database()) as session:
        actor = user_actor(session, as_user)
        try:
            rows = list(htcds.export_rows(session, actor, identifying=identifying))
        except DomainError as exc:
            raise report_domain_error(exc) from exc
    if output.suffix.lower() == ".xlsx":
        count = htcds.write_xlsx(rows, output, identifying)
    else:
        with output.open("w", newline="", encoding="utf-8") as handle:
            count = htcds.write_csv(rows, handle, identifying)
    console.print(f"exported {count} persons to {output}")


@import_app.command("htcds")
def import_htcds(
    file: Path, as_user: Annotated[str, typer.Option("--as", help="the importing user")]
) -> None:
    """Import HTCDS-shaped CSV or XLSX: all rows or none; every bad row and field is listed."""
    from thb.registry import htcds

    if not file.exists():
        raise fail(f"{file} does not exist")
    rows = htcds.read_table(file)
    try:
        with transaction(open_database()) as session:
            ids = htcds.import_rows(session, user_actor(session, as_user), rows)
    except DomainError as exc:
        raise report_domain_error(exc) from exc
    console.print(f"imported {len(ids)} persons")


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
    app.add_typer(import_app, name="import")
