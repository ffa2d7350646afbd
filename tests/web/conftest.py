"""A real server with demo data, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from thb.demo import seed_demo

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(factory, settings, database_url, tmp_path):
    """`thb serve` on a free port over a database holding the demo installation."""
    with factory.begin() as session:
        _, logins = seed_demo(session, persons=150, seed=3, countries=("RO", "DK"))
    port = _free_port()
    env = {**os.environ, "THB_DATABASE_URL": database_url, "THB_KEY_FILE": str(settings.key_file)}
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "thb.cli", "serve", "--port", str(port)],
                            env=env, stdout=log, stderr=log)  # fmt: skip
    deadline = time.monotonic() + 60  # a loaded 2-core machine starts slowly
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"thb serve did not start: {(tmp_path / 'server.log').read_text()[-2000:]}"
                )
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}", {login.username: login for login in logins}
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
        page = browser.new_page(viewport={"width": 1100, "height": 800})
        page.set_default_timeout(20_000)
        yield page
        browser.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, url: str, login) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill(login.username)
    page.get_by_label("Password").fill(login.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}/cases")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
