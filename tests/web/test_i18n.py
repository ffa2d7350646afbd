"""Interface text goes through gettext: English by default, Danish shipped."""

from __future__ import annotations

from fastapi.testclient import TestClient

from thb.web.app import create_app


def test_login_page_in_english_and_danish(settings, factory) -> None:
    client = TestClient(create_app(settings, factory))
    assert "Sign in" in client.get("/login").text
    danish = client.get("/login", headers={"Accept-Language": "da-DK,da;q=0.9"}).text
    assert "Log ind" in danish and "Brugernavn" in danish and 'lang="da"' in danish
    client.cookies.set("lang", "en")
    assert "Sign in" in client.get("/login", headers={"Accept-Language": "da"}).text
