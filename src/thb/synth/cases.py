"""Registry frames built from a simulation: organisations, persons, registrations, decisions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from thb.codes.countries import country_name
from thb.codes.registry import DecisionStage, Gender, NrmRole, OrganisationType
from thb.synth import naming
from thb.synth.simulate import Simulation, ngo_count, org_key

# List -> (organisation type, NRM role, name pattern).
ORG_KINDS = {
    "POLICE": (OrganisationType.LAW_ENFORCEMENT, NrmRole.IDENTIFYING, "{c} National Police"),
    "LABOUR": (
        OrganisationType.LABOUR_INSPECTORATE,
        NrmRole.IDENTIFYING,
        "{c} Labour Inspectorate",
    ),
    "SOCIAL": (
        OrganisationType.LOCAL_GOVERNMENT,
        NrmRole.REFERRING,
        "{c} Municipal Social Services",
    ),
    "HEALTH": (OrganisationType.HEALTH_SERVICE, NrmRole.REFERRING, "{c} Public Health Service"),
    "BORDER": (
        OrganisationType.IMMIGRATION_SERVICE,
        NrmRole.IDENTIFYING,
        "{c} Border and Immigration Service",
    ),
    "FOCAL": (
        OrganisationType.CENTRAL_GOVERNMENT,
        NrmRole.FOCAL_POINT,
        "{c} National Anti-Trafficking Coordinator",
    ),
}
NGO_NAMES = ("Safe Harbour", "Open Door", "New Horizons")
MIGRATION_STATUS = ("RegularMigrant", "IrregularMigrant", "AsylumSeeker", "Refugee")
MIGRATION_P = (0.30, 0.40, 0.22, 0.08)


def organisations(countries: tuple[str, ...]) -> pd.DataFrame:
    """Every registering organisation plus the national focal point, per country."""
    rows = []
    for c in countries:
        name = country_name(c)
        for kind, (otype, role, pattern) in ORG_KINDS.items():
            key = f"{c}-{kind}"
            rows.append((key, pattern.format(c=name), otype.value, c, role.value, kind == "FOCAL"))
        for j in range(1, ngo_count(c) + 1):
            label = f"{NGO_NAMES[j - 1]} Association ({name})"
            rows.append(
                (
                    org_key(c, "NGO", j),
                    label,
                    OrganisationType.NGO.value,
                    c,
                    NrmRole.ASSISTING.value,
                    False,
                )
            )
    cols = ["org_key", "name", "org_type", "country", "nrm_role", "is_focal_point"]
    return pd.DataFrame(rows, columns=cols)


def persons_frame(sim: Simulation) -> pd.DataFrame:
    """True persons: the name as in their documents, real birth date, all citizenships."""
    p = sim.persons
    given, family = naming.true_names(sim.names)
    cit = np.where(p.citizenship2 != "", p.citizenship + "|" + p.citizenship2, p.citizenship)
    return pd.DataFrame(
        {
            "person_key": sim.person_ids,
            "given_name": given,
            "family_name": family,
            "gender": np.where(p.sex == "F", Gender.FEMININE.value, Gender.MASCULINE.value),
            "sex_stat": p.sex,
            "birth_date": pd.to_datetime(p.birth).date,
            "birth_date_estimated": p.birth_estimated,
            "citizenships": cit,
            "stateless": p.citizenship == "",
        }
    )


def registrations_frame(sim: Simulation, rng: np.random.Generator) -> pd.DataFrame:
    """Registrations with the identifying fields exactly as each organisation wrote them."""
    p = sim.persons
    bd = pd.Series(sim.birth_date)
    full = bd.where(bd.str.len() != 4, bd + "-01-01")  # year-only estimates stored as 1 January
    birth = pd.to_datetime(full.replace("", None), errors="coerce", format="%Y-%m-%d").dt.date
    birth = birth.astype(object).where(birth.notna(), None)
    reporting = sim.rec_country
    person = sim.rec_person
    own = (reporting == p.citizenship[person]) | (reporting == p.citizenship2[person])
    eu = p.eu[sim.rec_person]
    status = np.asarray(MIGRATION_STATUS, dtype=object)[rng.choice(4, len(own), p=MIGRATION_P)]
    status = np.where(own, "National", np.where(eu, "EUMobileCitizen", status))
    return pd.DataFrame(
        {
            "record_key": sim.record_ids,
            "person_key": sim.person_ids[sim.rec_person],
            "org_key": sim.rec_org,
            "reporting_country": reporting,
            "registration_date": pd.to_datetime(sim.rec_date).date,
            "given_name": sim.given_name,
            "family_name": sim.family_name,
            "birth_date": birth,
            "birth_date_estimated": sim.birth_estimated,
            "citizenships": sim.citizenship,
            "sex": sim.sex,
            "identity_number": sim.identity_number,
            "migration_status": status,
        }
    )


def first_records(sim: Simulation) -> np.ndarray:
    """Index of each person's earliest record in their main reporting country."""
    p = sim.persons
    home = sim.rec_country == np.asarray(p.countries, dtype=object)[p.country[sim.rec_person]]
    cand = np.flatnonzero(home)
    order = cand[np.lexsort((sim.rec_date[cand], sim.rec_person[cand]))]
    keep = np.ones(len(order), dtype=bool)
    keep[1:] = sim.rec_person[order[1:]] != sim.rec_person[order[:-1]]
    first = np.empty(p.n, dtype=np.int64)
    first[sim.rec_person[order[keep]]] = order[keep]
    return first


def decisions_frame(
    sim: Simulation, years: tuple[int, int], rng: np.random.Generator
) -> pd.DataFrame:
    """Reasonable grounds at each registration; a formal conclusive decision for the identified."""
    rg = pd.DataFrame(
        {
            "record_key": sim.record_ids,
            "stage": DecisionStage.REASONABLE_GROUNDS.value,
            "decision_date": pd.to_datetime(sim.rec_date).date,
            "formal": False,
            "org_key": sim.rec_org,
        }
    )
    ident = np.flatnonzero(sim.persons.identified)
    rec = first_records(sim)[ident]
    end = np.datetime64(f"{years[1]}-12-31")
    date = np.minimum(
        sim.rec_date[rec] + rng.integers(7, 150, len(rec)).astype("timedelta64[D]"), end
    )
    authority = np.where(rng.random(len(rec)) < 0.6, "-POLICE", "-FOCAL").astype(object)
    conclusive = pd.DataFrame(
        {
            "record_key": sim.record_ids[rec],
            "stage": DecisionStage.CONCLUSIVE.value,
            "decision_date": pd.to_datetime(date).date,
            "formal": True,
            "org_key": sim.rec_country[rec] + authority,
        }
    )
    return pd.concat([rg, conclusive], ignore_index=True)
