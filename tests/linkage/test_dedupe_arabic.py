"""Names from Arabic script: Maghrebi, Mashriqi and script spellings meet under one key."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.linkage.name_key_helpers import compared, registrations
from thb.linkage.dedupe.arabic import arabic_key
from thb.linkage.dedupe.name_keys import fold_name, transliteration_key
from thb.linkage.dedupe.normalise import prepare_records


def _key(name: str) -> str:
    return arabic_key(fold_name(name))


@pytest.mark.parametrize(
    "spellings",
    [
        ("Zaynab", "Zineb", "زينب"),
        ("Omar", "Umar", "عمر"),  # the script's initial ayn is not written in Latin
        ("Youssef", "Yusuf", "يوسف"),
        ("Mohamed", "Muhammad", "محمد"),
        ("Rachid", "Rashid", "رشيد"),  # French ch, English sh
        ("Cherkaoui", "Charqaoui", "الشرقاوي"),
        ("El Amrani", "Elamrani", "العمراني"),  # the article apart, glued, in the script
        ("Tazi", "Ettazi", "التازي"),  # assimilated: et-Tazi
        ("Benali", "Ben Ali", "بنعلي"),
        ("Khadija", "Khadidja", "خديجة"),
        ("Fatima", "Fatmeh", "فاطمة"),
        ("Al-Khatib", "Alkhateeb", "الخطيب"),
        ("Shakila", "Shakeela", "شکیلا"),  # Persian keheh is a k
        ("Jawid", "Javed", "جاوید"),
        ("Umar Elfassi", "Omar El Fassi"),
    ],
)
def test_spellings_of_one_name_meet(spellings: tuple[str, ...]) -> None:
    keys = {_key(s) for s in spellings}
    assert len(keys) == 1


@pytest.mark.parametrize(("a", "b"), [("Nadia", "Nour"), ("Hamza", "Ahmed"), ("Rachid", "Rachida Tazi"),
                                      ("Karim", "Kamal"), ("Bouzid", "Benali")])  # fmt: skip
def test_other_names_stay_apart(a: str, b: str) -> None:
    assert _key(a) != _key(b)


def test_a_name_of_fewer_than_two_consonants_keeps_the_transliteration_key() -> None:
    # Alaoui has one consonant: its key would meet Ali, Ola and Lee
    assert _key("El Alaoui") == _key("Alaoui") == transliteration_key("alaoui")


def test_only_records_of_an_arabic_script_citizenship_take_the_key() -> None:
    frame = pd.DataFrame(
        {
            "record_id": ["1", "2", "3"],
            "given_name": ["Zineb", "Zaynab", "Zineb"],
            "family_name": ["Cherkaoui", "Charqaoui", "Cherkaoui"],
            "birth_date": ["1992-10-20", "", ""],
            "citizenship": ["MA", "SY", "FR"],
        }
    )
    records = prepare_records(frame)
    assert records["given_key"].iloc[0] == records["given_key"].iloc[1] == "znb"
    assert records["family_key"].iloc[2] == transliteration_key("cherkaoui")
    assert records["family_mp"].iloc[0] == records["family_mp"].iloc[2]


def test_registrations_in_two_romanisations_are_compared() -> None:
    assert compared(
        registrations(
            ["Zaynab", "Zineeb"], ["Umar Elfassi", "Omar El Fassi"], ["1993", ""], ["MA", "MA"]
        )  # fmt: skip
    )
