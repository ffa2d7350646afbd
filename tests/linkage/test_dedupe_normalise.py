"""Name folding, transliteration keys, initials and birth-date parsing for deduplication."""

from __future__ import annotations

import pandas as pd
import pytest

from thb.linkage.dedupe.calibrate import CONTEXT_PRIOR_RECORDS, context_frequencies, context_key
from thb.linkage.dedupe.errors import DedupeInputError
from thb.linkage.dedupe.normalise import (
    consonant_skeleton,
    fold_name,
    phonetic_key,
    prepare_records,
    split_initial_in_family,
    transliteration_key,
)


def _key(name: str) -> str:
    return transliteration_key(fold_name(name))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ionuț", "Ionut"),
        ("Ionuţ", "IONUT"),
        ("Popescu", "Popesku"),
        ("Şerban", "Serban"),
        ("Khristo", "Hristo"),
        ("Yuliia", "Julija"),
        ("Иван", "Ivan"),
        ("Mei-ling", "Meiling"),
        ("Kowalczyk", "Kowalczyk"),
        ("Kowaltschuk", "Kovalchuk"),  # ч in German and English
        ("Martchouk", "Марчук"),  # in French and in the script
        ("Polischtschuk", "Polishchuk"),  # щ
    ],
)
def test_spelling_and_transliteration_variants_share_a_key(a: str, b: str) -> None:
    assert _key(a) == _key(b)


def test_different_names_keep_different_keys() -> None:
    assert _key("Popescu") != _key("Ionescu")
    assert _key("Maria") != _key("Mario")


def test_phonetic_key_groups_sound_alike_spellings() -> None:
    assert phonetic_key(_key("Kowalczyk")) == phonetic_key(_key("Kovalchik"))


def test_folding_removes_script_case_and_punctuation() -> None:
    assert fold_name("  Ștefan-ALEXANDRU ") == "stefan alexandru"
    assert fold_name("Γιώργος") == "giorgos"
    assert fold_name(None) == ""


def test_initial_written_in_family_field_is_split_off() -> None:
    assert split_initial_in_family("", "popescu i") == ("i", "popescu")
    assert split_initial_in_family("", "i popescu") == ("i", "popescu")
    assert split_initial_in_family("ionut", "popescu") == ("ionut", "popescu")


def _frame(**overrides: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {
        "record_id": ["a", "b", "c", "d"],
        "given_name": ["Ionuț", "", "Maria", "Ana"],
        "family_name": ["Popescu", "POPESCU I.", "Ionescu", "Pop"],
        "birth_date": ["1990-02-03", "1990", "", "1991-01-01"],
        "sex": ["M", "m", "UNK", "F"],
        "citizenship": ["ro", "RO", None, "MD"],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def test_prepare_records_derives_comparison_columns() -> None:
    out = prepare_records(_frame())
    assert out["given_std"].tolist()[:2] == ["ionut", "i"]
    assert out["given_is_initial"].tolist()[:2] == [0, 1]
    assert out["family_key"].iloc[0] == out["family_key"].iloc[1] == "popesku"
    assert out["birth_date_full"].iloc[0] == "1990-02-03"
    assert pd.isna(out["birth_date_full"].iloc[1]) and out["birth_year"].iloc[1] == 1990
    assert pd.isna(out["birth_year"].iloc[2])
    # 1 January stands for an estimated age: compared as a year-only estimate
    assert pd.isna(out["birth_date_full"].iloc[3]) and out["birth_year"].iloc[3] == 1991
    assert out["sex"].tolist()[:2] == ["m", "m"] and pd.isna(out["sex"].iloc[2])
    assert out["citizenship"].iloc[0] == "RO"


@pytest.mark.parametrize("bad", ["1990-13-01", "1990-02-30", "03/02/1990", "90"])
def test_bad_birth_date_names_the_row_and_record(bad: str) -> None:
    frame = _frame(birth_date=["1990-02-03", bad, "", ""])
    with pytest.raises(DedupeInputError, match=r"row 2 \(record_id 'b'\)"):
        prepare_records(frame)


def test_missing_column_is_named() -> None:
    with pytest.raises(DedupeInputError, match="birth_date"):
        prepare_records(_frame().drop(columns=["birth_date"]))


def test_duplicate_record_id_is_rejected() -> None:
    with pytest.raises(DedupeInputError, match="duplicate record_id 'a'"):
        prepare_records(_frame(record_id=["a", "a", "c", "d"]))


def test_consonant_skeleton_meets_arabic_script_without_vowels() -> None:
    assert consonant_skeleton(_key("سيد كريم يوسف")) == consonant_skeleton(
        _key("Saeed Kareem Yusuf")
    )
    assert consonant_skeleton(_key("Popescu")) != consonant_skeleton(_key("Ionescu"))
    # zay before heh is not the Slavic zh (Жанна -> iana): Zahra keeps her z
    for arabic, latin in (("زهرا", "Zahra"), ("زهير", "Zuhair")):
        assert consonant_skeleton(_key(arabic)) == consonant_skeleton(_key(latin))
    assert _key("Жанна") == _key("Zhanna")


def test_prepared_skeleton_is_missing_when_too_short_to_tell_names_apart() -> None:
    frame = pd.DataFrame(
        {
            "record_id": ["1", "2"],
            "given_name": ["Saeed", "Saeed Kareem"],
            "family_name": ["Ali", "Kareem"],
            "birth_date": ["", "1990"],
        }
    )
    out = prepare_records(frame)
    assert out["given_sk"].isna().tolist() == [True, False]


def test_given_name_frequency_is_measured_within_citizenship() -> None:
    records = pd.DataFrame(
        {
            "given_std": ["thi lan", "thi lan", "anna", "sophie", "sophie", "anna", None],
            "citizenship": ["VN", "VN", "VN", "NL", "NL", None, "NL"],
        }
    )
    keys = context_key(records, "given_std", "citizenship").rename("given_ctx")
    assert keys.tolist()[:6] == ["VN|thi lan"] * 2 + ["VN|anna", "NL|sophie", "NL|sophie", "?|anna"]
    assert keys.iloc[6] is None
    tf = context_frequencies(keys).set_index("given_ctx")["tf_given_ctx"]
    # shares within citizenship, shrunk towards the overall share (small communities)
    k = CONTEXT_PRIOR_RECORDS
    assert tf["VN|thi lan"] == pytest.approx((2 + k * 2 / 6) / (3 + k))
    assert tf["NL|sophie"] == pytest.approx((2 + k * 2 / 6) / (2 + k))
    assert tf["?|anna"] == pytest.approx((1 + k * 2 / 6) / (1 + k))
    assert tf["VN|anna"] == pytest.approx((1 + k * 2 / 6) / (3 + k))


def test_a_large_community_keeps_its_own_name_shares() -> None:
    keys = pd.Series(["RO|ana"] * 300 + ["RO|elena"] * 700 + ["HU|ana"] * 2, name="given_ctx")
    tf = context_frequencies(keys).set_index("given_ctx")["tf_given_ctx"]
    assert tf["RO|ana"] == pytest.approx(0.3, abs=0.01)
    # two Hungarian registrations (likely one person) do not make Ana a certainty
    assert tf["HU|ana"] < 0.5
