"""The shared core: registered persons, their capture histories and the noisy records."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from thb.codes.countries import EU27, is_country_code
from thb.synth import calibration as cal
from thb.synth import capture, documents, families, naming, noise
from thb.synth.naming import PersonNames
from thb.synth.population import Persons, draw_persons

CROSS_BORDER_SHARE = 0.03
SAME_LIST_AGAIN = 0.015  # a record repeated by the same kind of organisation (re-registration)
NGOS_PER_COUNTRY = ((8.0, 3), (2.0, 2), (0.0, 1))  # (volume weight at least, number of NGOs)
XB_LISTS = np.array([0, 1, 3])  # police, NGO, social services register returnees
XB_LIST_P = np.array([0.4, 0.4, 0.2])


class SynthError(ValueError):
    """Bad arguments to the synthetic-data generator."""


@dataclass(frozen=True)
class Simulation:
    """Persons, name entries and one row per registration (arrays aligned per level)."""

    persons: Persons
    hidden_total: int
    hidden_by_country: np.ndarray  # true victims per main reporting country (persons.countries)
    names: PersonNames
    rec_person: np.ndarray  # person index per record
    rec_list: np.ndarray  # index into capture.LISTS
    rec_country: np.ndarray  # ISO2
    rec_org: np.ndarray  # org key
    rec_date: np.ndarray  # datetime64[D]
    given_name: np.ndarray
    family_name: np.ndarray
    birth_date: np.ndarray  # "YYYY-MM-DD", "YYYY" or ""
    birth_estimated: np.ndarray
    sex: np.ndarray
    citizenship: np.ndarray  # as registered, "|" between two
    identity_number: np.ndarray  # document number as registered, "" if none
    person_ids: np.ndarray  # "P..." per person
    record_ids: np.ndarray  # "R..." per record


def check_args(
    persons: int, seed: int, countries: list[str] | None, years: tuple[int, int]
) -> list[str]:
    """Validate the arguments; return the reporting countries in a fixed order."""
    if not isinstance(persons, int | np.integer) or persons < 1:
        raise SynthError(f"persons must be a positive integer, got {persons!r}")
    if not isinstance(seed, int | np.integer) or seed < 0:
        raise SynthError(f"seed must be a non-negative integer, got {seed!r}")
    if len(years) != 2 or not 1900 < years[0] <= years[1] < 2200:
        raise SynthError(f"years must be (first, last) with first <= last, got {years!r}")
    chosen = sorted(EU27) if countries is None else sorted(set(countries))
    bad = [c for c in chosen if not is_country_code(c)]
    if bad or not chosen:
        raise SynthError(f"countries must be ISO 3166 alpha-2 codes, got {countries!r}")
    outside = [c for c in chosen if c not in EU27]
    if outside:
        raise SynthError(
            f"countries must be EU-27 Member States (profiles exist only for them), got {outside}"
        )
    return chosen


def ngo_count(country: str) -> int:
    """How many NGOs register victims in a country (by its invented volume)."""
    w = cal.COUNTRY_PROFILE.get(country, (1.0, 0.5))[0]
    return next(k for floor, k in NGOS_PER_COUNTRY if w >= floor)


def org_key(country: str, list_name: str, ngo: int = 1) -> str:
    """Stable organisation key, e.g. RO-POLICE or DE-NGO2."""
    return f"{country}-NGO{ngo}" if list_name == "NGO" else f"{country}-{list_name}"


def simulate(
    persons: int, seed: int, countries: list[str] | None, years: tuple[int, int]
) -> Simulation:
    """Draw everything that registration_records and generate share."""
    chosen = check_args(persons, seed, countries, years)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(10)]
    p = draw_persons(persons, chosen, years, rngs[0])
    hist = capture.captures_given_registered(p.form, p.child, p.eu, rngs[1])
    hidden = capture.hidden_by_group(p.form, p.child, p.eu, p.country, len(chosen), rngs[2])
    names = naming.person_names(p.citizenship, p.sex, rngs[3])
    p, names = families.register_together(p, names, rngs[8])
    rec_person, rec_list, rec_country = _record_rows(p, hist, rngs[4])
    rec_date, shift = _record_dates(p, rec_person, rec_country, years, rngs[5])
    back = shift.astype("timedelta64[D]")
    p = replace(p, first_reg=p.first_reg - back, birth=p.birth - back)
    rec_org = _org_keys(rec_country, rec_list, rngs[5])
    written = naming.registered_names(names, rec_person, rec_list, rec_country, rngs[6])
    birth, est = noise.noisy_birth_dates(
        p.birth[rec_person], p.birth_estimated[rec_person], rec_person, rngs[7]
    )
    sex, cit = _noisy_sex_citizenship(p, rec_person, rec_country, rngs[7])
    documented, dual = ~p.birth_estimated, p.citizenship2 != ""
    number = documents.recorded_numbers(documented, dual, rec_person, rec_list, rngs[9])
    order = rngs[4].permutation(len(rec_person))  # record ids reveal nothing about persons
    person_ids = np.array([f"P{i:07d}" for i in rngs[4].permutation(p.n)], dtype=object)
    record_ids = np.array([f"R{i:08d}" for i in range(len(order))], dtype=object)
    take = [rec_person, rec_list, rec_country, rec_org, rec_date, *written, birth, est, sex, cit,
            number]  # fmt: skip
    (rec_person, rec_list, rec_country, rec_org, rec_date, given, family, birth, est, sex, cit,
     number) = (a[order] for a in take)  # fmt: skip
    return Simulation(
        persons=p, hidden_total=int(hidden.sum()), hidden_by_country=hidden, names=names,
        rec_person=rec_person, rec_list=rec_list,
        rec_country=rec_country, rec_org=rec_org, rec_date=rec_date, given_name=given,
        family_name=family, birth_date=birth, birth_estimated=est, sex=sex, citizenship=cit,
        identity_number=number,
        person_ids=person_ids, record_ids=record_ids,
    )  # fmt: skip


def _record_rows(p: Persons, hist: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """One row per catch in the main country plus cross-border registrations abroad."""
    person, lst = np.nonzero(hist)
    again = np.flatnonzero(rng.random(len(person)) < SAME_LIST_AGAIN)  # registered twice
    person, lst = np.concatenate([person, person[again]]), np.concatenate([lst, lst[again]])
    country = np.asarray(p.countries, dtype=object)[p.country[person]]
    if len(p.countries) < 2:
        return person, lst, country
    xb = np.flatnonzero(rng.random(p.n) < CROSS_BORDER_SHARE)
    home = np.asarray(p.countries, dtype=object)[p.country[xb]]
    other = _abroad(p.citizenship[xb], home, p.countries, rng)
    xb_list = XB_LISTS[rng.choice(3, len(xb), p=XB_LIST_P)]
    return (
        np.concatenate([person, xb]),
        np.concatenate([lst, xb_list]),
        np.concatenate([country, other]),
    )


def _abroad(
    citizenship: np.ndarray, home: np.ndarray, countries: tuple[str, ...], rng: np.random.Generator
) -> np.ndarray:
    """Second registering country: the citizenship country when covered, else another one."""
    w = cal.country_weights(list(countries))
    pick = np.asarray(countries, dtype=object)[rng.choice(len(countries), len(home), p=w / w.sum())]
    clash = pick == home
    while clash.any():
        pick[clash] = np.asarray(countries, dtype=object)[
            rng.choice(len(countries), clash.sum(), p=w / w.sum())
        ]
        clash = pick == home
    covered = np.isin(citizenship, list(countries)) & (citizenship != home)
    return np.where(covered, citizenship, pick)


def _record_dates(
    p: Persons,
    person: np.ndarray,
    country: np.ndarray,
    years: tuple[int, int],
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Record dates (one home record on the first registration date, others weeks later;
    a follow-up within the day, a referral from the police to an NGO say, on that day).

    Persons whose later records would fall after the period are moved earlier as a whole;
    the per-person shift in days is returned so their birth dates can move with them.
    """
    start, end = np.datetime64(f"{years[0]}-01-01"), np.datetime64(f"{years[1]}-12-31")
    home = country == np.asarray(p.countries, dtype=object)[p.country[person]]
    order = np.lexsort((rng.random(len(person)), ~home, person))
    first = np.zeros(len(person), dtype=bool)
    first[order] = np.r_[True, person[order[1:]] != person[order[:-1]]]
    lag = np.where(home, rng.exponential(45, len(person)), rng.uniform(30, 300, len(person)))
    days = np.where(first, 0, np.floor(lag)).astype(np.int64)
    over = np.zeros(p.n, dtype=np.int64)
    np.maximum.at(over, person, (p.first_reg[person] - end).astype(int) + days)
    over = np.where(over > 0, over + rng.integers(0, 90, p.n), 0)  # last record not on 31 Dec
    shift = np.minimum(over, (p.first_reg - start).astype(int))
    date = p.first_reg[person] + (days - shift[person]).astype("timedelta64[D]")
    return np.minimum(date, end), shift


