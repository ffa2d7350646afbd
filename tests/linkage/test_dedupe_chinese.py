"""Chinese names: pinyin, Wade-Giles and Cantonese spellings meet under one key."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.linkage.name_key_helpers import compared, registrations
from thb.linkage.dedupe.chinese import chinese_key, romanisation_key
from thb.linkage.dedupe.name_keys import fold_name, transliteration_key
from thb.linkage.dedupe.normalise import prepare_records


def _key(name: str) -> str | None:
    return romanisation_key(fold_name(name))


@pytest.mark.parametrize(
    ("pinyin", "other"),
    [
        ("Zhang", "Chang"),  # Wade-Giles
        ("Zhang", "CHEUNG"),  # Cantonese
        ("Chen", "Chan"),
        ("Wu", "Ng"),
        ("Huang", "Wong"),
        ("Lin", "Lam"),
        ("Li", "Lee"),
        ("Zhou", "Chou"),
        ("Xu", "Hsu"),
        ("Xie", "Hsieh"),
        ("Guo", "Kuo"),
        ("Xiuying", "Hsiu-ying"),
        ("Jianhua", "Chien-hua"),
        ("Guiying", "Kuei-ying"),
        ("Qiang", "Chiang"),
        ("Yong", "Yung"),
        ("Yan", "Yen"),
        ("Xue", "Hsüeh"),
        ("Si", "Ssu"),
        ("Zi", "Tzu"),
        ("Shi", "Shih"),
        ("Ren", "Jen"),
        ("Minli", "敏丽"),  # the characters, through unidecode's pinyin
    ],
)
def test_spellings_of_one_name_meet(pinyin: str, other: str) -> None:
    assert _key(pinyin) is not None
    assert _key(pinyin) == _key(other)


@pytest.mark.parametrize(("a", "b"), [("Zhang", "Jiang"), ("Zhang", "Yang"), ("Jiang", "Yang"),
                                      ("Wang", "Huang"), ("Li", "Lin"), ("Xia", "Xiao")])  # fmt: skip
def test_names_pinyin_keeps_apart_stay_apart(a: str, b: str) -> None:
    # the transliteration key merges the first three (zh, j and y all fold to i)
    assert _key(a) != _key(b)


def test_a_name_that_is_not_chinese_keeps_the_transliteration_key() -> None:
    assert romanisation_key("ivanov") is None
    assert chinese_key("ivanov") == transliteration_key("ivanov")


def test_only_records_of_chinese_citizenship_take_the_key() -> None:
    frame = pd.DataFrame(
        {
            "record_id": ["1", "2", "3"],
            "given_name": ["Xiuying", "Hsiu-ying", "Xiuying"],
            "family_name": ["Zhang", "Chang", "Zhang"],
            "birth_date": ["1990-03-04", "", ""],
            "citizenship": ["CN", "TW", "RO"],
        }
    )
    records = prepare_records(frame)
    assert records["family_key"].tolist() == ["zhang", "zhang", transliteration_key("zhang")]
    assert records["given_key"].iloc[0] == records["given_key"].iloc[1] == "xiuying"
    # the metaphone stays the transliteration key's, so the same spelling blocks together
    # whatever the recorded citizenship
    assert records["family_mp"].iloc[0] == records["family_mp"].iloc[2]


def test_wade_giles_and_pinyin_registrations_are_compared() -> None:
    assert compared(
        registrations(
            ["Xiuying", "Hsiu-ying"], ["Zhang", "Chang"], ["1990-03-04", ""], ["CN", "CN"]
        )
    )
