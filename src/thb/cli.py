"""The `thb` command: database, server, demo and synthetic data, users, audit, keys, HTCDS files."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from thb.config import Settings, load_settings
from thb.db import make_engine, make_sessionmaker, transaction
from thb.errors import DomainError
from thb.security import crypto
from thb.security.roles import Actor

app = typer.Typer(help="THB: identify and refer victims, statistics, hidden-victim estimates.",
                  no_args_is_help=True)  # fmt: skip
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
keys_app = typer.Typer(help="Field-encryption keys.", no_args_is_help=True)
export_app = typer.Typer(help="Export records.", no_args_is_help=True)
import_app = typer.Typer(help="Import records.", no_args_is_help=True)
for sub, name in ((db_app, "db"), (users_app, "users"), (audit_app, "audit"), (keys_app, "keys"),
                  (export_app, "export"), (import_app, "import")):  # fmt: skip
    app.add_typer(sub, name=name)

console = Console()
err = Console(stderr=True)


def _settings() -> Settings:
    return load_settings()


def open_database(settings: Settings | None = None) -> sessionmaker[Session]:
    """Install the keyring and return a session factory for THB_DATABASE_URL."""
    settings = settings or _settings()
    crypto.install_keyring(crypto.load_or_create_keyring(settings.secret_key, settings.key_file))
    return make_sessionmaker(make_engine(settings.database_url))


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def report_domain_error(exc: DomainError) -> typer.Exit:
    for e in exc.errors:
        where = f"row {e['row']}: " if "row" in e else ""
        err.print(f"  {where}{e.get('field', '')}: {e.get('message', '')}")
    return fail(exc.detail)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Create or migrate the database to the latest schema."""
    from thb.migrations import upgrade

    settings = _settings()
    upgrade(settings.database_url, revision)
    console.print(f"database at [bold]{_redact(settings.database_url)}[/] is up to date")


def _redact(url: str) -> str:
    """Never print a database password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, reload: bool = False) -> None:
    """Serve the web application and the API."""
    import uvicorn

    console.print(f"THB on http://{host}:{port}  (API docs: http://{host}:{port}/api/v1/docs)")
    uvicorn.run("thb.web.app:create_app", factory=True, host=host, port=port, reload=reload)


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

    settings = _settings()
    if settings.secret_key:
        raise fail("THB_SECRET_KEY is set: rotation needs a key file (THB_KEY_FILE)")
    old = crypto.load_or_create_keyring(None, settings.key_file)
    new = old.with_new_key()
    new.save(settings.key_file)  # both keys on disk before any value changes
    factory = make_sessionmaker(make_engine(settings.database_url))
    with transaction(factory) as session:
        count = keys.reencrypt_all(session, metadata, old, new)
    if retire_old:
        new.retire_old_keys().save(settings.key_file)
    console.print(f"re-encrypted {count} values under key {new.current}")


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


def _user_actor(session: Session, username: str) -> Actor:
    """Exports and imports act as a named user, so policy and audit apply as in the UI."""
    from sqlalchemy import select

    from thb.security.models import User
    from thb.security.service import actor_of

    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise fail(f"no user named {username!r}")
    return actor_of(user)


@export_app.command("htcds")
def export_htcds(
    output: Path,
    as_user: Annotated[str, typer.Option("--as", help="the user making the export")],
    identifying: bool = typer.Option(False, help="include names and contact fields"),
) -> None:
    """Export persons as HTCDS-shaped CSV or XLSX (pseudonymous unless --identifying)."""
    from thb.registry import htcds

    with transaction(open_database()) as session:
        actor = _user_actor(session, as_user)
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
            ids = htcds.import_rows(session, _user_actor(session, as_user), rows)
    except DomainError as exc:
        raise report_domain_error(exc) from exc
    console.print(f"imported {len(ids)} persons")


@app.command("expire-referrals")
def expire_referrals() -> None:
    """Expire sent referrals past their response time (run it from cron, e.g. every 15 minutes)."""
    from thb.referral.service import expire_overdue

    with transaction(open_database()) as session:
        count = expire_overdue(session=session)
    console.print(f"{count} referrals expired")


def _register_domain_clis() -> None:
    """Domains that ship a `cli.register(app)` add their commands (estimate, link, synth ...)."""
    for module in ("thb.synth.cli", "thb.estimate.cli", "thb.linkage.cli", "thb.directory.cli", "thb.referral.cli",
                   "thb.registry.cli"):  # fmt: skip
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
