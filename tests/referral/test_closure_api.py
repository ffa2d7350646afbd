"""Case closure: coded reason, a supervisor other than the requester, never 'proceedings ended'."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests import factories as f
from thb.security import service
from thb.web.app import create_app


@pytest.fixture
def ngo(settings, factory):
    tokens = {}
    with factory.begin() as session:
        org = f.org(session, "NGO")
        for name, supervisor in (("worker", False), ("boss", True)):
            user = f.user(session, name, "frontline", org)
            user.is_supervisor = supervisor
            tokens[name] = {
                "Authorization": "Bearer "
                + service.create_api_token(session=session, user=user, name="t")
            }
        pid = f.victim(session, service.actor_of(user))
    return TestClient(create_app(settings, factory)), tokens, pid


def test_closure_needs_a_coded_reason_and_another_supervisor(ngo) -> None:
    client, tokens, pid = ngo
    url = f"/api/v1/persons/{pid}/closure"
    bad = client.post(url, json={"reason": "trial ended"}, headers=tokens["worker"])
    assert bad.status_code == 422 and "R19" in bad.text
    sneaky = client.post(url, json={"reason": "support_plan_completed", "note": "the verdict was given"},
                         headers=tokens["worker"])  # fmt: skip
    assert sneaky.status_code == 422
    assert (
        client.post(
            url, json={"reason": "support_plan_completed"}, headers=tokens["worker"]
        ).status_code
        == 201
    )
    assert (
        client.post(f"{url}/approve", headers=tokens["worker"]).status_code == 422
    )  # not a supervisor
    approved = client.post(f"{url}/approve", headers=tokens["boss"])
    assert approved.status_code == 200 and approved.json()["approved_at"]
    assert client.post(f"{url}/approve", headers=tokens["boss"]).status_code == 409


def test_a_supervisor_cannot_approve_their_own_request(ngo) -> None:
    client, tokens, pid = ngo
    url = f"/api/v1/persons/{pid}/closure"
    assert (
        client.post(url, json={"reason": "contact_lost"}, headers=tokens["boss"]).status_code == 201
    )
    own = client.post(f"{url}/approve", headers=tokens["boss"])
    assert own.status_code == 422 and "requester" in own.text
