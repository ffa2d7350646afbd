"""Vietnamese given names meet by the name a person is called, with or without middle names."""

from __future__ import annotations

import pandas as pd

from thb.linkage.dedupe.name_keys import transliteration_key
from thb.linkage.dedupe.normalise import prepare_records
from thb.linkage.dedupe.vietnamese import vietnamese_key


def test_the_key_is_the_called_name() -> None:
    assert vietnamese_key("thi lan") == vietnamese_key("lan") == "lan"
    assert vietnamese_key("van hung") == vietnamese_key("hung")
    assert vietnamese_key("phuong linh") == vietnamese_key("linh") == "linh"
    assert vietnamese_key("thi huong thi anh") == vietnamese_key("anh")
    assert vietnamese_key("thi") == transliteration_key("thi")  # nothing else to keep


def test_only_records_of_vietnamese_custom_take_the_key() -> None:
    frame = pd.DataFrame(
        {
            "record_id": ["1", "2", "3", "4"],
            "given_name": ["Thị Lan", "Lan", "Thi Lan", "Phương Linh"],
            "family_name": ["Nguyễn", "NGUYEN", "Nguyen", "Nguyễn"],
            "birth_date": ["1988", "", "", ""],
            "citizenship": ["VN", "VN", "RO", "VN"],
        }
    )
    records = prepare_records(frame)
    assert records["given_key"].tolist() == ["lan", "lan", transliteration_key("thi lan"), "linh"]
    assert records["given_std"].iloc[3] != "linh"  # the exact level still sees the whole name
