"""Pure parts of the generator: rounding, calibration table, names, noise, capture model."""

from __future__ import annotations

import numpy as np
import pytest

from thb.codes.countries import EU27
from thb.synth import calibration as cal
from thb.synth import capture, noise
from thb.synth.names import ALT, ASCII, LATIN, NATIVE, name_bank, pool_of, transliterate
from thb.synth.population import exact_counts


def test_exact_counts_sum_to_n() -> None:
    p = np.array([0.333, 0.333, 0.334])
    assert exact_counts(p, 10).sum() == 10
    assert exact_counts(p, 1).tolist() == [0, 0, 1]


def test_joint_table_meets_every_margin() -> None:
    t = cal.joint_table(sorted(EU27), calibrate_eu=True)  # sex, child, form, eu, country
    assert t.sum() == pytest.approx(1)
    assert t[0].sum() == pytest.approx(0.72, abs=1e-6)
    assert t[:, 0].sum() == pytest.approx(0.22, abs=1e-6)
    assert t[:, :, 0].sum() == pytest.approx(0.60, abs=1e-6)
    assert t[:, :, :, 0].sum() == pytest.approx(0.49, abs=1e-6)
    assert t[0, :, 0].sum() / t[:, :, 0].sum() == pytest.approx(0.92, abs=1e-6)
    assert t[0, 0].sum() / t[:, 0].sum() == pytest.approx(0.78, abs=1e-6)
    assert t[:, 0, :, 0].sum() / t[:, 0].sum() == pytest.approx(0.75, abs=1e-6)


def test_origin_countries_register_mostly_eu_citizens() -> None:
    shares = cal.eu_share_by_country(["RO", "IT"])
    assert shares["RO"] > 0.9 > 0.3 > shares["IT"]


def test_bulgarian_names_have_two_romanisations() -> None:
    assert (
        transliterate("Живкова", {"ж": "zh", "и": "i", "в": "v", "к": "k", "о": "o", "а": "a"})
        == "Zhivkova"
    )
    bank = name_bank()
    spellings = {tuple(bank.variants[:, e]) for e in bank.family[("bg", "F")]}
    assert ("Жекова", "Zhekova", "Zhekova", "Jekova") in spellings


def test_chinese_and_vietnamese_spellings() -> None:
    bank = name_bank()
    wang = [e for e in bank.family[("cn", "M")] if bank.variants[NATIVE, e] == "王"][0]
    assert bank.variants[LATIN, wang] == "Wang"
    nguyen = [e for e in bank.family[("vn", "F")] if bank.variants[LATIN, e] == "Nguyễn"][0]
    assert bank.variants[ASCII, nguyen] == "Nguyen"
    assert pool_of("MD") == "ro" and pool_of("XX") == "en"


def test_romanian_alternative_uses_cedilla() -> None:
    bank = name_bank()
    stefan = [e for e in bank.family[("ro", "M")] if bank.variants[LATIN, e] == "Ștefan"][0]
    assert bank.variants[ALT, stefan] == "Ştefan"


@pytest.mark.parametrize(
    ("op", "expected"), [(0, "Poescu"), (1, "Poppescu"), (2, "Poepscu"), (3, "Pupescu")]
)
def test_typo_operations(op: int, expected: str) -> None:
    assert noise.typo("Popescu", op, pos=0.0 if op == 3 else 0.2) == expected


def test_initials_and_upper() -> None:
    words = np.array(["Ion", "", "Maria"], dtype=object)
    assert noise.initials(words, np.array([True, True, False])).tolist() == ["I.", "", "Maria"]
    assert noise.upper(words, np.array([True, False, False])).tolist() == ["ION", "", "Maria"]


def test_noisy_birth_dates_formats() -> None:
    rng = np.random.default_rng(0)
    birth = np.full(4000, np.datetime64("1990-03-07"))
    docless = np.arange(4000) % 4 == 0
    text, est = noise.noisy_birth_dates(birth, docless, np.arange(4000), rng)
    documented = text[~docless]
    assert np.mean(documented == "1990-03-07") > 0.8
    assert "1990-07-03" in set(documented)  # day and month swapped
    assert "" in set(documented) and "1990" in set(documented)
    estimated = text[docless]
    assert {len(t) for t in estimated} == {0, 4, 10}
    assert all(t.endswith("-01-01") for t in estimated if len(t) == 10)
    assert {"1989", "1990", "1991"} <= set(estimated)  # estimates are often a year off
    assert est[docless & (text != "")].all() and not est[text == ""].any()


def test_a_persons_records_share_their_stated_age_error() -> None:
    rng = np.random.default_rng(4)
    person = np.repeat(np.arange(3000), 2)  # two registrations each, both without documents
    birth = np.full(6000, np.datetime64("1990-06-15"))
    text, _ = noise.noisy_birth_dates(birth, np.ones(6000, bool), person, rng)
    years = np.array([int(t[:4]) if t else -1 for t in text]).reshape(3000, 2)
    both = (years >= 0).all(1)
    agree = np.mean(years[both, 0] == years[both, 1])
    assert 0.6 < agree < 0.85  # shared error, plus one registration in seven off again
    assert np.mean(years[both] != 1990) > 0.3  # and the shared error is often non-zero


def test_capture_histories_are_never_empty() -> None:
    rng = np.random.default_rng(1)
    n = 5000
    hist = capture.captures_given_registered(
        np.zeros(n, int), np.zeros(n, bool), np.ones(n, bool), rng
    )
    assert hist.any(1).all()
    assert 1.2 < hist.sum(1).mean() < 1.8


def test_lists_depend_positively_in_the_population() -> None:
    rng = np.random.default_rng(1)
    n = 200_000
    hist = capture.population_histories(np.zeros(n, int), np.zeros(n, bool), np.ones(n, bool), rng)
    police, ngo = hist[:, 0], hist[:, 1]
    odds_ratio = (
        (police & ngo).sum()
        * (~police & ~ngo).sum()
        / ((police & ~ngo).sum() * (~police & ngo).sum())
    )
    assert odds_ratio > 1.5
    registered = hist.any(1).mean()
    pi = capture.capture_probability(
        capture.list_probabilities(np.zeros(1, int), np.zeros(1, bool), np.ones(1, bool))
    )
    assert registered == pytest.approx(pi[0], abs=0.01)


def test_hidden_total_exceeds_registered() -> None:
    rng = np.random.default_rng(2)
    form = np.repeat([0, 1, 2, 3], 1000)
    total = capture.hidden_total(form, np.zeros(4000, bool), np.ones(4000, bool), rng)
    pi = capture.capture_probability(
        capture.list_probabilities(form, np.zeros(4000, bool), np.ones(4000, bool))
    )
    assert total == pytest.approx(4000 / pi.mean(), rel=0.1)
