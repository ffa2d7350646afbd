"""Published EU-27 2017–2018 targets and the profiles the generator invents around them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Targets:
    """Published marginals for registered victims, EU-27 2017–2018 (COM(2020) 661, Data Study)."""

    registered: int = 14_145
    female: float = 0.72
    child: float = 0.22
    sexual: float = 0.60
    labour: float = 0.15
    eu_citizen: float = 0.49
    identified: float = 0.637
    female_among_sexual: float = 0.92
    girls_among_children: float = 0.78
    sexual_among_children: float = 0.60
    eu_among_children: float = 0.75
    prosecutions: int = 6_163
    convictions: int = 2_426


TARGETS = Targets()

# Invented (not published): how the remaining 25% split, and the labour/child details.
OTHER_SHARE = 0.19  # "other" forms; the rest (0.06) is "unknown"
FEMALE_AMONG_LABOUR = 0.30  # the 2021–22 report says labour victims were 70% male
LABOUR_AMONG_CHILDREN = 0.10
SUSPECTS_PER_PROSECUTION = 1.6
NAT_SHARE_ORIGIN, NAT_SHARE_DESTINATION = 0.97, 0.45

# Forms: index order used everywhere in synth.
FORMS = ("SEXUAL", "LABOUR", "OTHER", "UNKNOWN")

# Invented per-country profile: relative volume of registered victims, and the share of EU citizens.
COUNTRY_PROFILE: dict[str, tuple[float, float]] = {
    "FR": (15.0, 0.25), "DE": (12.0, 0.45), "NL": (11.0, 0.45), "IT": (10.0, 0.15),
    "RO": (9.0, 0.97), "ES": (5.0, 0.20), "BG": (4.0, 0.95), "BE": (3.5, 0.35),
    "AT": (3.0, 0.45), "SE": (3.0, 0.25), "HU": (2.5, 0.95), "GR": (2.5, 0.30),
    "PL": (2.0, 0.80), "PT": (1.5, 0.30), "FI": (1.5, 0.15), "DK": (1.5, 0.35),
    "CZ": (1.0, 0.80), "SK": (1.0, 0.90), "IE": (0.8, 0.20), "CY": (0.8, 0.20),
    "LT": (0.7, 0.85), "HR": (0.5, 0.70), "LV": (0.4, 0.90), "SI": (0.3, 0.40),
    "LU": (0.3, 0.40), "EE": (0.2, 0.60), "MT": (0.2, 0.10),
}  # fmt: skip
ORIGIN_COUNTRIES = frozenset(["RO", "BG", "HU", "PL", "SK", "CZ", "LT", "LV", "EE", "HR"])
NAT_SHARE_OVERRIDE = {"NL": 0.70}  # Dutch "loverboy" cases: many own nationals

# Invented citizenship mixes (relative weights) of victims who are not nationals.
FOREIGN_EU: dict[str, float] = {
    "RO": 35, "BG": 18, "HU": 12, "PL": 8, "SK": 5, "LT": 3, "LV": 3, "CZ": 3, "HR": 1.5,
    "EE": 1, "GR": 1, "PT": 1, "IT": 1, "ES": 1, "FR": 1, "DE": 1, "SI": 0.5, "NL": 0.5,
    "BE": 0.3, "AT": 0.3, "SE": 0.2, "IE": 0.2, "DK": 0.1, "FI": 0.1, "CY": 0.1, "MT": 0.1,
    "LU": 0.1,
}  # fmt: skip
NON_EU: dict[str, float] = {
    "NG": 25, "CN": 7, "UA": 7, "AL": 6, "VN": 6, "MA": 5, "MD": 5, "RS": 3, "IN": 3,
    "PK": 3, "BR": 3, "TH": 3, "ER": 3, "SY": 3, "AF": 3, "PH": 2, "DZ": 2, "BD": 2,
    "GH": 2, "CM": 2, "TR": 2, "GB": 1,
}  # fmt: skip
STATELESS_SHARE_NON_EU = 0.004
DUAL_CITIZENSHIP = {"RO": ("MD", 0.05), "HU": ("RS", 0.03), "BG": ("TR", 0.02)}


def eu_share_by_country(countries: list[str]) -> dict[str, float]:
    """Per-country EU-citizen shares shifted on the logit scale so the EU-27 mix gives 49%."""
    codes = sorted(COUNTRY_PROFILE)
    w = np.array([COUNTRY_PROFILE[c][0] for c in codes])
    logit = np.log([COUNTRY_PROFILE[c][1] / (1 - COUNTRY_PROFILE[c][1]) for c in codes])
    lo, hi = -5.0, 5.0
    for _ in range(60):  # bisection on the shift
        mid = (lo + hi) / 2
        share = float(np.sum(w * _expit(logit + mid)) / w.sum())
        lo, hi = (mid, hi) if share < TARGETS.eu_citizen else (lo, mid)
    shifted = dict(zip(codes, _expit(logit + lo), strict=True))
    return {c: float(shifted.get(c, TARGETS.eu_citizen)) for c in countries}


def nat_share(country: str) -> float:
    """Invented share of own nationals among a country's EU-citizen victims."""
    if country in NAT_SHARE_OVERRIDE:
        return NAT_SHARE_OVERRIDE[country]
    return NAT_SHARE_ORIGIN if country in ORIGIN_COUNTRIES else NAT_SHARE_DESTINATION


