"""Eritrean and Ethiopian names: Italian, English and script spellings meet under one key."""

from __future__ import annotations

import pandas as pd
import pytest

from thb.linkage.dedupe.name_keys import fold_name, transliteration_key
from thb.linkage.dedupe.normalise import prepare_records
from thb.linkage.dedupe.tigrinya import tigrinya_key


def _key(name: str) -> str:
    return tigrinya_key(fold_name(name))


@pytest.mark.parametrize(
    "spellings",
    [
        ("Ghebre", "Gebre", "ገብረ"),
        ("Tecle", "Tekle", "ተኽለ"),
        ("Michael", "Mikael", "ሚካኤል"),
        ("Dawit", "Dawid", "ዳዊት"),
        ("Yonas", "Jonas", "ዮናስ"),
        ("Tesfay", "Tesfai", "ተስፋይ"),
        ("Selam", "Salam", "ሰላም"),
        ("Fiori", "Fyori"),
        ("Dawitmikael", "Dawidmichael"),  # a name joined to the father's
        ("Tesfaitecle", "TESFAYTEKLE", "ተስፋይተኽለ"),
    ],
)
def test_spellings_of_one_name_meet(spellings: tuple[str, ...]) -> None:
    assert len({_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(("a", "b"), [("Dawit", "Tesfay"), ("Saba", "Selam"), ("Haile", "Helen")])
def test_other_names_stay_apart(a: str, b: str) -> None:
    assert _key(a) != _key(b)


def test_only_records_of_eritrean_or_ethiopian_citizenship_take_the_key() -> None:
    frame = pd.DataFrame(
        {
            "record_id": ["1", "2", "3"],
            "given_name": ["Dawit", "Dawid", "Dawid"],
            "family_name": ["Ghebre", "Gebre", "Ghebre"],
            "birth_date": ["1992", "", ""],
            "citizenship": ["ER", "ET", "IT"],
        }
    )
    records = prepare_records(frame)
    assert records["family_key"].iloc[0] == records["family_key"].iloc[1] == "gbr"
    assert records["family_key"].iloc[2] == transliteration_key("ghebre")
