"""pseudopeople's sample data: one population seen by several organisations (no download).

The `pseudopeople` package (a test dependency) ships a simulated US population and adds
realistic noise when it draws an organisation's records from it: typos, nicknames,
dates of birth copied from a household member, missing fields. Its decennial census and
Social Security records, linked by the simulant each record came from, are the second
deduplication test after FEBRL: several organisations, and the US names our model was
not tuned on.
"""

from __future__ import annotations

import pandas as pd

SOURCES = ("census", "social_security")


def _iso_dates(text: pd.Series) -> pd.Series:
    """The census writes MM/DD/YYYY, Social Security YYYYMMDD; unreadable dates are empty."""
    text = text.astype("string")
    us = pd.to_datetime(text, format="%m/%d/%Y", errors="coerce")
    compact = pd.to_datetime(text, format="%Y%m%d", errors="coerce")
    return us.fillna(compact).dt.strftime("%Y-%m-%d").fillna("")


def _dedupe_frame(records: pd.DataFrame, source: str) -> pd.DataFrame:
    """One organisation's records as `thb link dedupe` input, with the simulant as truth."""

    def text(column: str) -> pd.Series:
        return records[column].astype("string").fillna("").reset_index(drop=True)

    sex = text("sex").map({"Female": "F", "Male": "M"}).fillna("")
    return pd.DataFrame(
        {
            "record_id": [f"{source}-{i}" for i in range(len(records))],
            "source": source,
            "given_name": text("first_name"),
            "family_name": text("last_name"),
            "birth_date": _iso_dates(records["date_of_birth"]).reset_index(drop=True),
            "sex": sex,
            "true_person_id": text("simulant_id"),
        }
    )


def census_and_social_security(seed: int = 0) -> pd.DataFrame:
    """The 2020 census and Social Security records of the sample population, noised with
    ``seed``; ``true_person_id`` is the simulant."""
    try:
        import pseudopeople
    except ModuleNotFoundError as exc:  # a test dependency, not a runtime one
        raise ModuleNotFoundError("pseudopeople data needs: pip install 'thb[test]'") from exc
    census = pseudopeople.generate_decennial_census(seed=seed, verbose=False)
    ssa = pseudopeople.generate_social_security(seed=seed, verbose=False)
    frames = [_dedupe_frame(census, SOURCES[0]), _dedupe_frame(ssa, SOURCES[1])]
    return pd.concat(frames, ignore_index=True)
