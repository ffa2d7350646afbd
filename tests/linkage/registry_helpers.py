"""Builders shared by the registry-linkage tests: a synthetic Romanian registry and its users."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests import factories as f
from thb.registry.models import Person
from thb.security.models import Organisation
from thb.security.roles import Actor
from thb.security.service import actor_of
from thb.synth import generate
from thb.synth.load import load

PERSONS, SEED = 300, 3


@dataclass(frozen=True)
class Registry:
    """Person ids in load order, their true person keys, and the national users."""

    person_ids: list[int]
    truth: pd.DataFrame  # record_id (person id as str), true_person_id
    coordinator: Actor
    statistician: Actor
    frontline: Actor


def load_registry(session: Session) -> Registry:
    """Load the synthetic registry; users: coord, stat (focal point) and ngo (frontline)."""
    reg = generate(PERSONS, SEED, countries=["RO"])
    load(session, reg)
    ids = list(session.scalars(select(Person.id).order_by(Person.id)))
    truth = pd.DataFrame(
        {"record_id": [str(i) for i in ids], "true_person_id": reg.registrations["person_key"]}
    )
    orgs = {o.org_type: o for o in session.scalars(select(Organisation))}
    focal = orgs["CentralGovernmentOrganisation"]
    ngo = session.scalar(select(Organisation).where(Organisation.org_type == "NGO").limit(1))
    users = [f.user(session, name, role, org) for name, role, org in
             (("coord", "coordinator", focal), ("stat", "statistician", focal),
              ("ngo", "frontline", ngo))]  # fmt: skip
    coordinator, statistician, frontline = (actor_of(u) for u in users)
    return Registry(ids, truth, coordinator, statistician, frontline)
