"""R2 on both databases: no published service can be made conditional on cooperation."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests import factories as f
from thb.directory.models import ServiceOffer
from thb.security import service
from thb.web.app import create_app


@pytest.fixture
def shelter_staff(settings, factory):
    with factory.begin() as session:
        user = f.user(
            session, "staff", "service_provider", f.org(session, "Shelter", org_type="Shelter")
        )
        token = service.create_api_token(session=session, user=user, name="t")
    return TestClient(create_app(settings, factory)), {"Authorization": f"Bearer {token}"}, factory


@pytest.mark.parametrize(
    "description",
    [
        "Only for victims who cooperate with the police",
        "Requires a police report",
        "Available after a witness statement has been given",
        "eu_victim_cooperates = true",
        "Nur bei Kooperation mit den Behörden",
    ],
)
def test_services_conditional_on_cooperation_are_refused(shelter_staff, description) -> None:
    client, headers, factory = shelter_staff
    body = {
        "assistance_type": "PSYCHOLOGICAL",
        "eligibility": ["women"],
        "description": description,
    }
    response = client.post("/api/v1/directory/services", json=body, headers=headers)
    assert response.status_code == 422, response.text
    ok = client.post(
        "/api/v1/directory/services",
        json={**body, "description": "Counselling in RO, EN"},
        headers=headers,
    )
    assert ok.status_code == 201
    sid = ok.json()["id"]
    patched = client.patch(
        f"/api/v1/directory/services/{sid}", json={"description": description}, headers=headers
    )
    assert patched.status_code == 422
    with factory() as session:
        assert session.scalar(select(func.count(ServiceOffer.id))) == 1
