"""Sign-in, lockout, sessions, CSRF and API tokens over HTTP."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from tests import factories as f
from thb.db import utcnow
from thb.security import service
from thb.web.app import create_app


@pytest.fixture
def client(settings, factory):
    with factory.begin() as session:
        org = f.org(session, "Auth NGO")
        f.user(session, "ana", "frontline", org)
    return TestClient(create_app(settings, factory))


def _login(client: TestClient, password: str = f.PASSWORD):
    return client.post(
        "/login", data={"username": "ana", "password": password}, follow_redirects=False
    )


def test_sign_in_sets_a_session_and_shows_cases(client) -> None:
    response = _login(client)
    assert response.status_code == 303 and "thb_session" in response.cookies
    page = client.get("/cases")
    assert page.status_code == 200 and "Cases" in page.text


def test_lockout_after_repeated_failures(client) -> None:
    for _ in range(3):  # settings fixture: lockout after 3
        assert _login(client, "wrong password!").status_code == 401
    locked = _login(client)
    assert locked.status_code == 401 and "locked" in locked.text


def test_unauthenticated_api_gets_problem_json(client) -> None:
    response = client.get("/api/v1/persons")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    page = client.get("/cases", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_forms_and_cookie_api_calls_need_the_csrf_token(client) -> None:
    _login(client)
    assert client.post("/logout", data={"csrf_token": "nope"}).status_code == 403
    body = {"registration_date": "2024-01-02", "gender": "Feminine"}
    assert client.post("/api/v1/persons", json=body).status_code == 403
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/cases").text).group(1)
    assert (
        client.post("/api/v1/persons", json=body, headers={"X-CSRF-Token": token}).status_code
        == 201
    )
    assert (
        client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/api/v1/persons").status_code == 401


def test_sessions_expire(factory) -> None:
    with factory.begin() as session:
        user = f.user(session, "eve", "frontline", f.org(session, "Expire NGO"))
        new = service.start_session(session=session, user=user, minutes=30)
    with factory() as session:
        assert service.resolve_session(session=session, cookie_value=new.cookie_value)
        later = utcnow() + timedelta(minutes=31)
        assert (
            service.resolve_session(session=session, cookie_value=new.cookie_value, now=later)
            is None
        )


def test_bearer_tokens(client) -> None:
    bad = client.post("/api/v1/auth/token", json={"username": "ana", "password": "nope-nope-nope"})
    assert bad.status_code == 401
    token = client.post(
        "/api/v1/auth/token", json={"username": "ana", "password": f.PASSWORD}
    ).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert client.get("/api/v1/persons", headers=headers).status_code == 200
    assert (
        client.get("/api/v1/persons", headers={"Authorization": "Bearer thb_forged"}).status_code
        == 401
    )


def test_security_headers_on_pages_and_api(client) -> None:
    for path in ("/login", "/api/v1/persons"):
        headers = client.get(path).headers
        assert headers["cache-control"] == "no-store"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