def country_weights(countries: list[str]) -> np.ndarray:
    """Relative registered-victim volume of each reporting country (1.0 if not profiled)."""
    return np.array([COUNTRY_PROFILE.get(c, (1.0, 0.5))[0] for c in countries], dtype=float)


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


# Invented per-country weight on labour exploitation (1 = the EU-27 mix), rescaled to 15% overall.
LABOUR_PROFILE = {
    "BE": 2.0, "NL": 1.5, "PT": 2.0, "CY": 2.0, "IE": 1.5, "FI": 2.0, "PL": 1.5, "CZ": 1.5,
    "RO": 1.3, "IT": 1.2, "DE": 0.8, "FR": 0.6, "BG": 0.6, "HU": 0.7, "SE": 0.8,
}  # fmt: skip


def _sex_form(t: Targets) -> np.ndarray:
    """Sex x form: 92% of sexual-exploitation victims female, labour per FEMALE_AMONG_LABOUR."""
    rest = np.array([OTHER_SHARE, 1 - t.sexual - t.labour - OTHER_SHARE])
    female = [t.sexual * t.female_among_sexual, t.labour * FEMALE_AMONG_LABOUR]
    male = [t.sexual - female[0], t.labour - female[1]]
    return np.array(
        [
            [*female, *((t.female - sum(female)) * rest / rest.sum())],
            [*male, *((1 - t.female - sum(male)) * rest / rest.sum())],
        ]
    )


def _sex_child(t: Targets) -> np.ndarray:
    """Sex x child: 78% of child victims girls."""
    girls = t.child * t.girls_among_children
    return np.array([[girls, t.female - girls], [t.child - girls, 1 - t.female - t.child + girls]])


def _child_form(t: Targets) -> np.ndarray:
    """Child x form: 60% of child victims sexually exploited."""
    rest = np.array([OTHER_SHARE, 1 - t.sexual - t.labour - OTHER_SHARE])
    c_sex, c_lab = t.child * t.sexual_among_children, t.child * LABOUR_AMONG_CHILDREN
    child = np.array([c_sex, c_lab, *((t.child - c_sex - c_lab) * rest / rest.sum())])
    return np.vstack([child, np.array([t.sexual, t.labour, *rest]) - child])


def _eu_margins(
    t: Targets, countries: list[str], w: np.ndarray, calibrate: bool
) -> tuple[np.ndarray, np.ndarray]:
    """EU x country (invented profile) and child x EU (75% of children EU citizens)."""
    eu = eu_share_by_country(countries)
    eu_country = np.array([[w[i] * eu[c] for i, c in enumerate(countries)]])
    eu_country = np.vstack([eu_country, w - eu_country[0]])
    if calibrate:
        total = np.array([[t.eu_citizen], [1 - t.eu_citizen]])
        eu_country = eu_country * total / eu_country.sum(1, keepdims=True)
    eu_total = eu_country.sum(1)
    c_eu = t.child * (t.eu_among_children if calibrate else eu_total[0])
    child_eu = np.array(
        [[c_eu, t.child - c_eu], [eu_total[0] - c_eu, eu_total[1] - t.child + c_eu]]
    )
    return eu_country, child_eu


def _form_country(t: Targets, countries: list[str], w: np.ndarray) -> np.ndarray:
    """Form x country from LABOUR_PROFILE, keeping the EU-27 form totals."""
    mult = np.array([LABOUR_PROFILE.get(c, 1.0) for c in countries])
    labour = t.labour * mult / np.sum(w * mult)
    scale = (1 - labour) / (1 - t.labour)
    rest = np.array([t.sexual, OTHER_SHARE, 1 - t.sexual - t.labour - OTHER_SHARE])
    shares = np.vstack([rest[0] * scale, labour, rest[1] * scale, rest[2] * scale])
    return shares * w[None, :]


def _ipf(shape: tuple[int, ...], margins: list[tuple[tuple[int, int], np.ndarray]]) -> np.ndarray:
    """Iterative proportional fitting of a table to two-way margins."""
    table = np.ones(shape)
    dims = range(len(shape))
    for _ in range(200):
        for axes, target in margins:
            drop = tuple(a for a in dims if a not in axes)
            current = table.sum(axis=drop, keepdims=True)
            cell = [shape[a] if a in axes else 1 for a in dims]
            table = table * np.divide(
                target.reshape(cell), current, out=np.zeros(cell), where=current > 0
            )
    return table / table.sum()


def joint_table(countries: list[str], calibrate_eu: bool) -> np.ndarray:
    """Joint distribution over sex (F, M) x child (yes, no) x form (4) x EU (yes, no) x country.

    Over EU-27 it meets every published margin; for a subset of countries the per-country
    EU-citizen profile wins over the EU-wide 49% and the labour profile is left out.
    """
    t = TARGETS
    w = country_weights(countries)
    w = w / w.sum()
    eu_country, child_eu = _eu_margins(t, countries, w, calibrate_eu)
    margins = [((0, 2), _sex_form(t)), ((0, 1), _sex_child(t)), ((1, 2), _child_form(t)),
               ((1, 3), child_eu), ((3, 4), eu_country)]  # fmt: skip
    if calibrate_eu:
        margins.append(((2, 4), _form_country(t, countries, w)))
    return _ipf((2, 2, 4, 2, len(countries)), margins)
