"""The case page: records, alerts and the forms that change the case, through the browser's HTTP."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests import factories as f
from thb.registry import models as m
from thb.security.models import Organisation
from thb.web.app import create_app


def _signed_in(settings, factory, supervisor: bool = False) -> tuple[TestClient, int]:
    with factory.begin() as session:
        org = f.org(session, "Case NGO")
        f.user(session, "ana", "frontline", org)
        pid = f.victim(session, f.actor(session, "frontline", org), citizenships=["NG"])
    client = TestClient(create_app(settings, factory))
    client.post("/login", data={"username": "ana", "password": f.PASSWORD})
    return client, pid


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_record_non_punishment_consent_and_guardian_from_the_case_page(settings, factory) -> None:
    client, pid = _signed_in(settings, factory)
    page = client.get(f"/cases/{pid}").text
    assert "Non-punishment assessment" in page and "Record consent" in page
    token = _csrf(page)
    client.post(f"/cases/{pid}/non-punishment", data={"csrf_token": token, "compelled_offences": "theft, begging",
                                                       "non_punishment_applies": "on"})  # fmt: skip
    client.post(f"/cases/{pid}/consents", data={"csrf_token": token, "purpose": "referral"})
    client.post(
        f"/cases/{pid}/guardians", data={"csrf_token": token, "guardian_name": "G. Ionescu"}
    )
    forged = client.post(
        f"/cases/{pid}/consents", data={"csrf_token": "forged", "purpose": "referral"}
    )
    assert forged.status_code == 403
    with factory() as session:
        assessment = session.scalar(select(m.NonPunishmentAssessment))
        assert (
            assessment.compelled_offences == ["theft", "begging"]
            and assessment.non_punishment_applies
        )
        assert len(list(session.scalars(select(m.Consent)))) == 1
        assert session.scalar(select(m.Guardianship.guardian_name)) == "G. Ionescu"
    page = client.get(f"/cases/{pid}").text
    assert "theft" in page and "G. Ionescu" in page


def test_closure_is_requested_then_approved_by_a_supervisor(settings, factory) -> None:
    client, pid = _signed_in(settings, factory)
    token = _csrf(client.get(f"/cases/{pid}").text)
    client.post(f"/cases/{pid}/closure", data={"csrf_token": token, "reason": "contact_lost"})
    page = client.get(f"/cases/{pid}").text
    assert "waiting for a supervisor" in page and "Approve closure" not in page
    with factory.begin() as session:
        org = session.get(Organisation, session.get(m.Person, pid).organisation_id)
        boss = f.user(session, "boss", "frontline", org)
        boss.is_supervisor = True
    boss_client = TestClient(client.app)
    boss_client.post("/login", data={"username": "boss", "password": f.PASSWORD})
    boss_page = boss_client.get(f"/cases/{pid}").text
    assert "Approve closure" in boss_page
    boss_client.post(f"/cases/{pid}/closure", data={"csrf_token": _csrf(boss_page), "approve": "1"})
    with factory() as session:
        assert session.get(m.Person, pid).registrations[0].closed_on is not None
