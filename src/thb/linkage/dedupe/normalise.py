"""Pure preparation of victim registrations: validation, name keys, dates.

Each name field gets the keys of ``name_keys`` (``*_key`` the transliteration key, ``*_mp``
its metaphone, ``*_sk`` its consonant skeleton, ``*_initial``), with the key taken by the
naming custom of the record's names where it has one (Chinese: ``chinese``, Thai:
``thai``, Arabic script: ``arabic``, Vietnamese: ``vietnamese``, Eritrean and Ethiopian:
``tigrinya``): a citizenship, recorded or inferred (``naming_custom``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from thb.linkage.dedupe.arabic import ARABIC_SCRIPT_CITIZENSHIPS, arabic_key
from thb.linkage.dedupe.chinese import CHINESE_CITIZENSHIPS, chinese_key
from thb.linkage.dedupe.errors import DedupeInputError
from thb.linkage.dedupe.family_names import (
    FIRST_FAMILY_NAME_CITIZENSHIPS,
    LAST_FAMILY_NAME_CITIZENSHIPS,
    first_family_name_key,
    last_family_name_key,
)
from thb.linkage.dedupe.name_keys import (
    consonant_skeleton,
    fold_name,
    phonetic_key,
    split_initial_in_family,
    transliteration_key,
    written_initial,
)
from thb.linkage.dedupe.naming_custom import naming_customs
from thb.linkage.dedupe.rarity import key_bands
from thb.linkage.dedupe.thai import THAI_CITIZENSHIPS, thai_key
from thb.linkage.dedupe.tigrinya import GEEZ_SCRIPT_CITIZENSHIPS, tigrinya_key
from thb.linkage.dedupe.vietnamese import VIETNAMESE_CITIZENSHIPS, vietnamese_key

REQUIRED_COLUMNS: tuple[str, ...] = ("record_id", "given_name", "family_name", "birth_date")
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "source",
    "sex",
    "citizenship",
    "reporting_country",
    "registration_date",
    "identity_number",
)
CLI_REQUIRED_COLUMNS: tuple[str, ...] = (
    "record_id",
    "source",
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "citizenship",
)

# Name keys the fuzzy name levels weigh by how common they are (``rarity``).
BANDED_KEYS = ("given_key", "given_mp", "family_key", "family_mp")

_DATE_RE = r"\d{4}(-\d{2}-\d{2})?"
_SEX = {"m": "m", "male": "m", "man": "m", "f": "f", "female": "f", "woman": "f", "x": "x"}


def check_columns(df: pd.DataFrame, required: Iterable[str]) -> None:
    """Raise when a required column is missing, naming it."""
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DedupeInputError(f"missing required column(s): {', '.join(missing)}")


def _by_unique(series: pd.Series, fn: Callable[[pd.Series], Any]) -> Any:
    """Apply a column function to the distinct values only, then spread it back to the rows."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    result = fn(pd.Series(uniques, dtype=object))
    taken = result.iloc[codes]
    taken.index = series.index
    return taken


def _strip_blank(values: pd.Series) -> pd.Series:
    """Strip strings and turn blanks and NaN into None (object dtype)."""
    stripped = [v.strip() if isinstance(v, str) else None for v in values]
    out = pd.Series(stripped, index=values.index, dtype=object)
    return out.where(out.notna() & (out != ""), None).astype(object)


def _clean_strings(series: pd.Series) -> pd.Series:
    """Strip strings and turn blanks and NaN into None."""
    return _by_unique(series, _strip_blank)


def _birth_date_table(text: pd.Series) -> pd.DataFrame:
    """Parsed columns (and a ``bad`` flag) for distinct birth-date strings."""
    text = _strip_blank(text)
    present = text.notna()
    str_text = text.fillna("").astype(str)
    well_formed = str_text.str.fullmatch(_DATE_RE)
    full = present & (str_text.str.len() == 10)
    estimate = full & str_text.str.endswith("-01-01")
    parsed = pd.to_datetime(text.where(full), format="%Y-%m-%d", errors="coerce")
    bad = present & (~well_formed | (full & parsed.isna()))
    year = pd.to_numeric(str_text.str.slice(0, 4).where(present & ~bad), errors="coerce")
    parsed = parsed.where(~estimate & ~bad)
    return pd.DataFrame(
        {
            "birth_date_full": text.where(full & ~estimate & ~bad, None),
            "birth_year": year.astype("Int64"),
            "birth_month": parsed.dt.month.astype("Int64"),
            "birth_day": parsed.dt.day.astype("Int64"),
            "bad": bad,
            "text": text,
        }
    )


