"""`thb link registry` and `thb link registry-histories`: linkage over the case registry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from thb.errors import DomainError
from thb.security.roles import Actor

out = Console()
err = Console(stderr=True)

AsUser = Annotated[
    str | None, typer.Option("--as", help="act as this user (default: the installation)")
]


def _fail(exc: DomainError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc.detail}", highlight=False)
    return typer.Exit(1)


def _actor(session, username: str | None) -> Actor:  # type: ignore[no-untyped-def]
    """The named user (policy and audit as in the UI), else the system actor."""
    if username is None:
        return Actor.system("cli")
    from sqlalchemy import select

    from thb.security.models import User
    from thb.security.service import actor_of

    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        err.print(f"[bold red]error:[/] no user named {username!r}", highlight=False)
        raise typer.Exit(1)
    return actor_of(user)


def registry_command(
    country: Annotated[str, typer.Option("--country", help="ISO country code, e.g. RO")],
    engine: Annotated[str, typer.Option("--engine", help="duckdb or spark")] = "duckdb",
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="match probability that links two records")
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Deduplicate a country's registered persons; reviewers' decisions override the model."""
    from thb.clitools import open_database
    from thb.db import transaction
    from thb.linkage.service import link_registry

    try:
        with transaction(open_database()) as session:
            run = link_registry(session=session, actor=_actor(session, as_user),
                                country=country, engine=engine, threshold=threshold)  # fmt: skip
            summary = (
                f"run {run.id}: {run.records} records -> {run.identities} persons "
                f"({run.pairs_uncertain} pairs to review, {run.decisions_applied} decisions "
                f"applied, engine {run.engine}, threshold {run.threshold}); "
                f"{run.quality_sampled} pairs sampled for the quality check (/linkage/quality)"
            )
    except DomainError as exc:
        raise _fail(exc) from exc
    out.print(summary, highlight=False)


def histories_command(
    country: Annotated[str, typer.Option("--country", help="ISO country code, e.g. RO")],
    year_from: Annotated[int, typer.Option("--from", help="first registration year")],
    year_to: Annotated[int, typer.Option("--to", help="last registration year")],
    output: Annotated[Path, typer.Option("--output", help="CSV to write")],
    as_user: AsUser = None,
) -> None:
    """Write capture histories (organisation types as lists) for `thb estimate`."""
    from thb.clitools import open_database
    from thb.db import transaction
    from thb.linkage.dedupe.quality_commands import estimate_lines
    from thb.linkage.service import capture_histories_for, quality_estimate

    try:
        with transaction(open_database()) as session:
            actor = _actor(session, as_user)
            table = capture_histories_for(session=session, actor=actor, country=country,
                                          year_from=year_from, year_to=year_to)  # fmt: skip
            linkage = quality_estimate(session=session, actor=actor, country=country)
    except DomainError as exc:
        raise _fail(exc) from exc
    table.to_csv(output, index=False)
    out.print(
        f"{int(table['count'].sum())} persons on {len(table.columns) - 1} lists -> {output}",
        highlight=False,
    )
    # Missed links count one victim as two, seen by different lists: say how good they are.
    quality = estimate_lines(linkage.estimate) if linkage.estimate else ["no quality check"]
    out.print(f"persons from linkage run {linkage.run.id}; its quality check: "
              + "; ".join(quality), highlight=False)  # fmt: skip


def add_registry_commands(app: typer.Typer) -> None:
    """Attach `registry` and `registry-histories` to the `thb link` group."""
    app.command("registry")(registry_command)
    app.command("registry-histories")(histories_command)
