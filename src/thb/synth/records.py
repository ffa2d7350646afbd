"""`registration_records`: the flat, noisy registrations the linkage domain deduplicates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from thb.synth.simulate import Simulation, simulate

RECORD_COLUMNS = (
    "record_id", "source", "given_name", "family_name", "birth_date", "sex", "citizenship",
    "identity_number", "reporting_country", "true_person_id", "registration_date",
)  # fmt: skip


def records_frame(sim: Simulation) -> pd.DataFrame:
    """The record-level columns of a simulation as a DataFrame (one citizenship per record)."""
    cit = sim.citizenship
    single = np.array([c.split("|")[0] for c in cit], dtype=object) if _any_pipe(cit) else cit
    return pd.DataFrame(
        {
            "record_id": sim.record_ids,
            "source": sim.rec_org,
            "given_name": sim.given_name,
            "family_name": sim.family_name,
            "birth_date": sim.birth_date,
            "sex": sim.sex,
            "citizenship": single,
            "identity_number": sim.identity_number,
            "reporting_country": sim.rec_country,
            "true_person_id": sim.person_ids[sim.rec_person],
            "registration_date": np.datetime_as_string(sim.rec_date, unit="D").astype(object),
        },
        columns=list(RECORD_COLUMNS),
    )


def _any_pipe(values: np.ndarray) -> bool:
    return bool(pd.Series(values).str.contains("|", regex=False).any())


def registration_records(
    persons: int,
    seed: int,
    countries: list[str] | None = None,
    years: tuple[int, int] = (2017, 2018),
) -> pd.DataFrame:
    """Noisy registrations of `persons` distinct registered persons, with the truth for scoring."""
    return records_frame(simulate(persons, seed, countries, years))