def parse_birth_dates(record_id: pd.Series, birth_date: pd.Series) -> pd.DataFrame:
    """Parse ISO dates or year-only estimates; raise naming the first bad row.

    1 January is the usual stand-in for an estimated age, so YYYY-01-01 counts as year-only.
    """
    table = _by_unique(birth_date, _birth_date_table)
    bad = table["bad"].to_numpy(bool)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DedupeInputError(
            f"bad birth_date {table['text'].iloc[i]!r} in row {i + 1} (record_id "
            f"{record_id.iloc[i]!r}); expected YYYY-MM-DD, YYYY or empty"
        )
    return table.drop(columns=["bad", "text"])


def parse_registration_days(record_id: pd.Series, registered: pd.Series) -> pd.Series:
    """Registration dates as day numbers (duplicates are registered close in time)."""
    text = _clean_strings(registered)
    days = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = text.notna() & days.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DedupeInputError(
            f"bad registration_date {text.iloc[i]!r} in row {i + 1} (record_id "
            f"{record_id.iloc[i]!r}); expected YYYY-MM-DD or empty"
        )
    epoch = pd.Timestamp("1970-01-01")
    return ((days - epoch).dt.days).astype("Int64")


def _name_parts(folded: str, key: Callable[[str], str]) -> tuple[str, str, str]:
    """Key of the whole name, of its first and of its last part."""
    parts = folded.split(" ")
    return key(folded), key(parts[0]), key(parts[-1])


def _name_table(
    values: pd.Series, prefix: str, key_of: Callable[[str], str] = transliteration_key
) -> pd.DataFrame:
    """Derived columns for distinct folded values of one name field.

    The metaphone always comes from the transliteration key, so that blocking on it meets
    a registration of the same spelling whatever its recorded citizenship."""
    parts = [_name_parts(v, key_of) for v in values]
    key = [p[0] for p in parts]
    present = [bool(v) for v in values]

    def col(items: list[Any]) -> list[Any]:
        return [x if ok else None for x, ok in zip(items, present, strict=True)]

    return pd.DataFrame(
        {
            f"{prefix}_std": col(list(values)),
            f"{prefix}_key": col(key),
            f"{prefix}_mp": col([phonetic_key(transliteration_key(v)) for v in values]),
            f"{prefix}_sk": col(
                [sk if len(sk) >= 3 else None for sk in map(consonant_skeleton, key)]
            ),
            f"{prefix}_initial": col([written_initial(v) for v in values]),
            f"{prefix}_is_initial": pd.array(col([int(len(v) == 1) for v in values]), dtype="Int8"),
            f"{prefix}_first": col([p[1] for p in parts]),
            f"{prefix}_last": col([p[2] for p in parts]),
        }
    )


_KEYED = ("key", "sk", "first", "last")
# Citizenships whose naming custom needs its own key.
KEY_BY_CITIZENSHIP: dict[str, Callable[[str], str]] = {
    **dict.fromkeys(CHINESE_CITIZENSHIPS, chinese_key),
    **dict.fromkeys(THAI_CITIZENSHIPS, thai_key),
    **dict.fromkeys(ARABIC_SCRIPT_CITIZENSHIPS, arabic_key),
    **dict.fromkeys(VIETNAMESE_CITIZENSHIPS, vietnamese_key),
    **dict.fromkeys(GEEZ_SCRIPT_CITIZENSHIPS, tigrinya_key),
}


# Citizenships whose custom for family names needs its own key (family names only).
FAMILY_KEY_BY_CITIZENSHIP: dict[str, Callable[[str], str]] = {
    **dict.fromkeys(LAST_FAMILY_NAME_CITIZENSHIPS, last_family_name_key),
    **dict.fromkeys(FIRST_FAMILY_NAME_CITIZENSHIPS, first_family_name_key),
}


def _name_columns(values: pd.Series, prefix: str, custom: pd.Series) -> pd.DataFrame:
    """Derived columns for one name field, computed once per distinct value; the keys of
    names whose naming custom (a citizenship, see ``naming_custom``) has its own
    (``KEY_BY_CITIZENSHIP``, and for family names ``FAMILY_KEY_BY_CITIZENSHIP``) by it."""
    out = _by_unique(values, lambda u: _name_table(u, prefix))
    keyed = [f"{prefix}_{c}" for c in _KEYED]
    customs = KEY_BY_CITIZENSHIP | (FAMILY_KEY_BY_CITIZENSHIP if prefix == "family" else {})
    for country in set(custom.dropna()) & set(customs):
        rows = custom == country
        table = functools.partial(_name_table, prefix=prefix, key_of=customs[country])
        out.loc[rows, keyed] = _by_unique(values[rows], table)[keyed]
    return out


