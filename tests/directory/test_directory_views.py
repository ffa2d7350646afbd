"""Directory API and the shelter capacity board over HTTP: scoping, problem+json, CSRF, audit."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests import factories as f
from thb.security import service
from thb.security.models import AuditEvent
from thb.web.app import create_app


@pytest.fixture
def world(settings, factory):
    """A Romanian shelter NGO and a Danish one, police who refer, an admin; a token per user."""
    tokens, people = {}, []
    with factory.begin() as session:
        ro = f.org(session, "Casa Sigura", "RO", "Shelter")
        dk = f.org(session, "Dansk Krisecenter", "DK", "Shelter")
        police = f.org(session, "Politia Iasi", "RO", "LawEnforcement")
        for name, role, org in [("ro_sp", "service_provider", ro), ("dk_sp", "service_provider", dk),
                                ("cop", "frontline", police), ("adm", "admin", police)]:  # fmt: skip
            user = f.user(session, name, role, org)
            token = service.create_api_token(session=session, user=user, name="t")
            tokens[name] = {"Authorization": f"Bearer {token}"}
        cop = service.actor_of(f.user(session, "cop2", "frontline", police))
        people = [f.victim(session, cop) for _ in range(3)]
    return TestClient(create_app(settings, factory)), tokens, people, factory


SHELTER = {"name": "Iasi house", "beds_total": 2, "eligibility": ["women", "children"]}


def test_services_publish_and_search(world) -> None:
    client, t, _, _ = world
    body = {"assistance_type": "LEGAL_COUNSELLING", "eligibility": ["Women"], "languages": ["RO"]}
    created = client.post("/api/v1/directory/services", json=body, headers=t["ro_sp"])
    assert created.status_code == 201, created.text
    assert created.json()["languages"] == ["ro"] and created.json()["country"] == "RO"
    client.post(
        "/api/v1/directory/services",
        json={"assistance_type": "MEDICAL", "eligibility": ["men"], "languages": ["da"]},
        headers=t["dk_sp"],
    )
    found = client.get(
        "/api/v1/directory/services", params={"language": "ro", "eligibility": "women"},
        headers=t["cop"],
    )  # fmt: skip
    assert [r["organisation_name"] for r in found.json()] == ["Casa Sigura"]
    by_type = client.get(
        "/api/v1/directory/services", params={"assistance_type": "MEDICAL"}, headers=t["cop"]
    )
    assert [r["country"] for r in by_type.json()] == ["DK"]
    sid = created.json()["id"]
    other = client.patch(
        f"/api/v1/directory/services/{sid}", json={"active": False}, headers=t["dk_sp"]
    )
    assert other.status_code == 403
    assert other.headers["content-type"].startswith("application/problem+json")
    mine = client.patch(
        f"/api/v1/directory/services/{sid}", json={"description": "Free"}, headers=t["ro_sp"]
    )
    assert mine.json()["description"] == "Free"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"assistance_type": "KARAOKE", "eligibility": ["women"]}, "assistance_type"),
        ({"assistance_type": "MEDICAL", "eligibility": ["elderly"]}, "eligibility"),
        ({"assistance_type": "MEDICAL", "eligibility": []}, "eligibility"),
        ({"assistance_type": "MEDICAL", "eligibility": ["men"], "languages": ["xx1"]}, "languages"),
        ({"assistance_type": "MEDICAL", "eligibility": ["men"], "colour": "red"}, "colour"),
    ],
)
def test_bad_service_input_names_the_field(world, body, field) -> None:
    client, t, _, _ = world
    response = client.post("/api/v1/directory/services", json=body, headers=t["ro_sp"])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith(field)


def test_bad_filter_is_a_problem(world) -> None:
    client, t, _, _ = world
    response = client.get(
        "/api/v1/directory/shelters", params={"eligibility": "pets"}, headers=t["cop"]
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "eligibility"
    assert client.get("/api/v1/directory/shelters").status_code == 401


def test_shelter_capacity_and_reservations(world) -> None:
    client, t, people, factory = world
    made = client.post("/api/v1/directory/shelters", json=SHELTER, headers=t["ro_sp"])
    assert made.status_code == 201 and made.json()["free_beds"] == 2
    sid = made.json()["id"]
    base = f"/api/v1/directory/shelters/{sid}/reservations"
    assert client.post(base, json={"person_id": people[0]}, headers=t["cop"]).status_code == 403
    first = client.post(base, json={"person_id": people[0], "referral_id": 5}, headers=t["ro_sp"])
    assert first.status_code == 201 and first.json()["referral_id"] == 5
    assert client.post(base, json={"person_id": people[1]}, headers=t["ro_sp"]).status_code == 201
    full = client.post(base, json={"person_id": people[2]}, headers=t["ro_sp"])
    assert full.status_code == 409 and full.json()["detail"] == "no free bed in Iasi house"
    listed = client.get("/api/v1/directory/shelters", headers=t["cop"]).json()
    assert [(s["beds_reserved"], s["free_beds"], s["occupancy"]) for s in listed] == [
        (2, 0, "full")
    ]
    assert client.get("/api/v1/directory/shelters", params={"with_free_beds": True},
                      headers=t["cop"]).json() == []  # fmt: skip
    shrink = client.patch(
        f"/api/v1/directory/shelters/{sid}", json={"beds_total": 1}, headers=t["ro_sp"]
    )
    assert shrink.status_code == 409 and "2 beds are reserved" in shrink.json()["detail"]
    grow = client.patch(
        f"/api/v1/directory/shelters/{sid}", json={"beds_total": 5}, headers=t["adm"]
    )
    assert grow.json()["free_beds"] == 3
    held = client.get(base, headers=t["ro_sp"]).json()
    assert len(held) == 2 and client.get(base, headers=t["cop"]).status_code == 403
    rid = first.json()["id"]
    freed = client.delete(f"{base}/{rid}", headers=t["ro_sp"])
    assert freed.status_code == 200 and freed.json()["released_at"] is not None
    assert client.delete(f"{base}/{rid}", headers=t["ro_sp"]).status_code == 404
    assert (
        client.get(f"/api/v1/directory/shelters/{sid}", headers=t["cop"]).json()["beds_reserved"]
        == 1
    )
    with factory() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity.in_(["shelter", "bed_reservation"]))
        ).all()
    assert actions == ["create", "reserve_bed", "reserve_bed", "update", "release_bed"]


def _sign_in(client: TestClient, username: str) -> str:
    response = client.post(
        "/login", data={"username": username, "password": f.PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303
    page = client.get("/directory/shelters")
    assert page.status_code == 200
    return page.text


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_capacity_board_shows_beds_and_lets_providers_change_them(world) -> None:
    client, t, people, _ = world
    sid = client.post("/api/v1/directory/shelters", json=SHELTER, headers=t["ro_sp"]).json()["id"]
    other = {"name": "Copenhagen", "beds_total": 10, "eligibility": ["men"]}
    client.post("/api/v1/directory/shelters", json=other, headers=t["dk_sp"])
    base = f"/api/v1/directory/shelters/{sid}/reservations"
    client.post(base, json={"person_id": people[0]}, headers=t["ro_sp"])
    html = _sign_in(client, "ro_sp")
    assert "Shelter capacity board" in html
    row = re.search(rf'<tr class="nearly_full" id="shelter-{sid}">(.*?)</tr>', html, re.S).group(1)
    assert "<td>2</td>" in row and "<td>1</td>" in row and "Nearly full" in row
    assert f'for="beds-{sid}"' in row and f'id="beds-{sid}"' in row  # labelled input
    assert html.count('class="capacity"') == 1  # only its own shelter is editable
    token = _csrf(html)
    action = f"/directory/shelters/{sid}/capacity"
    assert client.post(action, data={"csrf_token": "x", "beds_total": "9"}).status_code == 403
    done = client.post(
        action, data={"csrf_token": token, "beds_total": "1"}, follow_redirects=False
    )
    assert done.status_code == 303
    html = client.get(done.headers["location"]).text
    assert f'<tr class="full" id="shelter-{sid}">' in html and "Capacity saved." in html
    refused = client.post(action, data={"csrf_token": token, "beds_total": "0"})
    assert refused.status_code == 409 and "1 beds are reserved" in refused.text
    typo = client.post(action, data={"csrf_token": token, "beds_total": "ten"})
    assert typo.status_code == 422 and "whole number" in typo.text
    dk_id = client.get("/api/v1/directory/shelters", params={"country": "DK"},
                       headers=t["cop"]).json()[0]["id"]  # fmt: skip
    foreign = client.post(
        f"/directory/shelters/{dk_id}/capacity", data={"csrf_token": token, "beds_total": "1"}
    )
    assert foreign.status_code == 403


def test_board_is_read_only_for_referrers_and_needs_sign_in(world) -> None:
    client, t, _, _ = world
    client.post("/api/v1/directory/shelters", json=SHELTER, headers=t["ro_sp"])
    anonymous = client.get(
        "/directory/shelters", headers={"accept": "text/html"}, follow_redirects=False
    )
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    html = _sign_in(client, "cop")
    assert "Iasi house" in html and 'class="capacity"' not in html
    assert "Change capacity" not in html
