"""HTCDS export and all-or-nothing import, through the CLI."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tests import factories as f
from thb.cli import app
from thb.registry import models as m


@pytest.fixture
def cli_env(factory, database_url, settings, monkeypatch):
    monkeypatch.setenv("THB_DATABASE_URL", database_url)
    monkeypatch.setenv("THB_KEY_FILE", str(settings.key_file))
    with factory.begin() as session:
        org = f.org(session, "Export NGO")
        f.user(session, "nina", "frontline", org)
        f.user(session, "stat", "statistician", org)
        who = f.actor(session, "frontline", org)
        f.victim(session, who, first_name="Adaeze", citizenships=["NG"])
    return factory


def _persons(factory) -> int:
    with factory() as session:
        return session.scalar(select(func.count(m.Person.id)))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_export_then_import(cli_env, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"persons{suffix}"
    result = CliRunner().invoke(app, ["export", "htcds", str(out), "--as", "nina", "--identifying"])
    assert result.exit_code == 0, result.output
    imported = CliRunner().invoke(app, ["import", "htcds", str(out), "--as", "nina"])
    assert imported.exit_code == 0, imported.output
    assert _persons(cli_env) == 2


def test_export_is_pseudonymous_by_default_and_policy_applies(cli_env, tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    assert CliRunner().invoke(app, ["export", "htcds", str(out), "--as", "stat"]).exit_code == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 1 and "prs_FirstName" not in rows[0] and "Adaeze" not in out.read_text()
    assert rows[0]["eu_citizen_cat"] == "NEU27_2020_FOR"
    denied = CliRunner().invoke(app, ["export", "htcds", str(out), "--as", "stat", "--identifying"])
    assert denied.exit_code == 1 and "may not" in denied.output


def test_bad_import_reports_every_row_and_field_and_writes_nothing(cli_env, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "prs_FirstName,prs_Birthdate,prs_Gender,prs_Citizenship,eu_registration_date\n"
        "Ana,1990-01-01,Feminine,RO,2024-01-01\n"
        "Bea,not-a-date,Feminine,RO,2024-01-01\n"
        "Cleo,1990-01-01,Alien,RO,\n"
        "Dana,1990-01-01,Feminine,XX1,2024-01-01\n"
    )
    result = CliRunner().invoke(app, ["import", "htcds", str(bad), "--as", "nina"])
    assert result.exit_code == 1
    for expected in ("row 3: prs_Birthdate", "row 4: prs_Gender", "row 4: eu_registration_date",
                     "row 5: prs_Citizenship", "nothing was imported"):  # fmt: skip
        assert expected in result.output
    assert _persons(cli_env) == 1
