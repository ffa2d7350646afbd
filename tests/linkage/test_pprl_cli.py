"""`thb link encode` and `thb link match` end to end through the root CLI."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from thb.cli import app

RUNNER = CliRunner()
ROWS_A = [
    ("a1", "Ștefania", "Ciobanu", "1994-04-20", "F", "RO"),
    ("a2", "Maria", "Popescu", "1990-01-02", "F", "MD"),
    ("a3", "Ion", "Rusu", "1985-07-30", "M", "MD"),
]
ROWS_B = [
    ("b1", "CIOBANU", "Stefania", "1994-04-20", "F", "RO"),  # swapped names, no diacritics
    ("b2", "Mariia", "Popescu", "1990-01-02", "F", "MD"),  # typo
    ("b3", "Oksana", "Kovalenko", "1979-03-15", "F", "UA"),
]
COLUMNS = ["record_id", "given_name", "family_name", "birth_date", "sex", "citizenship"]


@pytest.fixture()
def files(tmp_path):
    pd.DataFrame(ROWS_A, columns=COLUMNS).to_csv(tmp_path / "a.csv", index=False)
    pd.DataFrame(ROWS_B, columns=COLUMNS).to_csv(tmp_path / "b.csv", index=False)
    (tmp_path / "key").write_text("0123456789abcdef0123456789abcdef\n")
    return tmp_path


def encode(tmp, name: str, *extra: str, env: dict | None = None):
    args = ["link", "encode", "--input", str(tmp / f"{name}.csv"), "--output"]
    return RUNNER.invoke(app, [*args, str(tmp / f"{name}.clk"), *extra], env=env)


def test_encode_and_match_report_overlap_without_names(files) -> None:
    assert encode(files, "a", "--secret-file", str(files / "key")).exit_code == 0
    env = {"THB_LINKAGE_SECRET": "0123456789abcdef0123456789abcdef"}
    result = encode(files, "b", env=env)
    assert result.exit_code == 0, result.output
    assert "encoded 3 records" in result.output
    out = files / "pairs.csv"
    args = ["link", "match", str(files / "a.clk"), str(files / "b.clk"), "--output", str(out)]
    result = RUNNER.invoke(app, [*args, "--threshold", "0.8"])
    assert result.exit_code == 0, result.output
    assert "records in A: 3" in result.output and "records in B: 3" in result.output
    assert "matched at Dice >= 0.80: 2" in result.output
    pairs = pd.read_csv(out)
    assert sorted(zip(pairs.record_id_a, pairs.record_id_b, strict=False)) == [
        ("a1", "b1"),
        ("a2", "b2"),
    ]
    assert "Ciobanu" not in (files / "b.clk").read_text()


def test_match_with_automatic_threshold_and_year_blocking(files) -> None:
    encode(files, "a", "--secret-file", str(files / "key"))
    encode(files, "b", "--secret-file", str(files / "key"))
    args = ["link", "match", str(files / "a.clk"), str(files / "b.clk")]
    args += ["--output", str(files / "p.csv"), "--threshold", "auto", "--blocking", "year"]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "blocking: year" in result.output
    pairs = pd.read_csv(files / "p.csv")
    assert {("a1", "b1"), ("a2", "b2")} <= set(
        zip(pairs.record_id_a, pairs.record_id_b, strict=False)
    )
    bad = RUNNER.invoke(app, [*args[:-4], "--output", str(files / "p.csv"), "--threshold", "x"])
    assert bad.exit_code == 1 and "--threshold" in bad.output


def test_match_refuses_files_encoded_with_different_secrets(files) -> None:
    encode(files, "a", "--secret-file", str(files / "key"))
    encode(files, "b", env={"THB_LINKAGE_SECRET": "another-secret-of-enough-length"})
    args = ["link", "match", str(files / "a.clk"), str(files / "b.clk")]
    result = RUNNER.invoke(app, [*args, "--output", str(files / "p.csv")])
    assert result.exit_code == 1
    assert "key_fingerprint" in result.output


def test_encode_refuses_missing_or_short_secret(files) -> None:
    result = encode(files, "a", env={"THB_LINKAGE_SECRET": ""})
    assert result.exit_code == 1 and "THB_LINKAGE_SECRET" in result.output
    result = encode(files, "a", env={"THB_LINKAGE_SECRET": "short"})
    assert result.exit_code == 1 and "at least 16" in result.output
