"""Reading capture histories: aggregation and clear errors naming the column or row."""

from __future__ import annotations

import numpy as np
import pytest

from thb.errors import InvalidInput
from thb.estimate.data import EstimationInputError, from_histories, read_csv, read_csv_text


def test_count_table_is_read_with_n_as_count_column(load) -> None:
    table = load("Western.csv")
    assert table.lists == ("A", "B", "C", "D", "E")
    assert table.n_observed == 345
    y = table.cell_counts()
    assert y[0] == 0 and y[0b00001] == 52 and y[0b10101] == 1


def test_person_level_rows_are_aggregated() -> None:
    text = "A,B,C\n1,0,0\n1,0,0\n0,1,1\n1,0,0\n"
    table = read_csv_text(text)
    assert table.n_observed == 4
    assert dict(zip(map(int, table.masks()), table.counts.tolist(), strict=True)) == {1: 3, 6: 1}


def test_person_ids_must_not_repeat() -> None:
    with pytest.raises(EstimationInputError, match=r"'id'.*rows 1 and 3"):
        read_csv_text("id,A,B\np1,1,0\np2,0,1\np1,1,1\n")


@pytest.mark.parametrize(
    ("text", "pattern", "field"),
    [
        ("A,count\n1,5\n", "at least 2 list columns", "lists"),
        ("A,B,count\n1,0,5\n1,1,2\n", "list 'A' contains everyone", "A"),
        ("A,B,C,count\n1,0,0,5\n0,1,0,2\n", "list 'C' contains no one", "C"),
        ("A,B,count\n1,0,5\n0,1,-2\n", r"row 2: count '-2' is negative", "count"),
        ("A,B,count\n1,0,5\n0,0,2\n", r"row 2: a history with no list", "lists"),
        ("A,B,count\n1,0,5\n2,1,2\n", r"column 'A', row 2: value '2' is not 0 or 1", "A"),
        ("A,B,total\n1,0,5\n0,1,2\n", r"column 'total', row 1: value '5' is not 0 or 1", "total"),
        ("A,B,count\n1,0,5\n0,1,2\n1,0,1\n", "rows 1 and 3 have the same capture history", "lists"),
        ("A,B,count\n1,0,5\n0,1,2.5\n", r"row 2: count '2.5' is not a whole number", "count"),
        ("A,B,count\n1,,5\n0,1,2\n", r"column 'B', row 1: value is missing", "B"),
        ("A,B,count\n1,0,0\n0,1,0\n", "nobody was observed", "count"),
        ("", "empty", "csv"),
    ],
)
def test_bad_input_names_what_is_wrong(text: str, pattern: str, field: str) -> None:
    with pytest.raises(EstimationInputError, match=pattern) as info:
        read_csv_text(text)
    assert info.value.field == field
    assert isinstance(info.value, ValueError) and isinstance(info.value, InvalidInput)
    assert info.value.errors[0]["field"] == field


def test_missing_file_is_an_input_error(tmp_path) -> None:
    with pytest.raises(EstimationInputError, match="file not found"):
        read_csv(tmp_path / "nope.csv")


def test_json_histories_fill_missing_lists_with_zero() -> None:
    table = from_histories(
        [{"lists": {"A": 1}, "count": 3}, {"lists": {"B": 1, "A": 1}, "count": 2},
         {"lists": {"B": 1, "C": 1}, "count": 4}, {"lists": {"C": 1}, "count": 1}]
    )  # fmt: skip
    assert table.lists == ("A", "B", "C")
    assert table.n_observed == 10
    assert table.cell_counts()[0b011] == 2


def test_json_history_errors_point_into_histories() -> None:
    with pytest.raises(EstimationInputError) as info:
        from_histories(
            [{"lists": {"A": 1, "B": 0}, "count": 2}, {"lists": {"A": 0, "B": 1}, "count": -1}]
        )
    assert info.value.field == "histories.count"
    assert info.value.row == 2


def test_cell_counts_sum_to_people_seen(load) -> None:
    table = load("UKdat.csv")
    assert np.isclose(table.cell_counts().sum(), 2744)
