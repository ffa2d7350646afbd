"""`thb link dedupe` end to end through the root CLI, and engine parity (DuckDB vs Spark)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
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
def test_spark_gives_the_same_clusters_as_duckdb() -> None:
    # 9,765 registrations from several countries: every field of the model, u counted over a
    # sample of the pairs (not all of them), rarity bands, organisation and date together;
    # both EM blocks (2,425 and 4,634 pairs) sampled, as they are at 10^6 records. The
    # model is trained on DuckDB for both engines; Spark blocks and scores every pair.
    frame = registration_records(7000, seed=11).drop(columns=["true_person_id"])
    options = {"threshold": 0.95, "keep_levels": True, "em_max_pairs": 2000}
    duck_model = Deduplicator(**options).fit(frame)
    spark_model = Deduplicator(engine="spark", spark_master="local[2]", **options).fit(frame)
    duck, spark = duck_model.clusters_, spark_model.clusters_
    # the reviewer's evidence (levels and weights per field) is the same on both engines
    keys = ["record_id_l", "record_id_r"]
    pairs = duck_model.predict_pairs_.merge(spark_model.predict_pairs_, on=keys)
    assert len(pairs) == len(duck_model.predict_pairs_)
    columns = [c for c in duck_model.predict_pairs_ if c.startswith(("gamma_", "weight_"))]
    assert "weight_where_registered" in columns
    for column in columns:
        diff = (pairs[f"{column}_x"] - pairs[f"{column}_y"]).abs().fillna(0)
        assert diff.max() < 1e-6, column  # bits: the same u, the same Jaro-Winkler
    merged = duck.merge(spark, on="record_id", suffixes=("_duckdb", "_spark"))
    assert len(merged) == len(frame)
    assert (merged["cluster_id_duckdb"] == merged["cluster_id_spark"]).all()
    assert merged["cluster_id_duckdb"].nunique() < len(frame)
    assert (
        merged["match_probability_to_cluster_duckdb"] - merged["match_probability_to_cluster_spark"]
    ).abs().max() < 1e-6


@pytest.mark.spark
@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")
def test_spark_reads_registrations_from_a_checkpoint_not_from_local_data() -> None:
    # a table of local data is a LocalRelation that the planner copies into every query:
    # EM's queries ran the driver out of memory at 10^5 registrations
    from thb.linkage.dedupe.engines import make_db_api, register_table

    db_api = make_db_api("spark")
    frame = pd.DataFrame({"unique_id": ["a", "b"], "given_key": ["ion", None]})
    table = register_table(db_api, frame)
    spark_frame = db_api.spark.table(table.physical_name)
    assert "LocalRelation" not in spark_frame._jdf.queryExecution().analyzed().toString()
    assert spark_frame.toPandas().equals(frame)


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


def _run(*args: str) -> str:
    result = RUNNER.invoke(app, ["link", "dedupe", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_filled_in_review_file_overrides_the_model(tmp_path: Path, small: pd.DataFrame) -> None:
    src = _write(tmp_path, small[[*CLI_COLUMNS, "identity_number"]])  # an optional column too
    first, queue = tmp_path / "clusters.csv", tmp_path / "review.csv"
    assert "pairs to review" in _run("--input", str(src), "--output", str(first),
                                     "--review", str(queue))  # fmt: skip
    review = pd.read_csv(queue, dtype=str, keep_default_na=False)
    assert len(review) > 0 and (review["decision"] == "").all()
    assert {"given_name_l", "given_name_r", "birth_date_l", "birth_date_r"} <= set(review.columns)
    assert {"identity_number_l", "identity_number_r"} <= set(review.columns)  # given, shown
    assert review["evidence"].str.contains("document: ").all()
    p = review["match_probability"].astype(float)
    assert p.between(0.05, 0.99, inclusive="left").all()
    linked = review["linked"] == "True"
    impact = (p.where(~linked, 1 - p) * review["records_affected"].astype(int)).tolist()
    assert impact == sorted(impact, reverse=True)
    assert review["evidence"].str.contains("given_name: ").all()
    # the reviewer answers every pair (here with the truth) and hands the file back
    truth = small.set_index("record_id")["true_person_id"]
    same = truth[review["record_id_l"]].to_numpy() == truth[review["record_id_r"]].to_numpy()
    review["decision"] = ["match" if s else "not_a_match" for s in same]
    review.loc[0, "decision"] = ""  # a pair left undecided is skipped
    review.to_csv(queue, index=False)
    second, again = tmp_path / "clusters2.csv", tmp_path / "review2.csv"
    output = _run("--input", str(src), "--output", str(second), "--decisions", str(queue),
                  "--review", str(again))  # fmt: skip
    assert re.search(rf"{len(review) - 1}\s+decisions\s+applied", output)
    cluster = pd.read_csv(second, dtype=str).set_index("record_id")["cluster_id"]
    together = (
        cluster[review["record_id_l"]].to_numpy() == cluster[review["record_id_r"]].to_numpy()
    )
    decided = review["decision"] != ""
    assert (together[decided] == same[decided]).all()
    left = pd.read_csv(again, dtype=str)
    assert len(left) == 1 and left["record_id_l"][0] == review["record_id_l"][0]


def test_bad_decisions_are_refused_before_anything_is_written(
    tmp_path: Path, small: pd.DataFrame
) -> None:
    src = _write(tmp_path, small[CLI_COLUMNS])
    first, second = small["record_id"].iloc[0], small["record_id"].iloc[1]
    cases = {
        "maybe": pd.DataFrame({"record_id_l": [first], "record_id_r": [second],
                               "decision": ["maybe"]}),
        "R-NOT-THERE": pd.DataFrame({"record_id_l": [first], "record_id_r": ["R-NOT-THERE"],
                                     "decision": ["match"]}),
        "decision": pd.DataFrame({"record_id_l": [first], "record_id_r": [second]}),
    }  # fmt: skip
    for named, frame in cases.items():
        path = tmp_path / "decisions.csv"
        frame.to_csv(path, index=False)
        out = tmp_path / f"clusters-{named}.csv"
        result = RUNNER.invoke(app, ["link", "dedupe", "--input", str(src), "--output", str(out),
                                     "--decisions", str(path)])  # fmt: skip
        assert result.exit_code == 1 and named in result.output, result.output
        assert not out.exists()


def test_an_answered_quality_sample_estimates_the_links(tmp_path: Path, small: pd.DataFrame):
    src = _write(tmp_path, small[CLI_COLUMNS])
    sample_file = tmp_path / "quality.csv"
    output = _run("--input", str(src), "--output", str(tmp_path / "clusters.csv"),
                  "--quality-sample", str(sample_file))  # fmt: skip
    sample = pd.read_csv(sample_file, dtype=str, keep_default_na=False)
    assert f"{len(sample)} pairs sampled for the quality check" in output
    assert (sample["decision"] == "").all() and sample["evidence"].str.contains(
        "given_name: "
    ).all()
    strata = sample.drop_duplicates("stratum").set_index("stratum")
    assert strata["stratum_sampled"].astype(int).sum() == len(sample)
    assert (strata["stratum_pairs"].astype(int) >= strata["stratum_sampled"].astype(int)).all()
    low, high = (sample[c].astype(float) for c in ("stratum_band_low", "stratum_band_high"))
    assert sample["match_probability"].astype(float).between(low, high).all()
    assert (sample["linked"] == sample["stratum_linked"]).all()
    # a pair of each stratum in turn, so that every stratum soon has an answer
    assert sorted(sample["stratum"].head(len(strata)).astype(int)) == list(range(len(strata)))
    quality = RUNNER.invoke(app, ["link", "quality", str(sample_file)])
    assert quality.exit_code == 0, quality.output
    assert f"0 of {len(sample)} sampled pairs answered" in quality.output
    assert "an estimate needs an answer in every stratum" in quality.output
    # answered with the truth, it estimates; handed back, its answers override the model
    truth = small.set_index("record_id")["true_person_id"]
    same = truth[sample["record_id_l"]].to_numpy() == truth[sample["record_id_r"]].to_numpy()
    sample["decision"] = np.where(same, "match", "not_a_match")
    sample.to_csv(sample_file, index=False)
    quality = RUNNER.invoke(app, ["link", "quality", str(sample_file)])
    assert quality.exit_code == 0, quality.output
    assert f"{len(sample)} of {len(sample)} sampled pairs answered" in quality.output
    linked = sample["linked"] == "True"
    shown = re.search(r"links that are right: ([\d.]+)%", quality.output)
    pairs = strata["stratum_pairs"].astype(int)
    share = sample.assign(same=same).groupby("stratum")["same"].mean()
    expected = (pairs * share)[strata["stratum_linked"] == "True"].sum() / pairs[
        strata["stratum_linked"] == "True"
    ].sum()
    assert float(shown.group(1)) == pytest.approx(100 * expected, abs=0.05)
    assert same[linked].mean() > 0.9 > same[~linked].mean()
    output = _run("--input", str(src), "--output", str(tmp_path / "again.csv"),
                  "--decisions", str(sample_file))  # fmt: skip
    assert re.search(rf"{len(sample)}\s+decisions\s+applied", output)


def test_a_bad_quality_sample_is_refused_with_the_reason(tmp_path: Path) -> None:
    row = {"stratum": "0", "stratum_band_low": "0.99", "stratum_band_high": "1.0",
           "stratum_linked": "True", "stratum_pairs": "50", "stratum_mean_probability": "0.999",
           "stratum_sampled": "2", "decision": "match"}  # fmt: skip
    path = tmp_path / "quality.csv"
    pd.DataFrame([row, {**row, "decision": "not_a_match"}] * 4).to_csv(path, index=False)
    marked = RUNNER.invoke(app, ["link", "quality", str(path)])
    assert marked.exit_code == 0 and "model off" in marked.output  # 4 of 8 where it says 99.9%
    cases = {
        "row 3: unknown decision 'maybe'": [row, {**row, "decision": "maybe"}],
        "lacks column(s): stratum_pairs": [{k: v for k, v in row.items() if k != "stratum_pairs"}],
        "disagree": [row, {**row, "stratum_pairs": "51"}],
        "numbered 0, 1, 2": [{**row, "stratum": "1"}],
        "stratum_linked not True or False": [{**row, "stratum_linked": "yes"}],
    }
    for reason, rows in cases.items():
        path = tmp_path / "quality.csv"
        pd.DataFrame(rows).to_csv(path, index=False)
        result = RUNNER.invoke(app, ["link", "quality", str(path)])
        said = " ".join(result.output.split())  # the console wraps long lines
        assert result.exit_code == 1 and reason in said, result.output