def _citizenship(df: pd.DataFrame) -> pd.Series:
    if "citizenship" not in df.columns:
        return pd.Series(None, index=df.index, dtype=object)
    return _clean_strings(df["citizenship"]).str.upper()


def prepare_records(
    df: pd.DataFrame,
    *,
    required: Sequence[str] = REQUIRED_COLUMNS,
    extra_columns: Sequence[str] = (),
) -> pd.DataFrame:
    """Validate registrations and derive the columns the linkage model compares."""
    check_columns(df, [*required, *extra_columns])
    df = df.reset_index(drop=True)
    record_id = df["record_id"].astype("string")
    if record_id.isna().any():
        raise DedupeInputError(f"empty record_id in row {int(record_id.isna().argmax()) + 1}")
    dup = record_id.duplicated()
    if dup.any():
        raise DedupeInputError(f"duplicate record_id {record_id[dup].iloc[0]!r}")
    fold_map: dict[object, str] = {}
    for col in ("given_name", "family_name"):
        for u in pd.unique(df[col]):
            if u not in fold_map:
                fold_map[u] = fold_name(u)
    given = df["given_name"].map(fold_map).astype(object)
    family = df["family_name"].map(fold_map).astype(object)
    pairs = [split_initial_in_family(g, f) for g, f in zip(given, family, strict=True)]
    given = pd.Series([p[0] for p in pairs], dtype=object)
    family = pd.Series([p[1] for p in pairs], dtype=object)
    citizenship = _citizenship(df)
    customs = set(KEY_BY_CITIZENSHIP) | set(FAMILY_KEY_BY_CITIZENSHIP)
    custom = naming_customs(citizenship, df["given_name"], df["family_name"], family, customs)
    out = pd.concat(
        [
            pd.DataFrame({"unique_id": record_id}),
            _name_columns(given, "given", custom),
            _name_columns(family, "family", custom),
            parse_birth_dates(record_id, df["birth_date"]),
        ],
        axis=1,
    )
    out = pd.concat([out, key_bands(out, BANDED_KEYS)], axis=1)
    if "sex" in df.columns:
        sex = _clean_strings(df["sex"]).str.lower()
        out["sex"] = sex.map(_SEX).astype(object).where(sex.notna(), None)
    if "citizenship" in df.columns:
        out["citizenship"] = citizenship
    if "source" in df.columns:
        out["source"] = _clean_strings(df["source"])
    if "reporting_country" in df.columns:
        out["reporting_country"] = _clean_strings(df["reporting_country"]).str.upper()
    if "registration_date" in df.columns:
        out["registration_day"] = parse_registration_days(record_id, df["registration_date"])
    if "identity_number" in df.columns:
        out["document"] = _own_documents(_by_unique(df["identity_number"], _document_numbers))
    for col in extra_columns:
        out[col] = _clean_strings(df[col]).str.lower()
    return out


def _document_numbers(values: pd.Series) -> pd.Series:
    """Document numbers as letters and digits only, in capitals ("ab 123-45" -> "AB12345"):
    clerks copy the spaces, dashes and case of a passport number differently. What cannot
    be a number (fewer than five characters, no digit, one character repeated: "N/A", "000000")
    counts as missing."""
    cleaned = [re.sub(r"[^0-9A-Z]", "", v.upper()) if isinstance(v, str) else "" for v in values]
    return pd.Series([c if _could_be_number(c) else None for c in cleaned], index=values.index,
                     dtype=object)  # fmt: skip


def _could_be_number(text: str) -> bool:
    return len(text) >= 5 and any(c.isdigit() for c in text) and len(set(text)) > 1


# One person rarely has more registrations than this; a number more of them carry is a
# placeholder or an organisation's own reference, not a person's document.
MAX_REGISTRATIONS_PER_DOCUMENT = 8


def _own_documents(numbers: pd.Series) -> pd.Series:
    """Numbers, with those too many registrations share set to missing."""
    shared = numbers.map(numbers.value_counts()) > MAX_REGISTRATIONS_PER_DOCUMENT
    return numbers.where(~shared, None).astype(object)
