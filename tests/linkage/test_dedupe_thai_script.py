"""Thai script read syllable by syllable (thai_script.py), so it meets romanised spellings."""

from __future__ import annotations

import pytest

from thb.linkage.dedupe.name_keys import fold_name
from thb.linkage.dedupe.thai import thai_key
from thb.linkage.dedupe.thai_script import romanise_thai


@pytest.mark.parametrize(
    ("thai", "rtgs"),
    [
        # unwritten vowels: o closing a syllable, a opening one
        ("สมชาย", "somchai"), ("นภา", "napha"), ("สมพร", "somphon"), ("ทองดี", "thongdi"),
        # leading vowels, read after their consonant
        ("แก้วมณี", "kaeomani"), ("วันเพ็ญ", "wanphen"), ("เชียงใหม่", "chiangmai"),
        ("เดือน", "duean"), ("วิไล", "wilai"), ("ดาว", "dao"), ("เสาวนีย์", "saowani"),
        ("ไพโรจน์", "phairot"), ("อำไพ", "amphai"), ("วิชัย", "wichai"),
        # clusters, silent r after s, silent h, cancelled letters
        ("ประเสริฐ", "prasoet"), ("ศรีสุข", "sisuk"), ("สมหญิง", "somying"),
        ("สุขสวัสดิ์", "suksawat"), ("สมศักดิ์", "somsak"), ("ประยุทธ์", "prayut"),
        # final consonants sound otherwise
        ("ศิริพร", "siriphon"), ("กาญจนา", "kanchana"), ("บุญมา", "bunma"), ("ณัฐ", "nat"),
        ("อรุณ", "arun"), ("บัว", "bua"),
        # names written as one word
        ("แก้วมณีศรีสุข", "kaeomanisisuk"), ("ศิริพรนภา", "siriphonnapha"),
        ("นภาสมใจ", "naphasomchai"),
    ],
)  # fmt: skip
def test_thai_script_reads_as_the_royal_thai_general_system(thai: str, rtgs: str) -> None:
    assert romanise_thai(thai) == rtgs


def test_a_name_in_thai_script_meets_its_passport_spelling() -> None:
    for thai, passport in (("ศิริพร", "Siriporn"), ("สมใจ", "Somjai"), ("บุญมา", "Boonma"),
                           ("แก้วมณี", "Kaewmanee"), ("ประเสริฐ", "Prasert")):  # fmt: skip
        assert thai_key(fold_name(thai)) == thai_key(fold_name(passport)), thai
    # other scripts and Latin letters are left to unidecode
    assert romanise_thai("Siriporn ศิริพร") == "Siriporn siriphon"
    assert fold_name("Иванов") == "ivanov"
