"""The operator's commands: schema, users, key rotation, synthetic data, all through `thb`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from tests import factories as f
from thb.cli import app
from thb.registry import models as m
from thb.security import crypto
from thb.security.models import User

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, keyring: crypto.Keyring):
    key_file = tmp_path / "keys.json"
    keyring.save(key_file)
    values = {"THB_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "THB_KEY_FILE": str(key_file)}
    yield values
    crypto.install_keyring(keyring)


def _session(env):
    from thb.db import make_engine, make_sessionmaker

    return make_sessionmaker(make_engine(env["THB_DATABASE_URL"]))


def test_upgrade_users_and_synth(env) -> None:
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    with _session(env).begin() as session:
        f.org(session, "CLI NGO")
    made = runner.invoke(app, ["users", "create", "ana", "--role", "frontline", "--organisation", "CLI NGO",
                               "--password", "long enough password"], env=env)  # fmt: skip
    assert made.exit_code == 0, made.output
    weak = runner.invoke(app, ["users", "create", "bob", "--role", "boss", "--organisation", "CLI NGO",
                               "--password", "short"], env=env)  # fmt: skip
    assert weak.exit_code == 1 and "role" in weak.output and "password" in weak.output
    loaded = runner.invoke(
        app, ["synth", "--persons", "200", "--seed", "2", "--countries", "RO,BG"], env=env
    )
    assert loaded.exit_code == 0, loaded.output
    assert "registrations of 200 persons" in loaded.output
    bad_years = runner.invoke(app, ["synth", "--years", "2017"], env=env)
    assert bad_years.exit_code == 1 and "--years" in bad_years.output
    with _session(env)() as session:
        assert session.scalar(select(func.count(m.Person.id))) > 200
        assert session.scalar(select(User.role).where(User.username == "ana")) == "frontline"


def test_key_rotation_from_the_command_line(env) -> None:
    runner.invoke(app, ["db", "upgrade"], env=env)
    runner.invoke(app, ["synth", "--persons", "50", "--seed", "3", "--countries", "RO"], env=env)
    old = json.loads(Path(env["THB_KEY_FILE"]).read_text())["current"]
    rotated = runner.invoke(app, ["keys", "rotate"], env=env)
    assert rotated.exit_code == 0, rotated.output
    new_ring = crypto.Keyring.from_json(Path(env["THB_KEY_FILE"]).read_text())
    assert new_ring.current != old and list(new_ring.keys) == [new_ring.current]  # old key retired
    with _session(env)() as session:
        tokens = session.execute(
            text("SELECT first_name FROM person WHERE first_name IS NOT NULL")
        ).scalars()
        assert {crypto.key_id_of(t) for t in tokens} == {new_ring.current}
    assert runner.invoke(app, ["audit", "verify"], env=env).exit_code == 0
    with _session(env)() as session:
        assert (
            session.scalar(text("SELECT count(*) FROM audit_event WHERE action = 'rotate_keys'"))
            == 1
        )
    with_secret = runner.invoke(app, ["keys", "rotate"], env={**env, "THB_SECRET_KEY": "x" * 32})
    assert with_secret.exit_code == 1 and "key file" in with_secret.output