def _org_keys(country: np.ndarray, lst: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Registering organisation of each record (one of several NGOs per country)."""
    keys = country + np.asarray([f"-{x}" for x in capture.LISTS], dtype=object)[lst]
    ngo = np.flatnonzero(lst == 1)
    codes, uniques = pd.factorize(pd.Series(country[ngo], dtype=object))
    counts = np.array([ngo_count(c) for c in uniques], dtype=np.int64)[codes]
    which = (rng.random(len(ngo)) * counts).astype(int) + 1
    keys[ngo] = country[ngo] + "-NGO" + which.astype(str).astype(object)
    return keys


def _noisy_sex_citizenship(
    p: Persons, person: np.ndarray, country: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Sex and citizenship as registered: sometimes missing, rarely wrong."""
    n = len(person)
    sex = p.sex[person].copy()
    u = rng.random(n)
    sex[u < 0.02] = "UNK"
    flip = (u >= 0.02) & (u < 0.023)
    sex[flip] = np.where(sex[flip] == "F", "M", "F")
    first, second = p.citizenship[person], p.citizenship2[person]
    both = second != ""
    cit = np.where(both & (rng.random(n) < 0.3), first + "|" + second, first)
    cit = np.where(both & (rng.random(n) < 0.1), second, cit)
    v = rng.random(n)
    cit[v < 0.05] = ""
    wrong = (v >= 0.05) & (v < 0.06)
    cit[wrong] = country[wrong]
    return sex, cit
