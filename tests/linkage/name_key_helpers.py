"""Shared by the name-key tests: registrations of one person, and whether blocking meets them."""

from __future__ import annotations

import pandas as pd

from thb.linkage.dedupe.blocking import DEFAULT_BLOCKING_RULES, blocking_analysis
from thb.linkage.dedupe.normalise import prepare_records


def registrations(
    given: list[str], family: list[str], birth_date: list[str], citizenship: list[str]
) -> pd.DataFrame:
    """Registrations numbered from 1, one per list position."""
    return pd.DataFrame(
        {
            "record_id": [str(i + 1) for i in range(len(given))],
            "given_name": given,
            "family_name": family,
            "birth_date": birth_date,
            "citizenship": citizenship,
        }
    )


def compared(frame: pd.DataFrame) -> bool:
    """Whether the default blocking rules compare every pair of the frame's registrations,
    taken as one person's."""
    records = prepare_records(frame).assign(true_person_id="p")
    table = blocking_analysis(records, DEFAULT_BLOCKING_RULES, label_column="true_person_id")
    return bool(table["cumulative_true_pair_recall"].iloc[-1] == 1.0)
