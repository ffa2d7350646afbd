"""registration_records: the contract the linkage domain relies on."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from thb.codes.countries import EU27
from thb.synth import RECORD_COLUMNS, SynthError, registration_records

DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return registration_records(5000, seed=7)


def test_columns_and_types(records: pd.DataFrame) -> None:
    assert tuple(records.columns) == RECORD_COLUMNS
    assert records["record_id"].is_unique
    for col in RECORD_COLUMNS:
        assert records[col].map(type).eq(str).all(), col


def test_persons_are_distinct_registered_people(records: pd.DataFrame) -> None:
    assert records["true_person_id"].nunique() == 5000
    ratio = len(records) / 5000
    assert 1.3 <= ratio <= 1.6


def test_field_formats(records: pd.DataFrame) -> None:
    assert set(records["sex"]) <= {"F", "M", "UNK"}
    births = records["birth_date"]
    assert births[births != ""].str.match(DATE).all()
    assert (births.str.len() == 4).any() and (births == "").any()
    assert set(records["reporting_country"]) <= EU27
    cit = records["citizenship"]
    assert cit[cit != ""].str.fullmatch(r"[A-Z]{2}").all()
    reg = pd.to_datetime(records["registration_date"], format="%Y-%m-%d")
    assert reg.dt.year.between(2017, 2018).all()


def test_same_seed_same_frame_other_seed_differs() -> None:
    a = registration_records(800, seed=3, countries=["RO", "BG", "DE"])
    b = registration_records(800, seed=3, countries=["RO", "BG", "DE"])
    c = registration_records(800, seed=4, countries=["RO", "BG", "DE"])
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_countries_and_years_restrict_output() -> None:
    df = registration_records(600, seed=2, countries=["RO", "BG"], years=(2020, 2020))
    assert set(df["reporting_country"]) == {"RO", "BG"}
    assert df["registration_date"].str.startswith("2020-").all()


def test_some_persons_registered_in_two_countries(records: pd.DataFrame) -> None:
    per_person = records.groupby("true_person_id")["reporting_country"].nunique()
    assert 0.01 < (per_person > 1).mean() < 0.06


def test_noise_is_realistic(records: pd.DataFrame) -> None:
    multi = records[records.duplicated("true_person_id", keep=False)]
    folded = multi["family_name"].str.casefold().groupby(multi["true_person_id"]).nunique()
    assert 0.15 < (folded > 1).mean() < 0.6  # many persons have variant spellings, most not
    assert records["given_name"].str.fullmatch(r"\w\.").any()  # initials
    assert records["family_name"].str.contains(r"[А-Яа-я]").any()  # Bulgarian/Ukrainian Cyrillic
    assert records["family_name"].str.contains(r"[\u4e00-\u9fff]").any()  # Chinese Hanzi
    assert records["family_name"].str.contains("[ăâîșțşţ]", case=False).any()  # Romanian
    assert records["given_name"].str.contains("[ịươạ]").any()  # Vietnamese diacritics
    assert (records["family_name"] == "").any() and (records["given_name"] == "").any()


def test_bulgarians_appear_in_cyrillic_and_latin(records: pd.DataFrame) -> None:
    bg = records[records["citizenship"] == "BG"]["family_name"]
    cyrillic = bg.str.contains(r"[А-Яа-я]")
    assert 0.1 < cyrillic.mean() < 0.9


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"persons": 0, "seed": 1}, "persons"),
        ({"persons": 10, "seed": -1}, "seed"),
        ({"persons": 10, "seed": 1, "countries": ["Romania"]}, "countries"),
        ({"persons": 10, "seed": 1, "countries": ["RO", "AL"]}, "EU-27"),
        ({"persons": 10, "seed": 1, "countries": []}, "countries"),
        ({"persons": 10, "seed": 1, "years": (2019, 2017)}, "years"),
    ],
)
def test_bad_arguments_raise(kwargs: dict, message: str) -> None:
    with pytest.raises(SynthError, match=message):
        registration_records(**kwargs)


def test_single_person_single_country() -> None:
    df = registration_records(1, seed=0, countries=["MT"])
    assert df["true_person_id"].nunique() == 1 and set(df["reporting_country"]) == {"MT"}


def test_some_persons_registered_twice_by_the_same_kind_of_organisation(
    records: pd.DataFrame,
) -> None:
    kind = records["source"].str.replace(r"\d+$", "", regex=True)
    repeats = pd.DataFrame({"p": records["true_person_id"], "k": kind}).duplicated().mean()
    assert 0.005 < repeats < 0.05
