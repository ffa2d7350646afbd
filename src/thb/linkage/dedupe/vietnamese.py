"""Vietnamese given names by the name a person is called.

A Vietnamese name is family, middle and given name: Nguyễn Thị Lan, Nguyễn Phương Linh.
The person is called by the last, and registrations often keep only that: one reads Thị
Lan or Phương Linh, the next Lan or Linh. For a record whose naming custom is Vietnamese
the key is that called name (or, when the field holds only Thị or Văn, that word); the
exact level still tells Phương Linh from Linh, and sisters called Ngọc Anh and Lan Anh
meet at the key's level, where birth date, sex and registrations must tell them apart.

Measured on the synthetic registry (99,353 registrations): the middle names other than Thị
and Văn had been kept in the key, and two registrations of Phương Linh / Linh met no
blocking rule; with the called name, recall of Vietnamese persons went from 0.80 to 0.84.
"""

from __future__ import annotations

from thb.linkage.dedupe.name_keys import transliteration_key

VIETNAMESE_CITIZENSHIPS = frozenset({"VN"})
_MIDDLE_NAMES = frozenset({"thi", "van"})


def vietnamese_key(folded: str) -> str:
    """Transliteration key of a folded name's last word other than Thị or Văn (unless the
    name is nothing else)."""
    words = [w for w in folded.split(" ") if w not in _MIDDLE_NAMES]
    return transliteration_key(words[-1] if words else folded)
