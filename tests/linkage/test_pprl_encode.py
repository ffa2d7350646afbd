"""Encoding: normalisation, keyed filters, salting, the .clk file and its refusals."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from thb.linkage.normalise import normalise_date, normalise_name
from thb.linkage.pprl import (
    PERSON_V1,
    LinkageFileError,
    Schema,
    encode_records,
    key_fingerprint,
    load_schema,
    read_clk,
    write_clk,
)
from thb.linkage.pprl.similarity import dice_of_pairs

SECRET = b"correct horse battery staple 42!"


def people(**overrides: list[str]) -> pd.DataFrame:
    data = {
        "record_id": ["r1", "r2"],
        "given_name": ["Ștefania", "Maria"],
        "family_name": ["Ciobanu", "Popescu"],
        "birth_date": ["1994-04-20", "1990-01-02"],
        "sex": ["F", "F"],
        "citizenship": ["RO", "MD"],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def dice(frame_a: pd.DataFrame, frame_b: pd.DataFrame, secret: bytes = SECRET) -> float:
    a = encode_records(frame_a, PERSON_V1, secret).filters
    b = encode_records(frame_b, PERSON_V1, secret).filters
    return float(dice_of_pairs(a, b, np.array([0]), np.array([0]))[0])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ștefania", "stefania"),
        ("ŞTEFĂNIŢĂ", "stefanita"),
        ("O'Brien-Smith", "obrien smith"),
        ("Елена", "elena"),
        ("  Müller ", "muller"),
        (None, ""),
    ],
)
def test_names_normalise_to_plain_ascii_words(raw: str | None, expected: str) -> None:
    assert normalise_name(raw) == expected


def test_dates_normalise_from_iso_and_compact_forms() -> None:
    assert normalise_date("1994-04-20") == "19940420"
    assert normalise_date("19940420") == "19940420"
    assert normalise_date("20.04.1994") == "19940420"
    assert normalise_date("") == ""


def test_diacritics_case_and_given_family_swap_give_identical_filters() -> None:
    one = people(given_name=["Ștefania", "x"], family_name=["Ciobanu", "y"])[:1]
    swapped = people(given_name=["CIOBANU", "x"], family_name=["Stefania", "y"])[:1]
    assert dice(one, swapped) == 1.0


def test_a_typo_keeps_high_similarity_and_another_person_low() -> None:
    base = people()[:1]
    typo = people(family_name=["Ciobnau", "y"])[:1]
    other = people(given_name=["Ioana", "x"], family_name=["Marin", "y"])[:1]
    other = other.assign(birth_date=["1971-11-03"])
    assert dice(base, typo) > 0.8
    assert dice(base, other) < 0.5


def test_the_birth_year_salts_names() -> None:
    base = people()[:1]
    year_off = people(birth_date=["1995-04-20", "x"])[:1]
    day_off = people(birth_date=["1994-04-21", "x"])[:1]
    # same name, one part of the date wrong: the year also changes the name bits
    assert dice(base, year_off) < dice(base, day_off) - 0.2


def test_the_secret_changes_every_filter() -> None:
    frame = people()
    a = encode_records(frame, PERSON_V1, SECRET)
    b = encode_records(frame, PERSON_V1, b"another secret of 32 bytes here!")
    assert a.header["key_fingerprint"] != b.header["key_fingerprint"]
    assert dice(frame[:1], frame[:1], SECRET) == 1.0
    sims = dice_of_pairs(a.filters, b.filters, np.array([0, 1]), np.array([0, 1]))
    assert sims.max() < 0.6


def test_fingerprint_is_not_the_key_and_is_stable() -> None:
    assert key_fingerprint(SECRET) == key_fingerprint(SECRET)
    assert SECRET.hex() not in key_fingerprint(SECRET)
    assert len(key_fingerprint(SECRET)) == 32


def test_clk_round_trip_keeps_ids_filters_blocks_and_header(tmp_path) -> None:
    encoded = encode_records(people(), PERSON_V1, SECRET)
    path = tmp_path / "a.clk"
    write_clk(encoded, path)
    header = json.loads(path.read_text().splitlines()[0])
    assert header["format"] == "thb-clk" and header["schema"] == "thb-person"
    assert header["filter_length"] == 512 and header["fields"][0] == "name"
    assert "Stefania" not in path.read_text() and "Ciobanu" not in path.read_text()
    back = read_clk(path)
    assert list(back.record_ids) == ["r1", "r2"]
    assert np.array_equal(back.filters, encoded.filters)
    assert np.array_equal(back.block_keys, encoded.block_keys)


def test_missing_columns_and_duplicate_ids_are_refused() -> None:
    with pytest.raises(LinkageFileError, match="citizenship"):
        encode_records(people().drop(columns=["citizenship"]), PERSON_V1, SECRET)
    with pytest.raises(LinkageFileError, match="duplicate record_id 'r1'"):
        encode_records(people(record_id=["r1", "r1"]), PERSON_V1, SECRET)


def test_corrupt_clk_files_are_refused_naming_the_problem(tmp_path) -> None:
    path = tmp_path / "bad.clk"
    path.write_text("not json\n")
    with pytest.raises(LinkageFileError, match="JSON header"):
        read_clk(path)
    encoded = encode_records(people(), PERSON_V1, SECRET)
    write_clk(encoded, path)
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[1].replace("\t", "\tAAAA", 1)]) + "\n")
    with pytest.raises(LinkageFileError, match="line 2"):
        read_clk(path)


def test_schemas_load_by_name_or_from_a_json_file(tmp_path) -> None:
    assert load_schema(None) is PERSON_V1
    assert load_schema("thb-person") is PERSON_V1
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(PERSON_V1.to_dict()))
    assert load_schema(path) == PERSON_V1
    path.write_text(json.dumps({"name": "x", "version": 1, "fields": []}))
    with pytest.raises(LinkageFileError, match="field names"):
        load_schema(path)
    with pytest.raises(LinkageFileError, match="neither a built-in"):
        load_schema(tmp_path / "missing.json")
    with pytest.raises(LinkageFileError, match="power of two"):
        Schema("x", 1, PERSON_V1.fields, encoding_length=1000)
