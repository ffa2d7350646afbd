"""Capture histories: persons by combination of lists, per country and period."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from thb.cli import app
from thb.linkage.capture import CaptureHistoryError, capture_histories

RECORDS = pd.DataFrame(
    [
        # record, source, cluster, country, date
        ("r1", "police", "p1", "RO", "2017-03-01"),
        ("r2", "ngo", "p1", "RO", "2017-05-01"),
        ("r3", "police", "p2", "RO", "2018-01-10"),
        ("r4", "police", "p2", "RO", "2018-02-10"),  # same person twice on one list
        ("r5", "ngo", "p3", "RO", "2018-06-01"),
        ("r6", "labour", "p3", "RO", "2018-07-01"),
        ("r7", "police", "p3", "RO", "2018-08-01"),
        ("r8", "labour", "p4", "RO", "2019-01-05"),  # outside 2017-2018
        ("r9", "ngo", "p5", "RO", "2017-09-09"),
        ("r10", "police", "p6", "BG", "2017-09-09"),  # other country
    ],
    columns=["record_id", "source", "cluster_id", "reporting_country", "registration_date"],
)


def as_dict(table: pd.DataFrame) -> dict[tuple[int, ...], int]:
    lists = [c for c in table.columns if c != "count"]
    return {tuple(row[lists]): int(row["count"]) for _, row in table.iterrows()}


def test_hand_made_example_has_the_known_counts() -> None:
    table = capture_histories(RECORDS, country="RO", period=("2017-01-01", "2018-12-31"))
    assert list(table.columns) == ["labour", "ngo", "police", "count"]
    # p1 ngo+police, p2 police, p3 all three, p5 ngo; p4 outside the period; p6 in BG
    assert as_dict(table) == {(0, 1, 1): 1, (0, 0, 1): 1, (1, 1, 1): 1, (0, 1, 0): 1}
    assert table["count"].sum() == 4
    assert not (table[["labour", "ngo", "police"]].sum(axis=1) == 0).any()


def test_without_filters_every_country_and_date_counts() -> None:
    table = capture_histories(RECORDS)
    assert table["count"].sum() == 6


def test_a_list_with_nobody_in_the_period_is_an_error_naming_it() -> None:
    with pytest.raises(CaptureHistoryError, match="labour"):
        capture_histories(RECORDS, country="RO", period=("2017-01-01", "2017-12-31"))


def test_missing_columns_and_bad_dates_are_named() -> None:
    with pytest.raises(CaptureHistoryError, match="cluster_id"):
        capture_histories(RECORDS.drop(columns=["cluster_id"]))
    with pytest.raises(CaptureHistoryError, match="reporting_country"):
        capture_histories(RECORDS.drop(columns=["reporting_country"]), country="RO")
    bad = RECORDS.assign(registration_date=RECORDS.registration_date.where(RECORDS.index != 2, "x"))
    with pytest.raises(CaptureHistoryError, match="r3"):
        capture_histories(bad, period=("2017-01-01", "2018-12-31"))


def test_the_estimation_reader_accepts_the_histories(tmp_path) -> None:
    estimate_data = pytest.importorskip("thb.estimate.data")
    path = tmp_path / "histories.csv"
    capture_histories(RECORDS, country="RO", period=("2017-01-01", "2018-12-31")).to_csv(
        path, index=False
    )
    table = estimate_data.read_csv(path)
    assert table.lists == ("labour", "ngo", "police")
    assert table.n_observed == 4


def test_cli_writes_the_estimation_input(tmp_path) -> None:
    RECORDS.drop(columns=["cluster_id"]).to_csv(tmp_path / "records.csv", index=False)
    RECORDS[["record_id", "cluster_id"]].to_csv(tmp_path / "clusters.csv", index=False)
    out = tmp_path / "histories.csv"
    args = ["link", "capture-histories", "--records", str(tmp_path / "records.csv")]
    args += ["--clusters", str(tmp_path / "clusters.csv"), "--country", "RO"]
    args += ["--from", "2017-01-01", "--to", "2018-12-31", "--output", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "4 persons on 3 lists" in result.output
    assert as_dict(pd.read_csv(out)) == {(0, 1, 1): 1, (0, 0, 1): 1, (1, 1, 1): 1, (0, 1, 0): 1}
    args[args.index("2018-12-31")] = "2017-12-31"
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1 and "labour" in result.output
