"""Shared fixtures: a migrated database per test on SQLite, and on PostgreSQL when configured.

PostgreSQL: set THB_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres);
a fresh database is created for the run and dropped after. With THB_REQUIRE_POSTGRES=1 (CI) an
unreachable server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from thb.config import Settings
from thb.db import make_engine, make_sessionmaker
from thb.migrations import upgrade
from thb.schema import metadata
from thb.security import crypto

PG_URL = os.environ.get("THB_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(scope="session", autouse=True)
def keyring() -> crypto.Keyring:
    ring = crypto.Keyring.generate()
    crypto.install_keyring(ring)
    return ring


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "thb.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, migrated once."""
    assert PG_URL is not None
    admin_url = make_url(PG_URL)
    name = f"thb_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("THB_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(f"PostgreSQL not reachable at {admin_url.render_as_string()}: {exc}")
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables if t.name != "audit_head")
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change"))
        conn.execute(text("UPDATE audit_head SET seq = 0, hash = :h WHERE id = 1"), {"h": "0" * 64})
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: a copy of the SQLite template, or the cleaned PostgreSQL one."""
    if request.param == "sqlite":
        path = tmp_path / "thb.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    request.applymarker(pytest.mark.postgres)
    url = request.getfixturevalue("postgres_database")
    _reset_postgres(url)
    return url


@pytest.fixture
def factory(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as s:
        yield s
        s.rollback()


@pytest.fixture
def settings(database_url: str, tmp_path: Path, keyring: crypto.Keyring) -> Settings:
    key_file = tmp_path / "keys.json"
    keyring.save(key_file)
    return replace(Settings(), database_url=database_url, key_file=key_file, lockout_attempts=3)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that take a database run on every backend; mark the PostgreSQL ones."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec and callspec.params.get("database_url") == "postgresql":
            item.add_marker(pytest.mark.postgres)
