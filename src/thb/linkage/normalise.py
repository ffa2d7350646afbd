"""Normalise names and dates so that spelling variants of the same person compare equal."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_APOSTROPHES = re.compile(r"['\u2019\u02bc`\u00b4]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_diacritics(text: str) -> str:
    """Drop combining marks after NFKD so that ț, ș, ş, é compare equal to t, s, s, e."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_name(value: object) -> str:
    """Casefolded ASCII words separated by single spaces; '' for missing values."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = strip_diacritics(str(value)).casefold()
    text = unidecode(text).casefold()
    text = _APOSTROPHES.sub("", text)
    return _NON_ALNUM.sub(" ", text).strip()


def name_tokens(*values: object) -> list[str]:
    """All words of the given name fields, so that given/family swaps and splits still match."""
    words: list[str] = []
    for value in values:
        words.extend(normalise_name(value).split())
    return words


def normalise_date(value: object) -> str:
    """Digits of a date as YYYYMMDD ('' if missing); ISO dates and compact dates both accepted."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).strip()
    if not text:
        return ""
    parts = re.split(r"[-/. ]", text)
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        year, month, day = parts if len(parts[0]) == 4 else parts[::-1]
        return f"{int(year):04d}{int(month):02d}{int(day):02d}"
    return re.sub(r"\D", "", text)
