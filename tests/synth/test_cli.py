"""`thb synth-records` writes registration_records to CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer
from typer.testing import CliRunner

from thb.synth import RECORD_COLUMNS, registration_records
from thb.synth.cli import register

runner = CliRunner()


def _app() -> typer.Typer:
    try:
        from thb.cli import app
    except ImportError:  # the root command is optional for this domain's tests
        app = typer.Typer()
        register(app)

        @app.command()
        def _noop() -> None:  # a second command keeps Typer in multi-command mode
            """Placeholder."""

    return app


def test_writes_the_records_and_prints_assumptions(tmp_path: Path) -> None:
    out = tmp_path / "records.csv"
    args = ["synth-records", "--persons", "300", "--seed", "4", "--countries", "RO,BG",
            "--years", "2017-2018", "--output", str(out)]  # fmt: skip
    result = runner.invoke(_app(), args)
    assert result.exit_code == 0, result.output
    assert "ASSUMPTIONS" in result.output and "own nationals" in result.output
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert tuple(written.columns) == RECORD_COLUMNS
    expected = registration_records(300, seed=4, countries=["RO", "BG"])
    pd.testing.assert_frame_equal(written, expected.astype(str))


def test_bad_countries_exit_with_a_message(tmp_path: Path) -> None:
    args = ["synth-records", "--countries", "Romania", "--output", str(tmp_path / "x.csv")]
    result = runner.invoke(_app(), args)
    assert result.exit_code == 2
    assert "countries" in result.output
    assert not (tmp_path / "x.csv").exists()


def test_bad_years_exit_with_a_message(tmp_path: Path) -> None:
    result = runner.invoke(
        _app(), ["synth-records", "--years", "last year", "-o", str(tmp_path / "x.csv")]
    )
    assert result.exit_code == 2
    assert "--years" in result.output
