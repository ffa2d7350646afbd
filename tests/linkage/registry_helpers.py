"""Builders shared by the registry-linkage tests: a synthetic Romanian registry and its users."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


def answer_with_truth(session: Session, reg: Registry, pairs: Sequence[Any]) -> None:
    """The coordinator answers each pair (person_id_a, person_id_b) as the truth has it."""
    from thb.linkage import service

    truth = dict(zip(reg.person_ids, reg.truth["true_person_id"], strict=True))
    for p in pairs:
        same = truth[p.person_id_a] == truth[p.person_id_b]
        service.record_decision(session=session, actor=reg.coordinator, person_id_a=p.person_id_a,
                                person_id_b=p.person_id_b,
                                decision="match" if same else "not_a_match")  # fmt: skip
