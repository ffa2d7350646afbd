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


def test_every_interface_string_has_a_danish_translation(tmp_path) -> None:
    """New UI text must be translated before it ships (`make translations-update` lists it)."""
    import subprocess
    import sys
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    pot = tmp_path / "thb.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "N_", "-o", str(pot), "."],
                   cwd=root, check=True, capture_output=True)  # fmt: skip
    wanted = {m.id for m in read_po(pot.open("rb")) if m.id}
    danish = read_po((root / "src/thb/locales/da/LC_MESSAGES/thb.po").open("rb"), locale="da")
    done = {m.id for m in danish if m.id and m.string and not m.fuzzy}
    assert sorted(wanted - done) == []


def test_language_switch_sets_a_cookie(settings, factory) -> None:
    client = TestClient(create_app(settings, factory))
    switched = client.get("/language/da?next=/login", follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/login"
    assert "Log ind" in client.get("/login").text
    offsite = client.get("/language/en?next=//evil.example", follow_redirects=False)
    assert offsite.headers["location"] == "/"
