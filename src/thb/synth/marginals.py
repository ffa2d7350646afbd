"""The published marginals recomputed from generated frames, over distinct registered persons."""

from __future__ import annotations

import pandas as pd

from thb.codes.countries import EU27
from thb.codes.exploitation import ExploitationAggregate, eurostat_aggregate
from thb.codes.registry import DecisionStage, LegalStatus
from thb.synth.registry import SyntheticRegistry


def _age_years(birth: pd.Series, at: pd.Series) -> pd.Series:
    """Completed years between two date columns."""
    b, a = pd.to_datetime(birth), pd.to_datetime(at)
    before = (a.dt.month < b.dt.month) | ((a.dt.month == b.dt.month) & (a.dt.day < b.dt.day))
    return a.dt.year - b.dt.year - before.astype(int)


def person_table(reg: SyntheticRegistry) -> pd.DataFrame:
    """One row per registered person: sex, child, primary aggregate, EU citizen, identified."""
    persons = reg.persons.set_index("person_key")
    regs = reg.registrations.sort_values(["registration_date", "record_key"])
    first = regs.drop_duplicates("person_key").set_index("person_key")
    expl = reg.exploitation[reg.exploitation["primary"]].set_index("record_key")["form"]
    dec = reg.decisions
    formal = dec[(dec["stage"] == DecisionStage.CONCLUSIVE.value) & dec["formal"]]["record_key"]
    identified_people = set(reg.registrations.set_index("record_key").loc[formal, "person_key"])
    table = pd.DataFrame(index=persons.index)
    table["female"] = persons["sex_stat"] == "F"
    age = _age_years(persons["birth_date"], first.loc[persons.index, "registration_date"])
    table["child"] = age < 18
    agg = first.loc[persons.index, "record_key"].map(expl).map(eurostat_aggregate)
    table["sexual"] = agg == ExploitationAggregate.SEXUAL
    table["labour"] = agg == ExploitationAggregate.LABOUR
    table["eu"] = persons["citizenships"].str.split("|").map(lambda cs: any(c in EU27 for c in cs))
    table["identified"] = table.index.isin(identified_people)
    return table


def marginals(reg: SyntheticRegistry) -> dict[str, float]:
    """Shares as published (female, child, forms, EU, identified, conditionals) and counts."""
    t = person_table(reg)
    proc = reg.proceedings["leg_stat"].value_counts()
    return {
        "registered": float(len(t)),
        "female": float(t["female"].mean()),
        "child": float(t["child"].mean()),
        "sexual": float(t["sexual"].mean()),
        "labour": float(t["labour"].mean()),
        "eu_citizen": float(t["eu"].mean()),
        "identified": float(t["identified"].mean()),
        "female_among_sexual": float(t.loc[t["sexual"], "female"].mean()),
        "girls_among_children": float(t.loc[t["child"], "female"].mean()),
        "sexual_among_children": float(t.loc[t["child"], "sexual"].mean()),
        "eu_among_children": float(t.loc[t["child"], "eu"].mean()),
        "suspects": float(proc.get(LegalStatus.PER_SUSP.value, 0)),
        "prosecutions": float(proc.get(LegalStatus.PER_PRSC.value, 0)),
        "convictions": float(proc.get(LegalStatus.PER_CNV.value, 0)),
    }
