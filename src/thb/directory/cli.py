"""`thb directory`: the shelter capacity board in a terminal, and capacity changes from scripts."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from thb.errors import DomainError
from thb.security.roles import Actor

directory_app = typer.Typer(help="NRM service directory and shelter beds.", no_args_is_help=True)
STYLE = {"full": "bold red", "nearly_full": "yellow", "available": "green", "closed": "dim"}


@directory_app.command("shelters")
def shelters(
    country: str | None = typer.Option(None, "--country", help="ISO 3166 code, e.g. RO"),
    free: bool = typer.Option(False, "--free", help="only shelters with a free bed"),
) -> None:
    """Print every shelter with total, reserved and free beds."""
    from thb.clitools import open_database, report_domain_error
    from thb.db import transaction
    from thb.directory import service

    where = service.ShelterFilter(country=country, with_free_beds=free, include_inactive=True)
    try:
        with transaction(open_database()) as session:
            rows = service.list_shelters(session=session, actor=Actor.system("cli"), where=where)
    except DomainError as exc:
        raise report_domain_error(exc) from exc
    table = Table("id", "shelter", "organisation", "country", "total", "reserved", "free", "status")
    for r in rows:
        status = f"[{STYLE[r.occupancy]}]{r.occupancy.replace('_', ' ')}[/]"
        table.add_row(str(r.id), r.name, r.organisation_name, r.country,
                      str(r.beds_total), str(r.beds_reserved), str(r.free_beds), status)  # fmt: skip
    Console().print(table)


@directory_app.command("capacity")
def capacity(shelter_id: int, beds: int) -> None:
    """Set a shelter's number of beds (never below the beds already reserved); audited."""
    from thb.clitools import console, open_database, report_domain_error
    from thb.db import transaction
    from thb.directory import service

    try:
        with transaction(open_database()) as session:
            row = service.set_capacity(
                session=session, actor=Actor.system("cli"), shelter_id=shelter_id, beds_total=beds
            )
    except DomainError as exc:
        raise report_domain_error(exc) from exc
    console.print(f"{row.name}: {row.beds_total} beds, {row.free_beds} free")


def register(app: typer.Typer) -> None:
    """Add `thb directory ...` to the root command."""
    app.add_typer(directory_app, name="directory")
