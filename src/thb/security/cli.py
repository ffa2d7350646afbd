"""`thb users`, `thb audit`, `thb keys`: accounts, the audit chain and field-encryption keys."""

from __future__ import annotations

from typing import Annotated

import typer

from thb.clitools import console, fail, open_database, report_domain_error
from thb.config import load_settings
from thb.db import make_engine, make_sessionmaker, transaction
from thb.errors import DomainError
from thb.security import audit, crypto
from thb.security.roles import Actor

users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
keys_app = typer.Typer(help="Field-encryption keys.", no_args_is_help=True)


@users_app.command("create")
def users_create(
    username: str,
    role: Annotated[
        str,
        typer.Option(
            help="frontline, coordinator, service_provider, analyst, statistician, auditor or admin"
        ),
    ],  # fmt: skip
    organisation: Annotated[str, typer.Option(help="organisation name")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    display_name: str | None = None,
    supervisor: bool = False,
    consent_override: bool = False,
) -> None:
    """Create a user (the installation acts as the administrator)."""
    from sqlalchemy import select

    from thb.security import service
    from thb.security.models import Organisation

    with transaction(open_database()) as session:
        org = session.scalar(select(Organisation).where(Organisation.org_name == organisation))
        if org is None:
            raise fail(f"no organisation named {organisation!r}")
        try:
            service.create_user(
                session=session, actor=Actor.system("cli"), username=username, password=password,
                role=role, organisation_id=org.id, display_name=display_name,
                is_supervisor=supervisor, can_override_consent=consent_override,
            )  # fmt: skip
        except DomainError as exc:
            raise report_domain_error(exc) from exc
    console.print(f"user [bold]{username}[/] created ({role}, {organisation})")


@users_app.command("password")
def users_password(
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """Set a new password (and unlock the account)."""
    from sqlalchemy import select

    from thb.security import audit, passwords
    from thb.security.models import User

    if problem := passwords.password_problem(password):
        raise fail(f"password {problem}")
    with transaction(open_database()) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise fail(f"no user named {username!r}")
        user.password_hash = passwords.hash_password(password)
        user.failed_logins, user.locked_until = 0, None
        audit.record(session, Actor.system("cli"), "set_password", "user", user.id)
    console.print(f"password of {username} changed")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the hash chain; exit 1 naming the first broken entry."""
    from thb.security import audit

    with transaction(open_database()) as session:
        broken = audit.verify(session)
        total = session.get(audit.AuditHead, 1)
    if broken is not None:
        raise fail(f"audit chain broken at entry {broken.seq}: {broken.reason}")
    console.print(f"audit chain intact: {total.seq if total else 0} entries verified")


@keys_app.command("rotate")
def keys_rotate(retire_old: bool = True) -> None:
    """Encrypt every identifying field under a new key (the key file keeps the old key until done)."""
    from thb.schema import metadata
    from thb.security import keys

    settings = load_settings()
    if settings.secret_key:
        raise fail("THB_SECRET_KEY is set: rotation needs a key file (THB_KEY_FILE)")
    old = crypto.load_or_create_keyring(None, settings.key_file)
    new = old.with_new_key()
    new.save(settings.key_file)  # both keys on disk before any value changes
    factory = make_sessionmaker(make_engine(settings.database_url))
    with transaction(factory) as session:
        count = keys.reencrypt_all(session, metadata, old, new)
        audit.record(session, Actor.system("cli"), "rotate_keys", "keyring", new.current,
                     purpose=f"{count} values re-encrypted")  # fmt: skip
    if retire_old:
        new.retire_old_keys().save(settings.key_file)
    console.print(f"re-encrypted {count} values under key {new.current}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(audit_app, name="audit")
    app.add_typer(keys_app, name="keys")
