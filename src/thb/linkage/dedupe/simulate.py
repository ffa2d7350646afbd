"""Noisy victim registrations with known identities, for testing the deduplicator.

A stand-in used by this subpackage's tests and benchmark when ``thb.synth`` does not
provide ``registration_records``; the project's calibrated generator lives in
``thb.synth``. Names are drawn from Zipf-weighted pools (real seed names plus
syllable-built ones, so pools are large like real ones) and each registration adds the
noise seen across police, NGO, shelter and labour-inspection lists: typos,
transliteration and diacritics, Cyrillic script, swaps, initials, estimated or swapped
birth dates and missing fields.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SOURCES = ("police", "ngo", "shelter", "labour_inspectorate")
_SEED_NAMES = {
    "RO": (
        ["Ionuț", "Andreea", "Mihai", "Elena", "Ștefan", "Ioana"],
        ["Popescu", "Ionescu", "Țurcanu", "Constantinescu", "Dumitrașcu", "Munteanu"],
    ),
    "BG": (
        ["Иван", "Мария", "Георги", "Елена", "Димитър", "Цветелина"],
        ["Иванов", "Петрова", "Георгиев", "Христова", "Димитров", "Стоянова"],
    ),
    "NG": (
        ["Blessing", "Joy", "Chinedu", "Favour", "Osas", "Precious"],
        ["Okafor", "Eze", "Osagie", "Adeyemi", "Nwosu", "Obi"],
    ),
    "CN": (
        ["Wei", "Fang", "Lei", "Jing", "Min", "Xiu"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang"],
    ),
    "UA": (
        ["Олена", "Андрій", "Юлія", "Олександр", "Наталія", "Сергій"],
        ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравчук", "Мельник"],
    ),
}
_SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "na",
    "le",
    "si",
    "to",
    "da",
    "vi",
    "lu",
    "ne",
    "pa",
    "ro",
    "mi",
    "sa",
    "te",
    "no",
    "ku",
    "li",
    "ra",
    "be",
    "go",
    "ja",
    "zo",
    "fe",
    "di",
    "ha",
    "ma",
    "ti",
    "ba",
    "ce",
    "ve",
    "lo",
    "mu",
]
_TRANSLIT = (("c", "k"), ("k", "c"), ("v", "w"), ("i", "y"), ("sh", "s"), ("h", "kh"))


def _pool(rng: np.random.Generator, seeds: list[str], size: int) -> tuple[list[str], np.ndarray]:
    """Seed names followed by syllable-built ones, with Zipf weights."""
    built = {"".join(rng.choice(_SYLLABLES, rng.integers(2, 5))).capitalize() for _ in range(size)}
    names = seeds + sorted(built - set(seeds))
    weights = 1.0 / np.arange(1, len(names) + 1) ** 0.9
    return names, weights / weights.sum()


def _typo(rng: np.random.Generator, s: str) -> str:
    """One substitution, deletion, insertion or transposition."""
    if len(s) < 3:
        return s
    i = int(rng.integers(1, len(s) - 1))
    kind = rng.integers(4)
    letter = str(rng.choice(list("aeioumnrstlk")))
    if kind == 0:
        return s[:i] + letter + s[i + 1 :]
    if kind == 1:
        return s[:i] + s[i + 1 :]
    if kind == 2:
        return s[:i] + letter + s[i:]
    return s[: i - 1] + s[i] + s[i - 1] + s[i + 1 :]


def _name_noise(rng: np.random.Generator, s: str) -> str:
    """Transliteration, Latin script, typo or case noise on one name."""
    from unidecode import unidecode

    u = rng.random()
    if u < 0.25:
        s = unidecode(s)
    if rng.random() < 0.12:
        a, b = _TRANSLIT[int(rng.integers(len(_TRANSLIT)))]
        s = s.replace(a, b, 1)
    if rng.random() < 0.1:
        s = _typo(rng, s)
    return s.upper() if rng.random() < 0.2 else s


def _date_noise(rng: np.random.Generator, born: pd.Timestamp) -> str:
    """Exact, swapped, mistyped, year-only, re-estimated or missing birth date."""
    u = rng.random()
    if u < 0.72:
        return born.strftime("%Y-%m-%d")
    if u < 0.77 and born.day <= 12:
        return f"{born.year:04d}-{born.day:02d}-{born.month:02d}"
    if u < 0.82:
        day = min(28, max(1, born.day + int(rng.choice([-10, -1, 1, 10]))))
        return f"{born.year:04d}-{born.month:02d}-{day:02d}"
    if u < 0.92:
        return str(born.year + int(rng.choice([-1, 0, 0, 0, 1])))
    if u < 0.96:
        return str(born.year + int(rng.integers(-3, 4)))
    return ""


def _record(rng: np.random.Generator, person: dict, rid: int) -> dict:
    """One registration of a person by some organisation."""
    given, family = _name_noise(rng, person["given"]), _name_noise(rng, person["family"])
    u = rng.random()
    if u < 0.03:
        given, family = family, given
    elif u < 0.06:
        given, family = "", f"{family.upper()} {given[:1].upper()}."
    return {
        "record_id": f"r{rid:07d}",
        "source": str(rng.choice(SOURCES)),
        "given_name": given,
        "family_name": family,
        "birth_date": _date_noise(rng, person["born"]),
        "sex": person["sex"] if rng.random() > 0.05 else "",
        "citizenship": person["citizenship"] if rng.random() > 0.1 else "",
        "reporting_country": person["country"],
        "true_person_id": person["id"],
    }


def noisy_registrations(persons: int, seed: int = 0, pool_size: int = 3000) -> pd.DataFrame:
    """Registrations of ``persons`` people (1 to 6 each) with realistic noise and truth."""
    rng = np.random.default_rng(seed)
    pools = {
        c: (_pool(rng, g, pool_size // 4), _pool(rng, f, pool_size))
        for c, (g, f) in _SEED_NAMES.items()
    }
    countries = list(_SEED_NAMES)
    counts = rng.choice([1, 2, 3, 4, 5, 6], size=persons, p=[0.4, 0.3, 0.15, 0.08, 0.05, 0.02])
    rows, rid = [], 0
    for pid in range(persons):
        cit = countries[int(rng.integers(len(countries)))]
        (gn, gw), (fn, fw) = pools[cit]
        person = {
            "id": f"p{pid:07d}",
            "given": gn[int(rng.choice(len(gn), p=gw))],
            "family": fn[int(rng.choice(len(fn), p=fw))],
            "born": pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(rng.integers(0, 365 * 38))),
            "sex": str(rng.choice(["F", "M"], p=[0.7, 0.3])),
            "citizenship": cit,
            "country": str(rng.choice(["RO", "DE", "IT", "NL", "ES"])),
        }
        for _ in range(counts[pid]):
            rows.append(_record(rng, person, rid))
            rid += 1
    return pd.DataFrame(rows)
