"""Identity document numbers in the synthetic registry: one person's, recorded by some lists."""

from __future__ import annotations

import numpy as np
import pandas as pd

from thb.synth import capture
from thb.synth.documents import RECORDED_P, _miscopied, recorded_numbers
from thb.synth.simulate import simulate


def _one_apart(a: str, b: str) -> bool:
    """One character substituted, or two neighbours swapped."""
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    swap = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
    return len(diff) == 1 or (swap and a[diff[1]] == b[diff[0]])


def test_a_number_belongs_to_one_person_and_only_documented_persons_have_one() -> None:
    sim = simulate(4000, 3, None, (2017, 2018))
    records = pd.DataFrame({"person": sim.rec_person, "number": sim.identity_number})
    shown = records[records["number"] != ""]
    assert 0.2 < len(shown) / len(records) < 0.45
    assert shown.groupby("number")["person"].nunique().max() == 1
    docless = sim.persons.birth_estimated[shown["person"]]
    assert not docless.any()
    # One citizenship, one document: every number a person shows is it or a miscopy of it.
    single = sim.persons.citizenship2 == ""
    for person, numbers in shown.groupby("person")["number"]:
        modal = numbers.mode().iloc[0]
        if single[person]:
            assert all(n == modal or _one_apart(n, modal) for n in numbers)


def test_border_guards_record_numbers_more_often_than_ngos_and_some_are_miscopied() -> None:
    n_persons, per_person = 20_000, 6
    rng = np.random.default_rng(0)
    person = np.repeat(np.arange(n_persons), per_person)
    lists = np.tile(np.arange(len(capture.LISTS)), n_persons)
    numbers = recorded_numbers(
        np.ones(n_persons, bool), np.zeros(n_persons, bool), person, lists, rng
    )
    for i, name in enumerate(capture.LISTS):
        share = (numbers[lists == i] != "").mean()
        assert abs(share - RECORDED_P[name]) < 0.02, name
    frame = pd.DataFrame({"person": person, "number": numbers})
    shown = frame[frame["number"] != ""]
    variants = shown.groupby("person")["number"].nunique()
    assert 0.005 < (variants > 1).mean() < 0.1  # 2% miscopied, on about 2.2 numbers each
    for number, u in zip(numbers[:500], rng.random((500, 2)), strict=True):
        if number:
            copied = _miscopied(number, u)
            assert copied == number or _one_apart(copied, number)
            assert copied[:2] == number[:2]  # the letters are read right
