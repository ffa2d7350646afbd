"""`thb estimate` through Typer's test runner."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from thb.estimate.cli import register


@pytest.fixture
def app() -> typer.Typer:
    """The real root command (its domain wiring registers `estimate`)."""
    from thb.cli import app

    return app


def test_register_adds_the_estimate_command() -> None:
    local = typer.Typer()
    register(local)
    assert [c.name for c in local.registered_commands] == ["estimate"]


def test_json_output(app, mse_dir) -> None:
    out = CliRunner().invoke(
        app, ["estimate", "--input", str(mse_dir / "UKdat_5.csv"), "--method", "stepwise", "--json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["estimate"] == pytest.approx(11312.99, abs=0.01)
    assert data["terms"][0] == "LA:NG"


def test_table_output_with_bootstrap_and_chart(app, mse_dir, tmp_path) -> None:
    chart = tmp_path / "c.png"
    out = CliRunner().invoke(
        app,
        ["estimate", "-i", str(mse_dir / "Western.csv"), "--bootstrap", "30", "--seed", "1",
         "--workers", "1", "--chart", str(chart)],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "2,483" in out.stdout and "BCa" in out.stdout
    assert chart.stat().st_size > 1000


def test_method_all_prints_sensitivity(app, mse_dir) -> None:
    out = CliRunner().invoke(
        app, ["estimate", "-i", str(mse_dir / "Western.csv"), "--method", "all"]
    )
    assert out.exit_code == 0, out.output
    assert "main effects" in out.stdout and "Methods disagree" in out.stdout


def test_bad_input_exits_2_with_message(app, tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("A,B,count\n1,0,3\n0,1,-1\n")
    out = CliRunner().invoke(app, ["estimate", "-i", str(bad)])
    assert out.exit_code == 2
    assert "row 2" in out.output and "negative" in out.output


def test_unfittable_fixed_model_is_reported(app, mse_dir) -> None:
    out = CliRunner().invoke(
        app,
        [
            "estimate",
            "-i",
            str(mse_dir / "Artificial_3.csv"),
            "--method",
            "fixed",
            "--terms",
            "A:B",
        ],
    )
    assert out.exit_code == 2
    assert "no finite maximum-likelihood estimate" in out.output


def test_chart_without_draws_is_refused_before_computing(app, mse_dir, tmp_path) -> None:
    out = CliRunner().invoke(
        app, ["estimate", "-i", str(mse_dir / "Western.csv"), "--chart", str(tmp_path / "c.png")]
    )
    assert out.exit_code == 2
    assert "--chart needs bootstrap replicates" in out.output
    assert not (tmp_path / "c.png").exists()
