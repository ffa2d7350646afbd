"""What every `thb` command shares: opening the database with its keys, errors, the acting user."""

from __future__ import annotations

import typer
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from thb.config import Settings, load_settings
from thb.db import make_engine, make_sessionmaker
from thb.errors import DomainError
from thb.security import crypto
from thb.security.roles import Actor

console = Console()
err = Console(stderr=True)


def open_database(settings: Settings | None = None) -> sessionmaker[Session]:
    """Install the keyring and return a session factory for THB_DATABASE_URL."""
    settings = settings or load_settings()
    crypto.install_keyring(crypto.load_or_create_keyring(settings.secret_key, settings.key_file))
    return make_sessionmaker(make_engine(settings.database_url))


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def report_domain_error(exc: DomainError) -> typer.Exit:
    """Every row and field that was wrong, then the summary."""
    for e in exc.errors:
        where = f"row {e['row']}: " if "row" in e else ""
        err.print(f"  {where}{e.get('field', '')}: {e.get('message', '')}")
    return fail(exc.detail)


def redact(url: str) -> str:
    """Never print a database password."""
    return make_url(url).render_as_string(hide_password=True)


def user_actor(session: Session, username: str) -> Actor:
    """Commands that act for a named user go through the same policies and audit as the UI."""
    from thb.security.models import User
    from thb.security.service import actor_of

    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise fail(f"no user named {username!r}")
    return actor_of(user)
