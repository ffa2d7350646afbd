"""Name bank: per-origin pools with their native script, transliterations and ASCII spellings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from unidecode import unidecode

from thb.synth.namedata_europe import EUROPE
from thb.synth.namedata_world import WORLD

NATIVE, LATIN, ASCII, ALT = 0, 1, 2, 3  # rows of NameBank.variants

POOL_OF_COUNTRY: dict[str, str] = {
    "RO": "ro", "MD": "ro", "BG": "bg", "HU": "hu", "PL": "pl", "CZ": "cs", "SK": "sk",
    "DE": "de", "AT": "de", "LU": "fr", "FR": "fr", "BE": "nl", "NL": "nl", "IT": "it",
    "MT": "en", "ES": "es", "PT": "pt", "BR": "pt", "GR": "el", "CY": "el", "LT": "lt",
    "LV": "lv", "EE": "et", "HR": "hr", "SI": "sl", "SE": "sv", "DK": "da", "FI": "fi",
    "IE": "en", "GB": "en", "NG": "ng", "GH": "gh", "CM": "cm", "CN": "cn", "VN": "vn",
    "AL": "sq", "UA": "uk", "RS": "sr", "MA": "ma", "DZ": "ma", "SY": "sy", "AF": "af",
    "TH": "th", "ER": "er", "TR": "tr", "IN": "in", "PK": "pk", "BD": "bd", "PH": "ph",
}  # fmt: skip
FALLBACK_POOL = "en"
FAMILY_FIRST = frozenset({"cn", "vn", "hu"})  # native order puts the family name first


def _letters(cyrillic: str, romans: str) -> dict[str, str]:
    """A transliteration table from letters and their space-separated romanisations."""
    return dict(zip(cyrillic, romans.split(), strict=True))


_BG = _letters("абвгдежзийклмнопрстуфхцчшщъьюя",
               "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya")  # fmt: skip
_BG_ALT = {**_BG, "ж": "j", "й": "i", "х": "kh", "ц": "c", "ъ": "u", "ю": "iu", "я": "ia"}
_UK = _letters("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'",
               "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch "
               "_ iu ia _")  # fmt: skip
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_ALT = {**_UK, "в": "w", "ж": "sch", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
           "щ": "schtsch", "й": "j", "ю": "ju", "я": "ja", "є": "je", "ї": "ji"}  # fmt: skip
_SR = _letters("абвгдђежзијклљмнњопрстћуфхцчџш",
               "a b v g d đ e ž z i j k l lj m n nj o p r s t ć u f h c č dž š")  # fmt: skip
_EL = _letters("αβγδεζηθικλμνξοπρσςτυφχψω",
               "a v g d e z i th i k l m n x o p r s s t y f ch ps o")  # fmt: skip
_EL_DIGRAPHS = {"ου": "ou", "αι": "ai", "ει": "ei", "μπ": "mp", "ντ": "nt", "γκ": "gk"}
_EL_ALT = {**_EL, "χ": "h", "β": "b", "η": "e", "υ": "i"}
_LATIN_ALT = {
    "ro": {"ș": "ş", "ț": "ţ", "Ș": "Ş", "Ț": "Ţ"},
    "de": {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"},
    "hu": {"ő": "ö", "ű": "ü", "Ő": "Ö"},
    "pl": {"ł": "l", "Ł": "L"},
    "sr": {"đ": "dj", "Đ": "Dj"},
}


def transliterate(word: str, table: dict[str, str], initial: dict[str, str] | None = None) -> str:
    """Letter-by-letter romanisation keeping the capital of each word."""
    out, start = [], True
    for ch in word:
        low = ch.lower()
        rep = (initial or {}).get(low) if start else None
        rep = rep if rep is not None else table.get(low, ch)
        rep = rep.replace("_", "")
        out.append(rep.capitalize() if ch != low else rep)
        start = ch in " -"
    return "".join(out)


def _greek(word: str, table: dict[str, str]) -> str:
    """Romanise Greek (ELOT-like digraphs first, accents dropped)."""
    plain = "".join(unidecode(c) if c in "άέήίόύώ" else c for c in word)
    plain = plain.replace("a", "α").replace("e", "ε").replace("i", "ι").replace("o", "ο")
    plain = plain.replace("y", "υ")
    low = plain.lower()
    for greek, latin in _EL_DIGRAPHS.items():
        low = low.replace(greek, latin)
    return transliterate(low, table).capitalize()


def _spellings(pool: str, entry: str) -> tuple[str, str, str, str]:
    """(native, latin, ascii, alt) spellings of one pool entry."""
    native, _, romans = entry.partition("=")
    native = native.replace("_", " ")
    if romans:
        latin, _, alt = romans.partition("/")
        latin, alt = latin.replace("_", " "), (alt or unidecode(latin)).replace("_", " ")
    elif pool == "bg":
        latin, alt = transliterate(native, _BG), transliterate(native, _BG_ALT)
    elif pool == "uk":
        latin, alt = transliterate(native, _UK, _UK_INITIAL), transliterate(native, _UK_ALT)
    elif pool == "sr":
        latin = transliterate(native, _SR)
        alt = _latin_alt("sr", latin)
    elif pool == "el":
        latin, alt = _greek(native, _EL), _greek(native, _EL_ALT)
    else:
        latin, alt = native, _latin_alt(pool, native)
    return native, latin, unidecode(latin), alt


def _latin_alt(pool: str, latin: str) -> str:
    rules = _LATIN_ALT.get(pool)
    if not rules:
        return unidecode(latin)
    return "".join(rules.get(c, c) for c in latin)


@dataclass(frozen=True)
class NameBank:
    """All spellings in one (4, n) array; pools index into it by (pool, sex)."""

    variants: np.ndarray
    given: dict[tuple[str, str], np.ndarray]
    family: dict[tuple[str, str], np.ndarray]
    pools: tuple[str, ...]


@lru_cache(maxsize=1)
def name_bank() -> NameBank:
    """Build the name bank once per process."""
    spellings: list[tuple[str, str, str, str]] = []
    given: dict[tuple[str, str], np.ndarray] = {}
    family: dict[tuple[str, str], np.ndarray] = {}

    def add(pool: str, text: str) -> np.ndarray:
        start = len(spellings)
        spellings.extend(_spellings(pool, e) for e in text.split())
        return np.arange(start, len(spellings))

    pools = {**EUROPE, **WORLD}
    for pool, data in pools.items():
        given[(pool, "F")], given[(pool, "M")] = add(pool, data["f"]), add(pool, data["m"])
        if "fam" in data:
            family[(pool, "F")] = family[(pool, "M")] = add(pool, data["fam"])
        else:
            family[(pool, "M")], family[(pool, "F")] = (
                add(pool, data["fam_m"]),
                add(pool, data["fam_f"]),
            )
    variants = np.array(spellings, dtype=object).T.copy()
    return NameBank(variants=variants, given=given, family=family, pools=tuple(pools))


def pool_of(country: str) -> str:
    """The name pool of a citizenship (English-language fallback for unlisted countries)."""
    return POOL_OF_COUNTRY.get(country, FALLBACK_POOL)


def has_native_script(pool: str) -> bool:
    """True when the pool's native spelling is not in Latin script."""
    return pool in {"bg", "uk", "sr", "el", "cn", "ma", "sy", "af", "th", "er"}
