"""The audit chain: every write and identifying read logged, tamper detected, no personal data."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from tests import factories as f
from thb.cli import app
from thb.registry import service as registry
from thb.security import audit
from thb.security.models import AuditEvent


def _populate(factory) -> None:
    with factory.begin() as session:
        org = f.org(session, "Audit NGO")
        who = f.actor(session, "frontline", org)
        pid = f.victim(session, who, first_name="Mariaqx")
        registry.read_person(session=session, actor=who, person_id=pid, purpose="interview")


def test_writes_and_identifying_reads_are_logged_without_personal_data(factory) -> None:
    _populate(factory)
    with factory() as session:
        rows = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
        actions = [(r.action, r.entity) for r in rows]
        assert ("create", "person") in actions and ("read", "person") in actions
        read = next(r for r in rows if r.action == "read")
        assert read.purpose == "interview" and "first_name" in read.fields
        assert read.actor_role == "frontline" and read.actor_org_id is not None
        assert all("Mariaqx" not in str(vars(r)) for r in rows)
        assert audit.verify(session) is None


def _tamper(session, database_url: str, sql: str) -> None:
    """An attacker with database access first removes the append-only guard."""
    if database_url.startswith("sqlite"):
        session.execute(text("DROP TRIGGER audit_event_no_update"))
        session.execute(text("DROP TRIGGER audit_event_no_delete"))
    else:
        session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change"))
    session.execute(text(sql))


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("UPDATE audit_event SET action = 'read' WHERE seq = 3", "altered"),
        ("UPDATE audit_event SET purpose = 'x' WHERE seq = 3", "altered"),
        ("DELETE FROM audit_event WHERE seq = 3", "missing"),
        ("DELETE FROM audit_event WHERE seq = (SELECT MAX(seq) FROM audit_event)", "ends early"),
    ],
)
def test_tampering_is_detected_and_named(factory, database_url, sql, reason) -> None:
    _populate(factory)
    with factory.begin() as session:
        _tamper(session, database_url, sql)
    with factory() as session:
        broken = audit.verify(session)
    assert broken is not None and reason in broken.reason
    if reason != "ends early":
        assert broken.seq == 3


def test_audit_rows_refuse_update_and_delete(factory) -> None:
    _populate(factory)
    for sql in ("UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"):
        with factory() as session, pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(sql))


def test_cli_verify_exits_non_zero_and_names_the_entry(
    factory, database_url, settings, monkeypatch
) -> None:
    _populate(factory)
    monkeypatch.setenv("THB_DATABASE_URL", database_url)
    monkeypatch.setenv("THB_KEY_FILE", str(settings.key_file))
    ok = CliRunner().invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "intact" in ok.output
    with factory.begin() as session:
        _tamper(session, database_url, "UPDATE audit_event SET entity_id = '99' WHERE seq = 2")
    bad = CliRunner().invoke(app, ["audit", "verify"])
    assert bad.exit_code == 1
    assert "entry 2" in bad.output
