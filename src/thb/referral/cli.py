"""`thb trm` and `thb referrals`: this installation's focal-point keys, trusted peers, and packages carried as files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from thb.clitools import console
from thb.errors import DomainError

trm_app = typer.Typer(
    help="Transnational referral between installations (focal points).", no_args_is_help=True
)
referrals_app = typer.Typer(help="Referral housekeeping.", no_args_is_help=True)


def _open():  # type: ignore[no-untyped-def]
    from thb.clitools import open_database
    from thb.config import load_settings
    from thb.db import transaction

    settings = load_settings()
    return transaction(open_database(settings)), settings


@trm_app.command("keys")
def keys(
    output: Annotated[Path | None, typer.Option(help="write the public key here")] = None,
) -> None:
    """Show (creating on first use) this focal point's public key and fingerprint, to give to peers."""
    from thb.referral import trm

    tx, settings = _open()
    with tx as session:
        public = trm.own_keys(session, settings.country).public().export()
    text = json.dumps({"country": settings.country, "public_key": public}, indent=2)
    if output:
        output.write_text(text)
    console.print(text if not output else f"public key written to {output}")
    console.print(
        f"fingerprint (compare it with the peer by phone): [bold]{public['fingerprint']}[/]"
    )


@trm_app.command("trust")
def trust(key_file: Path) -> None:
    """Trust a peer focal point from the public-key file it gave you (`thb trm keys --output`)."""
    from thb.referral import trm
    from thb.security.roles import Actor

    data = json.loads(key_file.read_text())
    tx, _ = _open()
    try:
        with tx as session:
            fingerprint = trm.add_peer(
                session, Actor.system("cli"), data["country"], data["public_key"]
            )
    except (DomainError, KeyError, ValueError) as exc:
        raise typer.BadParameter(f"{key_file}: {exc}") from exc
    console.print(f"trusted {data['country']} focal point {fingerprint}")


@trm_app.command("outbox")
def outbox(directory: Path) -> None:
    """Write every outgoing package to DIRECTORY (one file each) for a courier to carry."""
    from sqlalchemy import select

    from thb.referral.models import TransnationalPackage

    directory.mkdir(parents=True, exist_ok=True)
    tx, _ = _open()
    with tx as session:
        rows = session.scalars(
            select(TransnationalPackage).where(TransnationalPackage.direction == "out")
        )
        count = 0
        for row in rows:
            (
                directory / f"{row.peer_country}-{row.message_type}-{row.message_id}.thbpkg"
            ).write_text(row.package)
            count += 1
    console.print(f"{count} packages in {directory}")


@trm_app.command("receive")
def receive(package: Path) -> None:
    """Open a package addressed to this focal point (refused if tampered, stale, replayed or unknown)."""
    from thb.referral import trm

    tx, settings = _open()
    try:
        with tx as session:
            result = trm.receive(
                session=session, data=package.read_bytes(), country=settings.country
            )
    except DomainError as exc:
        console.print(f"[bold red]refused:[/] {exc.detail}")
        raise typer.Exit(1) from exc
    console.print(f"received {result['type']} → referral {result['referral_id']}")


@referrals_app.command("expire")
def expire_referrals() -> None:
    """Expire sent referrals past their response time (run it from cron, e.g. every 15 minutes)."""
    from thb.referral.service import expire_overdue

    tx, _ = _open()
    with tx as session:
        count = expire_overdue(session=session)
    console.print(f"{count} referrals expired")


def register(app: typer.Typer) -> None:
    app.add_typer(trm_app, name="trm")
    app.add_typer(referrals_app, name="referrals")
