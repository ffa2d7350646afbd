"""Registered persons drawn from the calibrated joint table, with ages, citizenships and dates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from thb.codes.countries import EU27
from thb.synth import calibration as cal

CHILD_AGES = np.arange(0, 18)
CHILD_AGE_W = np.array([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 6, 9, 14, 20, 24, 26], dtype=float)
ADULT_AGES = np.arange(18, 66)
ADULT_AGE_W = np.where(
    ADULT_AGES < 25, 9.0, np.where(ADULT_AGES < 35, 5.5, np.where(ADULT_AGES < 45, 2.2, 0.7))
)
DOCLESS_SHARE = {True: 0.05, False: 0.25}  # no documented birth date: EU / non-EU citizens


@dataclass(frozen=True)
class Persons:
    """True attributes of the registered persons (one row each, arrays aligned)."""

    countries: tuple[str, ...]
    sex: np.ndarray  # "F" / "M"
    child: np.ndarray  # bool, at first registration
    form: np.ndarray  # index into cal.FORMS
    eu: np.ndarray  # bool: holds an EU-27 citizenship
    country: np.ndarray  # index into countries (main reporting country)
    citizenship: np.ndarray  # ISO2, "" if stateless
    citizenship2: np.ndarray  # second citizenship or ""
    first_reg: np.ndarray  # datetime64[D]
    birth: np.ndarray  # datetime64[D], true date
    birth_estimated: np.ndarray  # bool: only an estimate exists anywhere
    identified: np.ndarray  # bool

    @property
    def n(self) -> int:
        """Number of persons."""
        return len(self.sex)


def exact_counts(p: np.ndarray, n: int) -> np.ndarray:
    """Largest-remainder rounding of n * p so the counts sum to n exactly."""
    raw = p.ravel() * n
    counts = np.floor(raw).astype(np.int64)
    short = n - counts.sum()
    if short > 0:
        counts[np.argsort(-(raw - counts), kind="stable")[:short]] += 1
    return counts.reshape(p.shape)


def draw_persons(
    n: int, countries: list[str], years: tuple[int, int], rng: np.random.Generator
) -> Persons:
    """Persons whose margins match the published figures up to rounding."""
    calibrate_eu = set(countries) == set(EU27)
    table = cal.joint_table(countries, calibrate_eu)
    cells = np.repeat(np.arange(table.size), exact_counts(table, n).ravel())
    cells = rng.permutation(cells)
    sex_i, child_i, form, eu_i, country = np.unravel_index(cells, table.shape)
    sex = np.where(sex_i == 0, "F", "M").astype(object)
    child, eu = child_i == 0, eu_i == 0
    citizenship, citizenship2 = _citizenships(eu, country, countries, rng)
    first_reg = _dates_in(years, n, rng)
    birth = _birth_dates(child, first_reg, rng)
    docless = rng.random(n) < np.where(eu, DOCLESS_SHARE[True], DOCLESS_SHARE[False])
    identified = np.zeros(n, dtype=bool)
    identified[rng.permutation(n)[: int(round(cal.TARGETS.identified * n))]] = True
    return Persons(
        countries=tuple(countries), sex=sex, child=child, form=form, eu=eu, country=country,
        citizenship=citizenship, citizenship2=citizenship2, first_reg=first_reg, birth=birth,
        birth_estimated=docless, identified=identified,
    )  # fmt: skip


def _dates_in(years: tuple[int, int], n: int, rng: np.random.Generator) -> np.ndarray:
    """Uniform dates over the reference years."""
    start = np.datetime64(f"{years[0]}-01-01")
    days = int((np.datetime64(f"{years[1] + 1}-01-01") - start).astype(int))
    return start + rng.integers(0, days, n).astype("timedelta64[D]")


def _birth_dates(child: np.ndarray, first_reg: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Birth dates giving an age at first registration drawn from child/adult profiles."""
    n = len(child)
    age = np.where(
        child,
        rng.choice(CHILD_AGES, n, p=CHILD_AGE_W / CHILD_AGE_W.sum()),
        rng.choice(ADULT_AGES, n, p=ADULT_AGE_W / ADULT_AGE_W.sum()),
    )
    days = np.floor(age * 365.25 + rng.uniform(0.02, 0.98, n) * 365).astype(np.int64)
    return first_reg - days.astype("timedelta64[D]")


def _citizenships(
    eu: np.ndarray, country: np.ndarray, countries: list[str], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """First and second citizenship from the invented per-country profiles."""
    n = len(eu)
    cit = np.empty(n, dtype=object)
    reporting = np.asarray(countries, dtype=object)[country]
    nat_p = np.array([cal.nat_share(c) for c in countries])[country]
    nat = eu & (rng.random(n) < nat_p)
    cit[nat] = reporting[nat]
    for c in countries:  # other-EU citizens, excluding the reporting country itself
        idx = np.flatnonzero(eu & ~nat & (reporting == c))
        cit[idx] = _weighted(cal.FOREIGN_EU, exclude=c, size=len(idx), rng=rng)
    non_eu = np.flatnonzero(~eu)
    cit[non_eu] = _weighted(cal.NON_EU, exclude="", size=len(non_eu), rng=rng)
    stateless = ~eu & (rng.random(n) < cal.STATELESS_SHARE_NON_EU)
    cit[stateless] = ""
    second = np.full(n, "", dtype=object)
    for first, (other, share) in cal.DUAL_CITIZENSHIP.items():
        second[(cit == first) & (rng.random(n) < share)] = other
    return cit, second


def _weighted(
    weights: dict[str, float], exclude: str, size: int, rng: np.random.Generator
) -> np.ndarray:
    """Draw country codes by weight, leaving one out."""
    codes = [c for c in weights if c != exclude]
    w = np.array([weights[c] for c in codes])
    return np.asarray(codes, dtype=object)[rng.choice(len(codes), size, p=w / w.sum())]
