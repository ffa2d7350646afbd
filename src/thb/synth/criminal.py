"""Traffickers and criminal proceedings: suspects, prosecutions and convictions as published."""

from __future__ import annotations

import numpy as np
import pandas as pd

from thb.codes.countries import EU27
from thb.codes.registry import LegalStatus, ProceedingOutcome
from thb.synth import calibration as cal

PERPETRATOR_MALE = 0.75
PERPETRATOR_EU = 0.70
PERPETRATOR_NAT_AMONG_EU = 0.75
LEGAL_PERSON_SHARE = 0.01
PROCEEDING_FORMS = (("SEXUAL", 0.70), ("LABOUR", 0.17), ("OTHER", 0.10), ("UNKNOWN", 0.03))


def scaled_counts(persons: int) -> tuple[int, int, int]:
    """(suspects, prosecutions, convictions) scaled from the published 2017–2018 totals."""
    scale = persons / cal.TARGETS.registered
    prosecutions = int(round(cal.TARGETS.prosecutions * scale))
    convictions = int(round(cal.TARGETS.convictions * scale))
    suspects = max(prosecutions, int(round(prosecutions * cal.SUSPECTS_PER_PROSECUTION)))
    return suspects, prosecutions, convictions


def perpetrators_and_proceedings(
    persons: int, countries: list[str], years: tuple[int, int], rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per suspect; proceedings rows per legal-status stage reached in the period."""
    suspects, prosecutions, convictions = scaled_counts(persons)
    w = cal.country_weights(countries)
    country = np.asarray(countries, dtype=object)[
        rng.choice(len(countries), suspects, p=w / w.sum())
    ]
    legal = rng.random(suspects) < LEGAL_PERSON_SHARE
    sex = np.where(rng.random(suspects) < PERPETRATOR_MALE, "M", "F").astype(object)
    sex[legal] = "UNK"
    citizenship = _citizenship(country, rng)
    citizenship[legal] = country[legal]
    keys = np.array([f"T{i:06d}" for i in range(suspects)], dtype=object)
    perpetrators = pd.DataFrame(
        {"perpetrator_key": keys, "sex": sex, "citizenship": citizenship, "country": country,
         "legal_person": legal}
    )  # fmt: skip
    return perpetrators, _proceedings(keys, country, prosecutions, convictions, years, rng)


def _citizenship(country: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Own nationals, other EU citizens or third-country nationals."""
    n = len(country)
    u = rng.random(n)
    eu_codes = sorted(EU27)
    other_eu = np.asarray(eu_codes, dtype=object)[rng.integers(0, len(eu_codes), n)]
    non_eu_codes = list(cal.NON_EU)
    w = np.array([cal.NON_EU[c] for c in non_eu_codes])
    non_eu = np.asarray(non_eu_codes, dtype=object)[rng.choice(len(w), n, p=w / w.sum())]
    nat = u < PERPETRATOR_EU * PERPETRATOR_NAT_AMONG_EU
    eu = u < PERPETRATOR_EU
    return np.where(nat, country, np.where(eu, other_eu, non_eu))


def _proceedings(
    keys: np.ndarray, country: np.ndarray, prosecutions: int, convictions: int,
    years: tuple[int, int], rng: np.random.Generator,
) -> pd.DataFrame:  # fmt: skip
    """Suspicion for all, prosecution for some, conviction for some of those prosecuted."""
    n = len(keys)
    span = np.arange(years[0], years[1] + 1)
    susp_year = rng.choice(span, n)
    order = rng.permutation(n)
    prosecuted, convicted = order[:prosecutions], order[:convictions]
    prsc_year = np.minimum(susp_year[prosecuted] + (rng.random(prosecutions) < 0.4), years[1])
    cnv_year = prsc_year[:convictions]
    forms = np.array([f for f, _ in PROCEEDING_FORMS], dtype=object)
    form = forms[rng.choice(len(forms), n, p=[p for _, p in PROCEEDING_FORMS])]
    outcome_susp = np.full(n, ProceedingOutcome.DISCONTINUED.value, dtype=object)
    outcome_susp[prosecuted] = ProceedingOutcome.PENDING.value
    outcome_prsc = np.where(
        rng.random(prosecutions) < 0.5,
        ProceedingOutcome.ACQUITTAL.value,
        ProceedingOutcome.PENDING.value,
    ).astype(object)
    outcome_prsc[:convictions] = ProceedingOutcome.CONVICTION.value
    parts = [
        (np.arange(n), susp_year, LegalStatus.PER_SUSP.value, outcome_susp),
        (prosecuted, prsc_year, LegalStatus.PER_PRSC.value, outcome_prsc),
        (
            convicted,
            cnv_year,
            LegalStatus.PER_CNV.value,
            np.full(convictions, "conviction", dtype=object),
        ),
    ]
    frames = [
        pd.DataFrame({"perpetrator_key": keys[idx], "country": country[idx], "year": yr.astype(int),
                      "leg_stat": stat, "form": form[idx], "outcome": out})
        for idx, yr, stat, out in parts
    ]  # fmt: skip
    return pd.concat(frames, ignore_index=True)
