"""Families registered together: siblings or couples found in one place.

Relatives are what a deduplication must not merge: one family name, one citizenship, one
day of registration and, for a family without documents, only estimated birth dates.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from thb.synth.names import NATIVE, name_bank
from thb.synth.naming import PersonNames
from thb.synth.population import Persons

FAMILY_SHARE = 0.10  # persons registered together with one or two relatives
FAMILY_SIZES, FAMILY_SIZE_P = np.array([2, 3]), np.array([0.7, 0.3])


def family_heads(p: Persons, rng: np.random.Generator) -> np.ndarray:
    """Each person's family head (the person itself when registered alone).

    Relatives are drawn among persons of one citizenship, main reporting country and age
    group (children with children, adults with adults), so capture histories and ages stay
    as the calibration drew them.
    """
    head = np.arange(p.n)
    chosen = np.flatnonzero(rng.random(p.n) < FAMILY_SHARE)
    key = pd.Series(
        p.citizenship[chosen] + p.country[chosen].astype(str) + p.child[chosen].astype(str)
    )
    for idx in key.groupby(key.to_numpy()).indices.values():
        members = chosen[rng.permutation(idx)]
        sizes = rng.choice(FAMILY_SIZES, p=FAMILY_SIZE_P, size=len(members))
        starts = np.cumsum(np.r_[0, sizes])
        starts = starts[starts < len(members)]
        group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(members)]))
        head[members] = members[starts][group]
    return head


def register_together(
    p: Persons, names: PersonNames, rng: np.random.Generator
) -> tuple[Persons, PersonNames]:
    """Persons and names with families: relatives take their head's family name (in the form
    for their own sex: Георгиев, Георгиева), first registration date and lack of documents;
    no two of a family share a given name."""
    head = family_heads(p, rng)
    shift = p.first_reg[head] - p.first_reg  # ages at registration stay as drawn
    persons = replace(
        p,
        first_reg=p.first_reg[head],
        birth=p.birth + shift,
        birth_estimated=p.birth_estimated[head],
    )
    family = _for_sex(names.family[head], names.pool, p.sex[head], p.sex)
    family2 = np.where(
        names.family2[head] >= 0, _for_sex(names.family2[head], names.pool, p.sex[head], p.sex), -1
    )
    given = _own_given_names(head, names.given, names.pool, p.sex)
    return persons, replace(names, given=given, family=family, family2=family2)


def _own_given_names(
    head: np.ndarray, given: np.ndarray, pool: np.ndarray, sex: np.ndarray
) -> np.ndarray:
    """Given-name entries with a relative's repeat (by its native spelling: the bank holds
    some names twice) moved to the pool's next name."""
    bank = name_bank()
    spelled = bank.variants[NATIVE]
    out = given.copy()
    taken: dict[int, set[str]] = {}
    for i in np.flatnonzero(head != np.arange(len(head))):
        names = taken.setdefault(int(head[i]), {spelled[given[head[i]]]})
        entries = bank.given[(pool[i], sex[i])]
        for _ in range(len(entries)):
            if spelled[out[i]] not in names:
                break
            out[i] = entries[(out[i] - entries[0] + 1) % len(entries)]
        names.add(spelled[out[i]])
    return out


def _for_sex(
    entry: np.ndarray, pool: np.ndarray, from_sex: np.ndarray, to_sex: np.ndarray
) -> np.ndarray:
    """Family-name bank entries moved to the same name's form for another sex (the bank
    lists both forms of a pool in the same order)."""
    family = name_bank().family
    out = entry.copy()
    for i in np.flatnonzero((from_sex != to_sex) & (entry >= 0)):
        src, dst = family[(pool[i], from_sex[i])], family[(pool[i], to_sex[i])]
        out[i] = dst[entry[i] - src[0]]
    return out
