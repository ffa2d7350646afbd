"""The `thb` command: database, server, demo and synthetic data; each domain adds its own commands."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from thb.clitools import console, fail, open_database, redact
from thb.config import load_settings
from thb.db import transaction

app = typer.Typer(help="THB: identify and refer victims, statistics, hidden-victim estimates.",
                  no_args_is_help=True)  # fmt: skip
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Create or migrate the database to the latest schema."""
    from thb.migrations import upgrade

    settings = load_settings()
    upgrade(settings.database_url, revision)
    console.print(f"database at [bold]{redact(settings.database_url)}[/] is up to date")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, reload: bool = False) -> None:
    """Serve the web application and the API."""
    import uvicorn

    console.print(f"THB on http://{host}:{port}  (API docs: http://{host}:{port}/api/v1/docs)")
    uvicorn.run("thb.web.app:create_app", factory=True, host=host, port=port, reload=reload)


@app.command()
def demo(persons: int = 900, seed: int = 7) -> None:
    """Load demo data once (synthetic cases, a user per role) and print the logins."""
    from rich.table import Table

    from thb.demo import is_seeded, seed_demo

    with transaction(open_database()) as session:
        if is_seeded(session):
            console.print("demo data already loaded (its logins were printed then; "
                          "`thb users password USER` sets a new one)")  # fmt: skip
            return
        loaded, logins = seed_demo(session, persons=persons, seed=seed)
    table = Table(title="Demo logins (shown once; synthetic data only)")
    for column in ("username", "password", "role", "organisation"):
        table.add_column(column)
    for login in logins:
        table.add_row(login.username, login.password, login.role, login.organisation)
    console.print(
        f"loaded {loaded.persons} synthetic registrations, {loaded.organisations} organisations"
    )
    console.print(table)


@app.command()
def synth(
    persons: int = 14145,
    seed: int = 1,
    years: str = "2017-2018",
    countries: Annotated[str | None, typer.Option(help="comma-separated ISO codes")] = None,
) -> None:
    """Generate a synthetic registry calibrated to published EU figures and load it."""
    from thb.synth import generate
    from thb.synth.load import load

    try:
        first, last = (int(y) for y in years.split("-"))
    except ValueError as exc:
        raise fail(f"--years must look like 2017-2018, not {years!r}") from exc
    chosen = [c.strip().upper() for c in countries.split(",")] if countries else None
    registry = generate(persons, seed=seed, years=(first, last), countries=chosen)
    with transaction(open_database()) as session:
        loaded = load(session, registry)
    console.print(f"loaded {loaded.persons} registrations of {persons} persons, "
                  f"{loaded.perpetrators} perpetrators, {loaded.proceedings} proceedings")  # fmt: skip
    console.print(registry.assumptions)


def _register_domain_clis() -> None:
    """Domains that ship a `cli.register(app)` add their commands (estimate, link, synth ...)."""
    for module in ("thb.security.cli", "thb.registry.cli", "thb.referral.cli", "thb.directory.cli",
                   "thb.synth.cli", "thb.linkage.cli", "thb.estimate.cli"):  # fmt: skip
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        mod.register(app)


_register_domain_clis()

if __name__ == "__main__":
    app()
