"""Exploitation episodes and trafficking routes, drawn per person and copied to each record."""

from __future__ import annotations

import numpy as np
import pandas as pd

from thb.codes.countries import EU27
from thb.codes.exploitation import ExploitationForm as F
from thb.codes.registry import TraffickingEventType
from thb.synth.simulate import Simulation

# Detailed forms within each Eurostat aggregate (invented mix), index = calibration.FORMS.
DETAIL = (
    ((F.SEXUAL_PROSTITUTION_OF_OTHERS, 0.85), (F.SEXUAL_OTHER, 0.15)),
    ((F.FORCED_LABOUR_SERVICES, 0.78), (F.FORCED_BEGGING, 0.12), (F.SERVITUDE, 0.10)),
    ((F.CRIMINAL_ACTIVITIES, 0.45), (F.FORCED_MARRIAGE, 0.20), (F.OTHER, 0.17),
     (F.SLAVERY_PRACTICES, 0.08), (F.ILLEGAL_ADOPTION, 0.05), (F.ORGAN_REMOVAL, 0.03),
     (F.SURROGACY_EXPLOITATION, 0.02)),
    ((F.UNKNOWN, 1.0),),
)  # fmt: skip
INDUSTRIES = (
    ("A_AgricultureForestryAndFishing", 0.30), ("F_Construction", 0.15),
    ("I_AccommodationAndFoodServiceActivities", 0.15), ("C_Manufacturing", 0.12),
    ("T_ActivitiesOfHouseholdsAsEmployers", 0.12),
    ("G_WholesaleAndRetailTradeRepairOfMotorVehicles", 0.06),
    ("H_TransportationAndStorage", 0.05), ("S_OtherServiceActivities", 0.05),
)  # fmt: skip
SECONDARY_SHARE = 0.10
ONLINE_P = (0.35, 0.05, 0.08, 0.02)  # by aggregate: recruitment or exploitation online
EXPLOITED_AT_HOME = 0.85  # exploited in the reporting country


def _detail(form: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Detailed canonical form for each aggregate index."""
    out = np.empty(len(form), dtype=object)
    for agg, options in enumerate(DETAIL):
        idx = np.flatnonzero(form == agg)
        values = np.array([f.value for f, _ in options], dtype=object)
        out[idx] = values[rng.choice(len(options), len(idx), p=[p for _, p in options])]
    return out


def exploitation_frame(sim: Simulation, rng: np.random.Generator) -> pd.DataFrame:
    """Primary episode (and a secondary one for some) per person, repeated on each record."""
    p = sim.persons
    detail = _detail(p.form, rng)
    industry = np.full(p.n, "", dtype=object)
    names = np.array([i for i, _ in INDUSTRIES], dtype=object)
    labour = np.isin(detail, [F.FORCED_LABOUR_SERVICES.value, F.SERVITUDE.value])
    industry[labour] = names[rng.choice(len(names), labour.sum(), p=[w for _, w in INDUSTRIES])]
    industry[detail == F.SERVITUDE.value] = "T_ActivitiesOfHouseholdsAsEmployers"
    home = np.asarray(p.countries, dtype=object)[p.country]
    where = np.where(rng.random(p.n) < EXPLOITED_AT_HOME, home, _elsewhere(home, rng))
    online = rng.random(p.n) < np.asarray(ONLINE_P)[p.form]
    start = p.first_reg - rng.integers(30, 900, p.n).astype("timedelta64[D]")
    second = rng.random(p.n) < SECONDARY_SHARE
    second_form = _detail((p.form + rng.integers(1, 3, p.n)) % 3, rng)
    person = sim.rec_person
    rec = pd.DataFrame(
        {"record_key": sim.record_ids, "form": detail[person], "industry": industry[person],
         "country": where[person], "online": online[person],
         "start_date": pd.to_datetime(start[person]).date, "primary": True}
    )  # fmt: skip
    sec = np.flatnonzero(second[person])
    extra = pd.DataFrame(
        {"record_key": sim.record_ids[sec], "form": second_form[person[sec]], "industry": "",
         "country": where[person[sec]], "online": False,
         "start_date": pd.to_datetime(start[person[sec]]).date, "primary": False}
    )  # fmt: skip
    return pd.concat([rec, extra], ignore_index=True)


def _elsewhere(home: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Another EU country than home."""
    eu = np.asarray(sorted(EU27), dtype=object)
    pick = eu[rng.integers(0, len(eu), len(home))]
    clash = pick == home
    pick[clash] = np.where(home[clash] == "DE", "AT", "DE")
    return pick


def trafficking_events_frame(
    sim: Simulation, exploitation: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Recruitment (origin), transit for some foreigners, and exploitation, per record."""
    p = sim.persons
    primary = exploitation[exploitation["primary"]].set_index("record_key")
    first_rec = np.unique(sim.rec_person, return_index=True)[1]
    exp_country = primary.loc[sim.record_ids[first_rec], "country"].to_numpy()
    exp_date = (
        pd.to_datetime(primary.loc[sim.record_ids[first_rec], "start_date"])
        .to_numpy()
        .astype("datetime64[D]")
    )
    origin = np.where(p.citizenship == "", exp_country, p.citizenship)
    recruit_date = exp_date - rng.integers(5, 200, p.n).astype("timedelta64[D]")
    transit = (origin != exp_country) & (rng.random(p.n) < 0.3)
    via = _elsewhere(exp_country, rng)
    transit_date = recruit_date + ((exp_date - recruit_date) // 2)
    person = sim.rec_person
    parts = [
        (np.ones(len(person), bool), TraffickingEventType.RECRUITMENT.value, origin, recruit_date),
        (transit[person], TraffickingEventType.TRANSIT.value, via, transit_date),
        (
            np.ones(len(person), bool),
            TraffickingEventType.EXPLOITATION.value,
            exp_country,
            exp_date,
        ),
    ]
    frames = []
    for mask, kind, country, date in parts:
        idx = np.flatnonzero(mask)
        frames.append(pd.DataFrame({"record_key": sim.record_ids[idx], "type": kind,
                                    "country": country[person[idx]],
                                    "date": pd.to_datetime(date[person[idx]]).date}))  # fmt: skip
    return pd.concat(frames, ignore_index=True)
