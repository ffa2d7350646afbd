"""Thai names: the Royal Thai General System and passport spellings meet under one key."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.linkage.name_key_helpers import compared, registrations
from thb.linkage.dedupe.name_keys import fold_name, transliteration_key
from thb.linkage.dedupe.normalise import prepare_records
from thb.linkage.dedupe.thai import thai_key


def _key(name: str) -> str:
    return thai_key(fold_name(name))


@pytest.mark.parametrize(
    ("spelling", "other"),
    [
        ("Siriporn", "Siriphon"),  # ph is p; a final r is silent
        ("Wanpen", "Wanphen"),
        ("Somchai", "Somjai"),  # ch and j
        ("Somchai", "SOMCHAY"),
        ("Kanchana", "Kanjana"),
        ("Prasert", "Prasoet"),
        ("Suksawat", "Sooksawat"),
        ("Kaewmanee", "Kaeomani"),
        ("Srisuk", "Sisuk"),
        ("Kaewmaneesrisuk", "Kaeomanisisuk"),  # silent r inside a one-word name
        ("Boonma", "Bunma"),
        ("Napa", "Naphaa"),
        ("Wanpensiriporn", "Wanphen Siriphon"),
    ],
)
def test_romanisations_of_one_name_meet(spelling: str, other: str) -> None:
    assert _key(spelling) == _key(other)


@pytest.mark.parametrize(("a", "b"), [("Somchai", "Somsak"), ("Napa", "Nipa"), ("Boonma", "Bunmi")])
def test_other_names_stay_apart(a: str, b: str) -> None:
    assert _key(a) != _key(b)


def test_only_records_of_thai_citizenship_take_the_key() -> None:
    frame = pd.DataFrame(
        {
            "record_id": ["1", "2", "3"],
            "given_name": ["Prasert", "Prasoet", "Prasert"],
            "family_name": ["Kaewmanee", "Kaeomani", "Kaewmanee"],
            "birth_date": ["1987-11-30", "", ""],
            "citizenship": ["TH", "TH", ""],
        }
    )
    records = prepare_records(frame)
    assert records["given_key"].iloc[0] == records["given_key"].iloc[1] == "praset"
    assert records["family_key"].iloc[2] == transliteration_key("kaewmanee")
    # the metaphone stays the transliteration key's: the same spelling without a
    # citizenship still blocks with it
    assert records["family_mp"].iloc[0] == records["family_mp"].iloc[2]


def test_registrations_in_two_romanisations_are_compared() -> None:
    assert compared(
        registrations(
            ["Prasert", "Prasoet"], ["Suksawat", "Sooksawat"], ["1987-11-30", ""], ["TH", "TH"]
        )  # fmt: skip
    )
