"""`thb link`: deduplication, privacy-preserving encodings and matching, capture histories."""

from __future__ import annotations

import typer

from thb.linkage.dedupe.commands import add_dedupe_command
from thb.linkage.pprl.commands import add_pprl_commands
from thb.linkage.registry_commands import add_registry_commands

link_app = typer.Typer(
    help="Record linkage: deduplicate, encode and match across borders, capture histories.",
    no_args_is_help=True,
)
add_dedupe_command(link_app)
add_pprl_commands(link_app)
add_registry_commands(link_app)


def register(app: typer.Typer) -> None:
    """Add the `link` command group to the root `thb` app."""
    app.add_typer(link_app, name="link")
