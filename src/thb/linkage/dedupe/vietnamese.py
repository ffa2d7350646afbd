"""Vietnamese given names without their middle name Thị or Văn.

A Vietnamese name is family, middle and given name: Nguyễn Thị Lan. Thị (for women) and
Văn (for men) say little and are often left out, so one registration reads Thị Lan and
the next Lan. For a record whose citizenship is Vietnamese the key sets them aside; the
other middle names (Ngọc, Minh, Phương) are part of the name and stay.
"""

from __future__ import annotations

from thb.linkage.dedupe.name_keys import transliteration_key

VIETNAMESE_CITIZENSHIPS = frozenset({"VN"})
_MIDDLE_NAMES = frozenset({"thi", "van"})


def vietnamese_key(folded: str) -> str:
    """Transliteration key of a folded name without Thị or Văn (unless that is all of it)."""
    words = [w for w in folded.split(" ") if w not in _MIDDLE_NAMES]
    return transliteration_key(" ".join(words) if words else folded)
