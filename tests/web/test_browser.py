"""In the browser: `thb demo` data, a demo frontline user signs in and sees their organisation's cases.

Drives Debian's Chromium headless with Playwright against a real server; screenshots go to
test-artifacts/screenshots/ (named in the README).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from thb.demo import seed_demo
from thb.registry import models as m
from thb.security.models import User

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(factory, settings, database_url):
    with factory.begin() as session:
        _, logins = seed_demo(session, persons=150, seed=3, countries=("RO", "DK"))
    port = _free_port()
    env = {**os.environ, "THB_DATABASE_URL": database_url, "THB_KEY_FILE": str(settings.key_file)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "thb.cli", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # a loaded 2-core machine starts slowly
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"thb serve did not start (exit code {proc.poll()})")
            time.sleep(0.2)
    yield url, {login.username: login for login in logins}
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def page():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page(viewport={"width": 1024, "height": 768})
        browser.close()


def test_frontline_user_signs_in_and_sees_their_cases(server, page, factory) -> None:
    url, logins = server
    login = logins["frontline.ro"]
    page.goto(f"{url}/cases")
    assert page.url.startswith(f"{url}/login")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "login.png"))
    page.get_by_label("Username").fill(login.username)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert "wrong username or password" in page.locator("[role=alert]").inner_text()
    page.get_by_label("Username").fill(login.username)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}/cases")
    with factory() as session:
        org_id = session.scalar(select(User.organisation_id).where(User.username == "frontline.ro"))
        own = set(
            session.scalars(select(m.Person.case_ref).where(m.Person.organisation_id == org_id))
        )
    shown = set(page.locator("table.list tbody tr td:first-child a").all_inner_texts())
    assert shown and shown <= own  # only their organisation's cases
    assert f"({len(own)})" in page.locator("h1").inner_text()
    page.screenshot(path=str(SHOTS / "cases.png"), full_page=True)
    page.locator("table.list tbody a").first.click()
    page.wait_for_selector("text=Age group at registration")
    assert page.locator("dt", has_text="Name").count() == 1  # identifying view for the holder
    page.screenshot(path=str(SHOTS / "case.png"), full_page=True)


def test_statistician_sees_only_pseudonymous_cases(server, page) -> None:
    url, logins = server
    login = logins["statistician.ro"]
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill(login.username)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}/cases")
    page.locator("table.list tbody a").first.click()
    page.wait_for_selector("text=Pseudonymous view")
    assert page.locator("dt", has_text="Name").count() == 0
