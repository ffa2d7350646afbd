"""Which naming custom keys a registration's names, where its citizenship does not say.

The keys by citizenship (``normalise.KEY_BY_CITIZENSHIP``) fold the spellings one custom
produces: Thị Lan / Lan, Zhang / Chang, Zineb / Zaynab. One registration in twenty has no
citizenship, and some record one whose custom is not the name's (an Italian citizen
called Charqaoui); their names fell to the generic key and met the person's other
registrations only through the sound and fuzzy levels. Here the custom is, in order:
- the script the name is written in (Thai, Arabic, Ge'ez, Han), whatever is recorded;
- the recorded citizenship, where it has a custom of its own;
- the citizenship that most registrations sharing the family name record (Nguyen: VN),
  where at least ``MIN_FAMILY_RECORDS`` of them record one and ``MIN_FAMILY_SHARE`` agree;
- else the recorded citizenship.
Only the keys follow it: citizenship is compared as recorded.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

# A citizenship standing for the custom of each script (any of its custom's would do).
_SCRIPTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("[\u0e00-\u0e7f]"), "TH"),
    (re.compile("[\u0600-\u06ff]"), "SY"),
    (re.compile("[\u1200-\u137f]"), "ER"),
    (re.compile("[\u4e00-\u9fff]"), "CN"),
)
MIN_FAMILY_SHARE = 0.8
MIN_FAMILY_RECORDS = 3


def script_custom(name: object) -> str | None:
    """The citizenship standing for the custom of the script a raw name is written in."""
    if not isinstance(name, str):
        return None
    return next((code for pattern, code in _SCRIPTS if pattern.search(name)), None)


def family_citizenships(family: pd.Series, citizenship: pd.Series) -> pd.Series:
    """Per folded family name, the citizenship its registrations record, where enough of
    them record one and nearly all agree."""
    known = pd.DataFrame({"family": family, "cit": citizenship}).dropna()
    counts = known[known["family"] != ""].value_counts()  # commonest first
    top = counts[~counts.index.get_level_values("family").duplicated()]
    names = top.index.get_level_values("family")
    totals = counts.groupby(level="family").sum().reindex(names).to_numpy()
    keep = (top.to_numpy() >= MIN_FAMILY_SHARE * totals) & (totals >= MIN_FAMILY_RECORDS)
    return pd.Series(top.index.get_level_values("cit")[keep], index=names[keep], dtype=object)


def _by_script(raw: pd.Series) -> pd.Series:
    return raw.map({name: script_custom(name) for name in raw.unique()})


def naming_customs(
    citizenship: pd.Series,
    given_raw: pd.Series,
    family_raw: pd.Series,
    family: pd.Series,
    customs: Collection[str],
) -> pd.Series:
    """Per registration, the citizenship whose custom (one of ``customs``, the ones with
    keys of their own) keys its names, by the order in the module's docstring."""
    by_script = _by_script(given_raw).fillna(_by_script(family_raw))
    by_family = family.map(family_citizenships(family, citizenship))
    recorded = citizenship.where(citizenship.isin(customs) | by_family.isna(), by_family)
    return by_script.where(by_script.notna(), recorded).astype(object)
