"""Countries: ISO 3166-1 alpha-2 codes, the EU-27 set, and the Eurostat geo spelling."""

from __future__ import annotations

EU27: frozenset[str] = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)

# Names for the countries THB's demo and synthetic data use; any ISO 3166 alpha-2 code is accepted.
COUNTRY_NAMES: dict[str, str] = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
    "DE": "Germany", "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "IT": "Italy",
    "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta", "NL": "Netherlands",
    "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia", "SI": "Slovenia",
    "ES": "Spain", "SE": "Sweden", "AL": "Albania", "NG": "Nigeria", "CN": "China",
    "VN": "Viet Nam", "UA": "Ukraine", "MA": "Morocco", "MD": "Moldova", "RS": "Serbia",
    "IN": "India", "PK": "Pakistan", "BR": "Brazil", "TH": "Thailand", "PH": "Philippines",
    "ER": "Eritrea", "SY": "Syria", "AF": "Afghanistan", "GB": "United Kingdom",
    "TR": "Türkiye", "DZ": "Algeria", "BD": "Bangladesh", "GH": "Ghana", "CM": "Cameroon",
}  # fmt: skip

# Eurostat writes Greece as EL (and formerly the UK as UK); everything else is ISO 3166.
_EUROSTAT_GEO = {"GR": "EL", "GB": "UK"}


def is_country_code(code: str) -> bool:
    """True for a syntactically valid ISO 3166-1 alpha-2 code (two upper-case letters)."""
    return len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()


def eurostat_geo(iso2: str) -> str:
    """The Eurostat `geo` code of an ISO 3166 country."""
    return _EUROSTAT_GEO.get(iso2, iso2)


def country_name(iso2: str) -> str:
    """A readable name, falling back to the code itself."""
    return COUNTRY_NAMES.get(iso2, iso2)
