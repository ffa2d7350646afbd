"""The referral mechanism end to end over the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests import factories as f
from thb.directory import schemas as ds
from thb.directory import service as directory
from thb.directory.models import Shelter
from thb.registry import models as rm
from thb.security import service
from thb.security.models import AuditEvent
from thb.web.app import create_app

CHILD = {
    "first_name": "Blessing", "second_name": "Okafor", "birth_year": 2009,
    "gender": "Feminine", "citizenships": ["NG"], "checklist_ids": ["general", "child_trafficking"],
    "observed": [], "record_reasonable_grounds": True, "age_uncertain": True,
}  # fmt: skip


@pytest.fixture
def nrm(settings, factory):
    """An NGO, a shelter organisation with 2 beds, a police unit and focal points in RO and BG."""
    tokens, ids = {}, {}
    with factory.begin() as session:
        ngo, shelter_org = f.org(session, "NGO"), f.org(session, "Shelter Org", org_type="Shelter")
        police = f.org(session, "Police", org_type="LawEnforcement")
        fp_ro = f.org(session, "Focal RO", org_type="CentralGovernmentOrganisation")
        fp_bg = f.org(session, "Focal BG", "BG", org_type="CentralGovernmentOrganisation")
        fp_ro.is_focal_point = fp_bg.is_focal_point = True
        for name, role, org in [("ngo", "frontline", ngo), ("shelter", "service_provider", shelter_org),
                                ("police", "analyst", police), ("coord", "coordinator", fp_ro),
                                ("coord_bg", "coordinator", fp_bg)]:  # fmt: skip
            user = f.user(session, name, role, org)
            tokens[name] = {
                "Authorization": "Bearer "
                + service.create_api_token(session=session, user=user, name="t")
            }
        staff = service.actor_of(
            session.scalar(select(service.User).where(service.User.username == "shelter"))
        )
        shelter = directory.create_shelter(session=session, actor=staff, data=ds.ShelterCreate(
            name="Safe House", beds_total=2, eligibility=["women", "children"]))  # fmt: skip
        ids.update(ngo=ngo.id, shelter_org=shelter_org.id, shelter=shelter.id, police=police.id,
                   fp_ro=fp_ro.id, fp_bg=fp_bg.id)  # fmt: skip
    return TestClient(create_app(settings, factory)), tokens, ids, factory


def _intake(client, tokens, **extra):
    response = client.post("/api/v1/intake", json={**CHILD, **extra}, headers=tokens["ngo"])
    assert response.status_code == 201, response.text
    return response.json()


def test_intake_presumes_a_child_and_starts_the_clocks(nrm) -> None:
    client, tokens, _, _ = nrm
    body = _intake(client, tokens, observed=["child_unaccompanied", "child_commercial_sex"])
    assert body["suggestion"]["reasonable_grounds_suggested"] is True
    assert body["suggestion"]["is_decision"] is False
    assert (
        body["person"]["age_group"] == "CHILD"
        and body["person"]["registration_status"] == "PRESUMED"
    )
    assert body["reflection_period_ends"] is not None  # third-country national
    deadlines = client.get("/api/v1/deadlines", headers=tokens["ngo"]).json()
    guardian = [d for d in deadlines if d["type"] == "appoint_guardian"]
    assert guardian and guardian[0]["alert"] in ("amber", "red", "ok")
    assert any(d["type"] == "reflection_period_ends" for d in deadlines)


def test_intake_rejects_unknown_indicators_and_writes_nothing(nrm) -> None:
    client, tokens, _, factory = nrm
    response = client.post(
        "/api/v1/intake", json={**CHILD, "observed": ["made_up"]}, headers=tokens["ngo"]
    )
    assert response.status_code == 422 and "made_up" in response.text
    with factory() as session:
        assert session.scalar(select(rm.Person.id)) is None


def _consent(client, tokens, pid, **extra):
    body = {"purpose": "referral", "given_on": "2024-01-01", **extra}
    assert (
        client.post(f"/api/v1/persons/{pid}/consents", json=body, headers=tokens["ngo"]).status_code
        == 201
    )


def test_referral_needs_consent_or_an_audited_override(nrm) -> None:
    client, tokens, ids, factory = nrm
    pid = _intake(client, tokens)["person"]["id"]
    ref = {
        "person_id": pid,
        "receiver_org_id": ids["shelter_org"],
        "service_requested": "SAFE_ACCOMMODATION",
    }
    refused = client.post("/api/v1/referrals", json=ref, headers=tokens["ngo"])
    assert refused.status_code == 409 and "consent" in refused.text.lower()
    with factory() as session:  # nothing half-written
        assert session.scalar(select(rm.Person).where(rm.Person.id == pid)) is not None
        from thb.referral.models import Referral

        assert session.scalar(select(Referral.id)) is None
    _consent(client, tokens, pid, recipient_org_id=ids["police"])  # consent for someone else
    assert client.post("/api/v1/referrals", json=ref, headers=tokens["ngo"]).status_code == 409
    _consent(client, tokens, pid, recipient_org_id=ids["shelter_org"])
    sent = client.post("/api/v1/referrals", json=ref, headers=tokens["ngo"])
    assert sent.status_code == 201 and sent.json()["status"] == "sent"


def test_shelter_sees_only_the_minimised_view_and_acceptance_takes_a_bed(nrm) -> None:
    client, tokens, ids, factory = nrm
    pid = _intake(client, tokens, phone="+40 700 000 000", identity_number="X123")["person"]["id"]
    _consent(client, tokens, pid)
    ref = client.post("/api/v1/referrals", headers=tokens["ngo"], json={
        "person_id": pid, "receiver_org_id": ids["shelter_org"], "service_requested": "SAFE_ACCOMMODATION",
        "shelter_id": ids["shelter"]}).json()  # fmt: skip
    shared = client.get(f"/api/v1/referrals/{ref['id']}/shared", headers=tokens["shelter"]).json()
    assert shared["first_name_or_alias"] == "Blessing" and shared["age_group"] == "CHILD"
    assert shared["needs"] == "SAFE_ACCOMMODATION" and shared["urgency"] == "routine"
    for hidden in (
        "full_name",
        "contact",
        "identity_documents",
        "exploitation_forms",
        "date_of_birth",
    ):
        assert hidden not in shared
    assert client.get(f"/api/v1/persons/{pid}", headers=tokens["shelter"]).status_code == 404
    accepted = client.post(
        f"/api/v1/referrals/{ref['id']}/actions",
        json={"action": "accept"},
        headers=tokens["shelter"],
    )
    assert accepted.status_code == 200 and accepted.json()["bed_reservation_id"] is not None
    monitoring = client.get("/api/v1/monitoring", headers=tokens["coord"]).json()
    assert (
        monitoring["assistance"]["assisted"] == 1
        and monitoring["assistance"]["not_cooperating"] == 1
    )
    with factory() as session:
        assert session.get(Shelter, ids["shelter"]).beds_reserved == 1
        events = set(session.scalars(select(AuditEvent.action)))
    assert {"ReferralSent", "ReferralAccepted", "reserve_bed"} <= events
    wrong = client.post(
        f"/api/v1/referrals/{ref['id']}/actions", json={"action": "accept"}, headers=tokens["ngo"]
    )
    assert wrong.status_code == 409


def test_rejection_needs_a_coded_reason(nrm) -> None:
    client, tokens, ids, _ = nrm
    pid = _intake(client, tokens)["person"]["id"]
    _consent(client, tokens, pid)
    ref = client.post("/api/v1/referrals", headers=tokens["ngo"], json={
        "person_id": pid, "receiver_org_id": ids["shelter_org"], "service_requested": "PSYCHOLOGICAL"}).json()  # fmt: skip
    url = f"/api/v1/referrals/{ref['id']}/actions"
    assert client.post(url, json={"action": "reject"}, headers=tokens["shelter"]).status_code == 409
    done = client.post(
        url, json={"action": "reject", "rejection_reason": "no_capacity"}, headers=tokens["shelter"]
    )
    assert done.json()["status"] == "rejected" and done.json()["rejection_reason"] == "no_capacity"


def test_return_referral_blocked_during_reflection_unless_voluntary(nrm) -> None:
    client, tokens, ids, _ = nrm
    pid = _intake(client, tokens)["person"]["id"]
    _consent(client, tokens, pid)
    body = {"person_id": pid, "receiver_org_id": ids["shelter_org"], "reason": "Return"}
    assert client.post("/api/v1/referrals", json=body, headers=tokens["ngo"]).status_code == 409
    ok = client.post(
        "/api/v1/referrals",
        json={**body, "return_voluntary_and_requested": True},
        headers=tokens["ngo"],
    )
    assert ok.status_code == 201


def test_transfer_moves_ownership_on_acceptance(nrm) -> None:
    client, tokens, ids, _ = nrm
    pid = _intake(client, tokens)["person"]["id"]
    _consent(client, tokens, pid)
    ref = client.post("/api/v1/referrals", headers=tokens["ngo"], json={
        "person_id": pid, "receiver_org_id": ids["shelter_org"], "service_requested": "SOCIAL_CARE",
        "is_transfer": True}).json()  # fmt: skip
    client.post(
        f"/api/v1/referrals/{ref['id']}/actions",
        json={"action": "accept"},
        headers=tokens["shelter"],
    )
    assert (
        client.get(f"/api/v1/persons/{pid}", headers=tokens["shelter"]).json()["identifying"]
        is True
    )
    assert client.get(f"/api/v1/persons/{pid}", headers=tokens["ngo"]).status_code == 404


def test_transnational_referral_within_one_installation(nrm) -> None:
    client, tokens, ids, _ = nrm
    coord = tokens["coord"]
    pid = client.post("/api/v1/intake", json=CHILD, headers=coord).json()["person"]["id"]
    assert client.post(f"/api/v1/persons/{pid}/consents", json={"purpose": "referral", "given_on": "2024-01-01"},
                       headers=coord).status_code == 201  # fmt: skip
    body = {"person_id": pid, "receiver_org_id": ids["fp_bg"], "service_requested": "ASSISTED_VOLUNTARY_RETURN",
            "reason": "Return", "return_voluntary_and_requested": True}  # fmt: skip
    from_ngo = {**body}
    assert client.post("/api/v1/referrals", json=from_ngo, headers=tokens["ngo"]).status_code == 404
    sent = client.post("/api/v1/referrals", json=body, headers=coord)
    assert sent.status_code == 201 and sent.json()["scope"] == "transnational"
    accepted = client.post(f"/api/v1/referrals/{sent.json()['id']}/actions", json={"action": "accept"},
                           headers=tokens["coord_bg"])  # fmt: skip
    assert accepted.json()["status"] == "accepted"
    monitoring = client.get("/api/v1/monitoring", headers=coord).json()
    assert monitoring["assistance"] == {
        "assisted": 0,
        "not_cooperating": 0,
        "not_cooperating_share": None,
    }
    assert monitoring["transnational_by_country_pair"] == {"RO→BG": 1}
    assert monitoring["referrals"]["by_status"]["accepted"] == 1
    assert client.get("/api/v1/monitoring", headers=tokens["ngo"]).status_code == 403


def test_unanswered_referrals_expire(nrm, monkeypatch, database_url, settings) -> None:
    from datetime import timedelta

    from typer.testing import CliRunner

    from thb.cli import app
    from thb.db import utcnow
    from thb.referral.service import expire_overdue

    client, tokens, ids, factory = nrm
    pid = _intake(client, tokens)["person"]["id"]
    _consent(client, tokens, pid)
    ref = client.post("/api/v1/referrals", headers=tokens["ngo"], json={
        "person_id": pid, "receiver_org_id": ids["shelter_org"], "service_requested": "MEDICAL",
        "urgency": "emergency"}).json()  # fmt: skip
    with factory.begin() as session:
        assert expire_overdue(session=session, now=utcnow() + timedelta(minutes=30)) == 0
        assert expire_overdue(session=session, now=utcnow() + timedelta(hours=3)) == 1
    assert (
        client.get(f"/api/v1/referrals/{ref['id']}", headers=tokens["ngo"]).json()["status"]
        == "expired"
    )
    monkeypatch.setenv("THB_DATABASE_URL", database_url)
    monkeypatch.setenv("THB_KEY_FILE", str(settings.key_file))
    result = CliRunner().invoke(app, ["referrals", "expire"])
    assert result.exit_code == 0 and "0 referrals expired" in result.output


def test_a_placement_must_fit_the_shelters_eligibility(nrm) -> None:
    client, tokens, ids, _ = nrm
    man = {
        **CHILD,
        "first_name": "Ion",
        "gender": "Masculine",
        "birth_year": 1980,
        "age_uncertain": False,
    }
    pid = _intake(client, tokens, **man)["person"]["id"]
    _consent(client, tokens, pid)
    refused = client.post("/api/v1/referrals", headers=tokens["ngo"], json={
        "person_id": pid, "receiver_org_id": ids["shelter_org"], "service_requested": "SAFE_ACCOMMODATION",
        "shelter_id": ids["shelter"]})  # fmt: skip
    assert refused.status_code == 422
    assert (
        refused.json()["errors"][0]["field"] == "shelter_id"
        and "takes only children, women" in refused.text
    )


def test_law_enforcement_referral_carries_the_non_punishment_assessment(nrm) -> None:
    client, tokens, ids, _ = nrm
    pid = _intake(
        client, tokens, first_name="Mai", citizenships=["VN"], birth_year=1999, age_uncertain=False
    )["person"]["id"]
    _consent(client, tokens, pid)
    body = {"person_id": pid, "receiver_org_id": ids["police"], "reason": "LawEnforcement"}
    refused = client.post("/api/v1/referrals", json=body, headers=tokens["ngo"])
    assert refused.status_code == 409 and "non-punishment" in refused.text
    assessment = {"assessed_on": "2024-02-01", "compelled_offences": ["cannabis cultivation"],
                  "non_punishment_applies": True, "note": "worked under threat in a grow-house"}  # fmt: skip
    assert (
        client.post(
            f"/api/v1/persons/{pid}/non-punishment", json=assessment, headers=tokens["ngo"]
        ).status_code
        == 201
    )
    sent = client.post("/api/v1/referrals", json=body, headers=tokens["ngo"])
    assert sent.status_code == 201 and sent.json()["non_punishment_flag"] is True
    shared = client.get(
        f"/api/v1/referrals/{sent.json()['id']}/shared", headers=tokens["police"]
    ).json()
    assert shared["non_punishment"]["applies"] is True
    assert shared["non_punishment"]["compelled_offences"] == ["cannabis cultivation"]
    assert "grow-house" not in str(shared)  # the caseworker's note stays with the case
