"""Name bank: per-origin pools with their native script, transliterations and ASCII spellings."""

from __future__ import annotations

import re
import unicodedata
import zlib
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


# Real registries hold thousands of family names per origin with a heavy-tailed (Zipf-like)
# frequency: the listed common names head each pool, and plausible names composed from their
# parts (Pop+escu, Ив+анов, Thị_+Lan, 秀+英) form the long tail. Sizes and Zipf-Mandelbrot
# weights 1 / (rank + OFFSET): the most common family name holds about 1-2% of a pool, the
# most common given name about 5%.
MAX_GIVEN, MAX_FAMILY = 300, 4000
OFFSET = {"given": 3.0, "family": 10.0}
# Origins where the listed family names already cover most people (Nguyễn, Wang, Li).
CONCENTRATED_FAMILY = frozenset({"vn", "cn"})
# Origins written in another script, composed by joining two entries: (native, latin, alt) glue.
JOIN = {"cn": ("", "", "-"), "th": ("", "", ""), "er": ("", "", ""),
        "ma": (" ", " ", " "), "sy": (" ", " ", " "), "af": (" ", " ", " ")}  # fmt: skip
# Family name = father's given name in common registration practice.
PATRONYMIC = frozenset({"ma", "sy", "af", "er"})
_VOWELS = set("aeiouyаеёиоуыэюяєіїъαεηιουω")


def _is_vowel(ch: str) -> bool:
    return unicodedata.normalize("NFD", ch.lower())[:1] in _VOWELS


def _cuts(word: str) -> list[int]:
    """Where a name splits into a head and a tail: after its first word, else after its first
    and its second syllable (consonants, vowels, consonants)."""
    if "_" in word:
        return [word.index("_") + 1]
    out, i = [], 0
    for _ in range(2):
        for want_vowel in (False, True, False):
            while i < len(word) and _is_vowel(word[i]) == want_vowel:
                i += 1
        if 2 <= i < len(word):
            out.append(i)
    return out


def _spliced(heads: list[str], tails: list[list[str]], seen: set[str]) -> list[list[str]]:
    """Head of one name + tail of another (tails in parallel for gendered lists)."""
    cut_tails = [[t[c:] for t in parallel] for parallel in tails for c in _cuts(parallel[0])]
    cut_heads = {w[:c] for w in heads for c in _cuts(w)} | {w for w in heads if not _cuts(w)}
    out: list[list[str]] = []
    for head in sorted(cut_heads):
        for parallel in cut_tails:
            name = head + parallel[0]
            if name in seen or not 3 <= len(name) <= 14 or re.search(r"(.)\1\1", name):
                continue
            seen.add(name)
            out.append([head + t for t in parallel])
    return out


def _joined(entries: list[str], glue: tuple[str, str, str]) -> list[str]:
    """Two entries of another script joined into one name, with each spelling glued."""
    parts = [entry.partition("=") for entry in entries]
    out = []
    for n1, _, r1 in parts:
        for n2, _, r2 in parts:
            if n1 == n2 or not r1 or not r2:
                continue
            (l1, _, a1), (l2, _, a2) = r1.partition("/"), r2.partition("/")
            a1, a2 = a1 or l1, a2 or l2
            second = (l2.lower(), a2.lower()) if glue[1] == "" else (l2, a2)
            out.append(f"{n1}{glue[0] or ''}{n2}={l1}{glue[1]}{second[0]}/{a1}{glue[2]}{second[1]}")
    return [e.replace(" ", "_") for e in out]


def expanded(pool: str, lists: list[list[str]], heads: list[str], kind: str) -> list[list[str]]:
    """The listed names (parallel lists for gendered forms) plus a composed long tail."""
    listed = [list(x) for x in zip(*lists, strict=True)]
    if kind == "family" and pool in CONCENTRATED_FAMILY:
        return listed
    if pool in JOIN:
        single = [e for e in lists[0] if pool != "cn" or len(e.partition("=")[0]) == 1]
        extra = [[e] * len(lists) for e in _joined(single + heads, JOIN[pool])]
    else:
        seen = {x[0] for x in listed}
        extra = _spliced([*lists[0], *heads], listed, seen)
    rng = np.random.default_rng(zlib.crc32(f"{pool}-{kind}".encode()))
    extra = [extra[i] for i in rng.permutation(len(extra))]
    room = (MAX_FAMILY if kind == "family" else MAX_GIVEN) - len(listed)
    return listed + extra[: max(room, 0)]


def zipf_weights(n: int, kind: str) -> np.ndarray:
    """Cumulative Zipf-Mandelbrot probabilities of ranks 1..n (the listed names first)."""
    w = 1.0 / (np.arange(1, n + 1) + OFFSET[kind])
    return np.cumsum(w / w.sum())


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

    def add(pool: str, entries: list[str]) -> np.ndarray:
        start = len(spellings)
        spellings.extend(_spellings(pool, e) for e in entries)
        return np.arange(start, len(spellings))

    pools = {**EUROPE, **WORLD}
    for pool, data in pools.items():
        f, m = data["f"].split(), data["m"].split()
        for sex, own in (("F", f), ("M", m)):
            given[(pool, sex)] = add(pool, [x[0] for x in expanded(pool, [own], [], "given")])
        heads = [*m] if pool in PATRONYMIC else [] if pool in JOIN else [*f, *m]
        if "fam" in data:
            fam = expanded(pool, [data["fam"].split()], heads, "family")
            family[(pool, "F")] = family[(pool, "M")] = add(pool, [x[0] for x in fam])
        else:
            both = expanded(pool, [data["fam_m"].split(), data["fam_f"].split()], heads, "family")
            family[(pool, "M")] = add(pool, [x[0] for x in both])
            family[(pool, "F")] = add(pool, [x[1] for x in both])
    variants = np.array(spellings, dtype=object).T.copy()
    return NameBank(variants=variants, given=given, family=family, pools=tuple(pools))


def pool_of(country: str) -> str:
    """The name pool of a citizenship (English-language fallback for unlisted countries)."""
    return POOL_OF_COUNTRY.get(country, FALLBACK_POOL)


def has_native_script(pool: str) -> bool:
    """True when the pool's native spelling is not in Latin script."""
    return pool in {"bg", "uk", "sr", "el", "cn", "ma", "sy", "af", "th", "er"}
