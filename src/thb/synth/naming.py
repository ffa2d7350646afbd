"""Names of true persons and the way each organisation wrote them down."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from thb.synth import noise
from thb.synth.names import (
    FAMILY_FIRST,
    NATIVE,
    has_native_script,
    name_bank,
    pool_of,
    zipf_weights,
)

# Share of persons with a second given name, by pool (default for the rest).
SECOND_GIVEN = {"ro": 0.15, "es": 0.25, "pt": 0.30, "ph": 0.25, "fr": 0.10, "it": 0.05, "ng": 0.10}
SECOND_GIVEN_DEFAULT = 0.03
# Share with two family names: Spanish (father's, mother's) and Portuguese (mother's, father's).
SECOND_FAMILY = {"es": 0.90, "pt": 0.60}
# Persons without a citizenship (stateless) draw names from this pool.
STATELESS_POOL_OF = "SY"


@dataclass(frozen=True)
class PersonNames:
    """Per true person: name pool and entries into the name bank (-1 = no second part)."""

    pool: np.ndarray
    given: np.ndarray
    given2: np.ndarray
    family: np.ndarray
    family2: np.ndarray


def pools(countries: np.ndarray) -> np.ndarray:
    """Name pool of each citizenship (hash-based, fast on millions of rows)."""
    codes, uniques = pd.factorize(pd.Series(countries, dtype=object))
    return np.array([pool_of(c) for c in uniques], dtype=object)[codes]


def person_names(citizenship: np.ndarray, sex: np.ndarray, rng: np.random.Generator) -> PersonNames:
    """Draw given and family names from each person's origin pool."""
    bank = name_bank()
    pool = pools(np.where(citizenship == "", STATELESS_POOL_OF, citizenship))
    n = len(pool)
    given, given2, family, family2 = (np.full(n, -1, dtype=np.int64) for _ in range(4))
    u2, v2 = rng.random(n), rng.random(n)
    codes, uniques = pd.factorize(pd.Series(pool + sex, dtype=object))
    groups = np.split(np.argsort(codes, kind="stable"), np.cumsum(np.bincount(codes))[:-1])
    for key, idx in zip(uniques, groups, strict=True):
        name, s = key[:-1], key[-1]
        g, f = bank.given[(name, s)], bank.family[(name, s)]
        gi, fi = _ranks(len(g), len(idx), "given", rng), _ranks(len(f), len(idx), "family", rng)
        given[idx], family[idx] = g[gi], f[fi]
        second = u2[idx] < SECOND_GIVEN.get(name, SECOND_GIVEN_DEFAULT)
        given2[idx[second]] = g[_other(gi[second], len(g), "given", rng)]
        other = v2[idx] < SECOND_FAMILY.get(name, 0.0)
        family2[idx[other]] = f[_other(fi[other], len(f), "family", rng)]
    return PersonNames(pool=pool, given=given, given2=given2, family=family, family2=family2)


def _ranks(n: int, k: int, kind: str, rng: np.random.Generator) -> np.ndarray:
    """k draws of name ranks 0..n-1 with Zipf-like frequencies (common names are common)."""
    return np.minimum(np.searchsorted(zipf_weights(n, kind), rng.random(k)), n - 1)


def _other(first: np.ndarray, n: int, kind: str, rng: np.random.Generator) -> np.ndarray:
    """A second name part different from the first (the next rank where the draw repeats)."""
    second = _ranks(n, len(first), kind, rng)
    return np.where(second == first, (second + 1) % max(n, 1), second)


def _join(spelling: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """First part, plus ' ' and the second part where there is one."""
    variants = name_bank().variants
    out = variants[spelling, first]
    has = np.flatnonzero(second >= 0)
    out[has] = out[has] + " " + variants[spelling[has], second[has]]
    return out


def true_names(names: PersonNames) -> tuple[np.ndarray, np.ndarray]:
    """Full given and family names in the native spelling (as in the person's documents)."""
    native = np.full(len(names.pool), NATIVE)
    return _join(native, names.given, names.given2), _join(native, names.family, names.family2)


def registered_names(
    names: PersonNames, person: np.ndarray, lst: np.ndarray, country: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Given and family names as each organisation wrote them."""
    rpool = names.pool[person]
    n = len(person)
    spelling = _spelling(rpool, pools(country) == rpool, rng)
    given = _join(spelling, names.given[person], names.given2[person])
    family = _join(spelling, names.family[person], names.family2[person])
    given = _one_part(given, rpool, rng.random(n) < 0.4, last_for=("vn",))
    has_two = names.family2[person] >= 0
    family = _one_part(family, rpool, has_two & (rng.random(n) < 0.35), last_for=("pt",))
    family_first = pd.Series(rpool).isin(FAMILY_FIRST).to_numpy()
    swap = rng.random(n) < np.where(family_first, 0.15, 0.03)
    given, family = np.where(swap, family, given), np.where(swap, given, family)
    given = noise.apply_typos(given, 0.05, rng)
    family = noise.apply_typos(family, 0.06, rng)
    given = noise.initials(given, rng.random(n) < 0.03)
    family = noise.upper(family, rng.random(n) < np.where(np.isin(lst, [0, 5]), 0.4, 0.05))
    u = rng.random(n)
    given[u < 0.02] = ""
    family[(u >= 0.02) & (u < 0.035)] = ""
    return given, family


def _spelling(rpool: np.ndarray, own: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Spelling row per record: native script more likely in the name's own country."""
    codes, upools = pd.factorize(pd.Series(rpool, dtype=object))
    latin = np.array([not has_native_script(x) for x in upools], dtype=bool)[codes]
    at_home = np.array([noise.NATIVE_SCRIPT_P.get(x, (0.0, 0.0))[0] for x in upools])[codes]
    abroad = np.array([noise.NATIVE_SCRIPT_P.get(x, (0.0, 0.0))[1] for x in upools])[codes]
    native_p = np.where(own, at_home, abroad)
    alt = [noise.ALT_ROMANISATION_P.get(x, noise.ALT_ROMANISATION_DEFAULT) for x in upools]
    return noise.choose_spelling(own, native_p, latin, rng, np.array(alt)[codes])


def _one_part(
    words: np.ndarray, pool: np.ndarray, mask: np.ndarray, last_for: tuple[str, ...]
) -> np.ndarray:
    """Keep one part of a compound name: the first, or the last for the pools named."""
    spaced = np.fromiter((" " in w for w in words), dtype=bool, count=len(words))
    idx = np.flatnonzero(mask & spaced)
    out = words.copy()
    out[idx] = [
        w.split()[-1] if pl in last_for else w.split()[0]
        for w, pl in zip(words[idx], pool[idx], strict=True)
    ]
    return out
