"""Vietnamese given names meet with and without their middle name Thị or Văn."""

from __future__ import annotations

import pandas as pd

from thb.linkage.dedupe.name_keys import transliteration_key
from thb.linkage.dedupe.normalise import prepare_records
from thb.linkage.dedupe.vietnamese import vietnamese_key


def test_thi_and_van_are_set_aside_other_middle_names_stay() -> None:
    assert vietnamese_key("thi lan") == vietnamese_key("lan") == "lan"
    assert vietnamese_key("van hung") == vietnamese_key("hung")
    assert vietnamese_key("ngoc anh") != vietnamese_key("anh")
    assert vietnamese_key("thi") == transliteration_key("thi")  # nothing else to keep


def test_only_records_of_vietnamese_citizenship_take_the_key() -> None:
    frame = pd.DataFrame(
        {
            "record_id": ["1", "2", "3"],
            "given_name": ["Thị Lan", "Lan", "Thi Lan"],
            "family_name": ["Nguyễn", "NGUYEN", "Nguyen"],
            "birth_date": ["1988", "", ""],
            "citizenship": ["VN", "VN", "RO"],
        }
    )
    records = prepare_records(frame)
    assert records["given_key"].tolist() == ["lan", "lan", transliteration_key("thi lan")]
