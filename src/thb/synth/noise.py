"""Registration noise: scripts and transliterations, typos, initials, swaps, estimated dates.

Every function takes pre-drawn random numbers or a generator and works on whole arrays; the
per-string edits run only on the records chosen for them.
"""

from __future__ import annotations

import numpy as np

from thb.synth.names import ALT, ASCII, LATIN, NATIVE

SIMILAR = {
    "i": "y", "y": "i", "c": "k", "k": "c", "s": "z", "z": "s", "e": "a", "a": "e", "o": "u",
    "u": "o", "n": "m", "m": "n", "v": "w", "w": "v", "j": "i", "l": "ll", "t": "tt",
}  # fmt: skip

# P(native script) by pool when registered in / outside the pool's own country.
NATIVE_SCRIPT_P = {"bg": (0.75, 0.05), "el": (0.8, 0.05), "uk": (0.2, 0.1), "sr": (0.5, 0.05),
                   "cn": (0.05, 0.05), "ma": (0.05, 0.05), "sy": (0.05, 0.05),
                   "af": (0.05, 0.05), "th": (0.1, 0.1), "er": (0.05, 0.05)}  # fmt: skip
# P(another romanisation) for names in another script: Chinese passports print pinyin, so
# Wade-Giles or Cantonese spellings (Hsu, Ng) come mainly from Taiwan and Hong Kong.
ALT_ROMANISATION_P = {"cn": 0.1}
ALT_ROMANISATION_DEFAULT = 0.3


def choose_spelling(
    own_language: np.ndarray,
    native_p: np.ndarray,
    latin_script: np.ndarray,
    rng: np.random.Generator,
    alt_p: np.ndarray | float = ALT_ROMANISATION_DEFAULT,
) -> np.ndarray:
    """Which spelling row each record uses (native, latin, ascii or alternative romanisation)."""
    n = len(own_language)
    u = rng.random(n)
    out = np.full(n, LATIN)
    # Latin-script names: diacritics kept mostly at home, often dropped abroad.
    keep = np.where(own_language, 0.85, 0.5)
    out[latin_script & (u >= keep)] = ASCII
    out[latin_script & (u >= keep + (1 - keep) * 0.7)] = ALT
    # Other scripts: native spelling sometimes, else one of the romanisations.
    other = ~latin_script
    out[other & (u < native_p)] = NATIVE
    rest = other & (u >= native_p)
    v = rng.random(n)
    out[rest & (v < alt_p)] = ALT
    out[rest & (v >= alt_p) & (v < alt_p + 0.15)] = ASCII
    return out


def typo(word: str, op: int, pos: float) -> str:
    """One keyboard or hearing error: delete, double, transpose or substitute a similar letter."""
    if len(word) < 3:
        return word
    i = 1 + int(pos * (len(word) - 2))  # keep the first letter, as most real typos do
    if op == 0:
        return word[:i] + word[i + 1 :]
    if op == 1:
        return word[:i] + word[i] + word[i:]
    if op == 2 and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    low = word[i].lower()
    if low in SIMILAR:
        return word[:i] + SIMILAR[low] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def apply_typos(words: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Introduce one typo into a share of the words."""
    n = len(words)
    hit = np.flatnonzero(rng.random(n) < rate)
    ops, pos = rng.integers(0, 4, len(hit)), rng.random(len(hit))
    out = words.copy()
    out[hit] = [typo(w, o, p) for w, o, p in zip(words[hit], ops, pos, strict=True)]
    return out


def initials(words: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Reduce names to an initial ("I.") where mask is set."""
    out = words.copy()
    idx = np.flatnonzero(mask & (words != ""))
    out[idx] = [w[0] + "." for w in words[idx]]
    return out


def upper(words: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Write names in capitals where mask is set (police and border-guard habit)."""
    out = words.copy()
    idx = np.flatnonzero(mask)
    out[idx] = [w.upper() for w in words[idx]]
    return out


ESTIMATE_OWN_ERROR = 0.15  # a registration's estimate off by a further year


def noisy_birth_dates(
    birth: np.ndarray, docless: np.ndarray, person: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Birth dates as registered (strings) and whether each is an estimate; `person` says
    which records belong to the same person (they share that person's age error)."""
    n = len(birth)
    text = np.datetime_as_string(birth, unit="D").astype(object)
    year = birth.astype("datetime64[Y]").astype(int) + 1970
    month = birth.astype("datetime64[M]").astype(int) % 12 + 1
    day = (birth - birth.astype("datetime64[M]")).astype(int) + 1
    u = rng.random(n)
    estimated = docless.copy()
    # Documented dates: swapped day/month, a wrong day, missing, year-only or 1 January.
    swap = ~docless & (u < 0.04) & (day <= 12) & (day != month)
    text[swap] = _fmt(year[swap], day[swap], month[swap])
    slip = ~docless & (u >= 0.04) & (u < 0.06)
    text[slip] = _fmt(
        year[slip], month[slip], np.clip(day[slip] + rng.choice([-1, 1], slip.sum()), 1, 28)
    )
    text[~docless & (u >= 0.06) & (u < 0.11)] = ""
    yo = ~docless & (u >= 0.11) & (u < 0.13)
    estimated |= yo
    # Estimated ages: year only or 1 January, often a year off; sometimes nothing at all.
    # The age a person states (or is assessed at) mostly travels with them, so most of the
    # error is shared by all their registrations; one in seven registrations differs by a
    # year again (another assessor, a birthday between registrations).
    own = rng.random(n) < ESTIMATE_OWN_ERROR
    est_year = year + stated_age_error(person, rng) + np.where(own, rng.choice([-1, 1], n), 0)
    jan = docless & (u < 0.4)
    text[jan] = _fmt(est_year[jan], np.ones(jan.sum(), int), np.ones(jan.sum(), int))
    year_only = docless & (u >= 0.4) & (u < 0.85)
    text[year_only] = est_year[year_only].astype(str).astype(object)
    text[yo] = year[yo].astype(str).astype(object)  # documented: only the day and month left out
    text[docless & (u >= 0.85)] = ""
    estimated &= text != ""
    return text, estimated


def stated_age_error(person: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Years by which each person's stated or assessed age misses, the same on all their records:
    0 for 60%, one year either way for 30%, two years for 10%."""
    people, index = np.unique(person, return_inverse=True)
    size = rng.choice([0, 1, 2], p=[0.6, 0.3, 0.1], size=len(people))
    sign = rng.choice([-1, 1], size=len(people))
    return (size * sign)[index]


def _fmt(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """YYYY-MM-DD strings from integer arrays."""
    return np.array(
        [f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in zip(year, month, day, strict=True)], dtype=object
    )
