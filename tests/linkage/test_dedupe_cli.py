"""`thb link dedupe` end to end through the root CLI, and engine parity (DuckDB vs Spark)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from thb.cli import app
from thb.linkage.dedupe import Deduplicator
from thb.linkage.dedupe.normalise import CLI_REQUIRED_COLUMNS
from thb.synth import registration_records

RUNNER = CliRunner()
CLI_COLUMNS = list(CLI_REQUIRED_COLUMNS)


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return registration_records(150, seed=21)


def _write(tmp_path: Path, frame: pd.DataFrame) -> Path:
    path = tmp_path / "registrations.csv"
    frame.to_csv(path, index=False)
    return path


def test_dedupe_writes_clusters(tmp_path: Path, small: pd.DataFrame) -> None:
    src = _write(tmp_path, small[CLI_COLUMNS])
    out = tmp_path / "clusters.csv"
    result = RUNNER.invoke(
        app, ["link", "dedupe", "--input", str(src), "--output", str(out), "--threshold", "0.95"]
    )
    assert result.exit_code == 0, result.output
    assert "registrations ->" in result.output
    clusters = pd.read_csv(out, dtype={"record_id": str, "cluster_id": str})
    assert list(clusters.columns) == ["record_id", "cluster_id", "match_probability_to_cluster"]
    assert sorted(clusters["record_id"]) == sorted(small["record_id"])
    assert clusters["cluster_id"].nunique() < len(small)  # some registrations were merged


def test_missing_column_is_named(tmp_path: Path, small: pd.DataFrame) -> None:
    src = _write(tmp_path, small[CLI_COLUMNS].drop(columns=["citizenship"]))
    result = RUNNER.invoke(
        app, ["link", "dedupe", "--input", str(src), "--output", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 1
    assert "citizenship" in result.output


def test_bad_date_row_is_named(tmp_path: Path, small: pd.DataFrame) -> None:
    frame = small[CLI_COLUMNS].copy()
    frame.loc[3, "birth_date"] = "31/12/1990"
    src = _write(tmp_path, frame)
    result = RUNNER.invoke(
        app, ["link", "dedupe", "--input", str(src), "--output", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 1
    assert "31/12/1990" in result.output and "row 4" in result.output


def test_unknown_engine_is_refused(tmp_path: Path, small: pd.DataFrame) -> None:
    src = _write(tmp_path, small[CLI_COLUMNS])
    result = RUNNER.invoke(
        app,
        [
            "link",
            "dedupe",
            "--input",
            str(src),
            "--output",
            str(tmp_path / "o.csv"),
            "--engine",
            "x",
        ],
    )
    assert result.exit_code == 1
    assert "unknown engine" in result.output


@pytest.mark.spark
@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")
def test_spark_gives_the_same_clusters_as_duckdb(small: pd.DataFrame) -> None:
    frame = small.drop(columns=["true_person_id"])
    duck_model = Deduplicator(threshold=0.95, keep_levels=True).fit(frame)
    spark_model = Deduplicator(
        threshold=0.95, engine="spark", spark_master="local[2]", keep_levels=True
    ).fit(frame)
    duck, spark = duck_model.clusters_, spark_model.clusters_
    # the reviewer's evidence (levels and weights per field) is the same on both engines
    keys = ["record_id_l", "record_id_r"]
    pairs = duck_model.predict_pairs_.merge(spark_model.predict_pairs_, on=keys)
    assert len(pairs) == len(duck_model.predict_pairs_)
    for column in [c for c in duck_model.predict_pairs_ if c.startswith(("gamma_", "weight_"))]:
        diff = (pairs[f"{column}_x"] - pairs[f"{column}_y"]).abs().fillna(0)
        assert diff.max() < 1e-3, column  # bits; the engines round differently
    merged = duck.merge(spark, on="record_id", suffixes=("_duckdb", "_spark"))
    assert len(merged) == len(frame)
    assert (merged["cluster_id_duckdb"] == merged["cluster_id_spark"]).all()
    assert merged["cluster_id_duckdb"].nunique() < len(frame)
    assert (
        merged["match_probability_to_cluster_duckdb"] - merged["match_probability_to_cluster_spark"]
    ).abs().max() < 1e-6


def test_spark_engine_without_pyspark_gives_an_install_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from thb.linkage.dedupe.engines import make_db_api

    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(ImportError, match="pip install"):
        make_db_api("spark")
    with pytest.raises(ValueError, match="unknown engine"):
        make_db_api("postgres")
