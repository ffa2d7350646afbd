"""Families registered together: what the deduplication must keep apart."""

from __future__ import annotations

import numpy as np
import pytest

from thb.synth import families
from thb.synth.names import NATIVE, name_bank
from thb.synth.naming import PersonNames, true_names
from thb.synth.population import Persons
from thb.synth.simulate import simulate


@pytest.fixture(scope="module")
def drawn() -> tuple[np.ndarray, Persons, PersonNames]:
    """Family heads and the persons and names given families from them (the same draws)."""
    sim = simulate(5000, 3, ["BG", "IT", "RO"], (2017, 2018))
    head = families.family_heads(sim.persons, np.random.default_rng(1))
    p, names = families.register_together(sim.persons, sim.names, np.random.default_rng(1))
    return head, p, names


def test_a_share_of_persons_is_registered_with_relatives(
    drawn: tuple[np.ndarray, Persons, PersonNames],
) -> None:
    head, p, _ = drawn
    size = np.bincount(head, minlength=p.n)[head]
    assert 0.05 < (size > 1).mean() < families.FAMILY_SHARE
    assert size.max() <= families.FAMILY_SIZES.max()
    assert (head[head] == head).all()  # a head heads its own family


def test_relatives_share_a_day_documents_and_age_group_but_not_given_names(
    drawn: tuple[np.ndarray, Persons, PersonNames],
) -> None:
    head, p, names = drawn
    given = name_bank().variants[NATIVE][names.given]  # first given name, as in documents
    relative = np.flatnonzero(head != np.arange(p.n))
    assert (p.first_reg[relative] == p.first_reg[head[relative]]).all()
    assert (p.birth_estimated[relative] == p.birth_estimated[head[relative]]).all()
    for attribute in (p.citizenship, p.country, p.child):
        assert (attribute[relative] == attribute[head[relative]]).all()
    assert not (given[relative] == given[head[relative]]).any()


def test_a_family_name_takes_each_relatives_sex(
    drawn: tuple[np.ndarray, Persons, PersonNames],
) -> None:
    head, p, names = drawn
    _, family = true_names(names)
    relative = np.flatnonzero(head != np.arange(p.n))
    same = relative[p.sex[relative] == p.sex[head[relative]]]
    assert (family[same] == family[head[same]]).all()
    # A Bulgarian brother and sister: Георгиев and Георгиева, one stem.
    sister = relative[
        (p.citizenship[relative] == "BG")
        & (p.sex[relative] == "F")
        & (p.sex[head[relative]] == "M")
    ]
    assert len(sister) > 5
    assert all(f == m + "а" for f, m in zip(family[sister], family[head[sister]], strict=True))
