"""In the browser: `thb demo` data, a demo frontline user signs in and sees their organisation's cases.

Drives Debian's Chromium headless with Playwright against a real server; screenshots go to
test-artifacts/screenshots/ (named in the README).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.web.conftest import shot, sign_in
from thb.registry import models as m
from thb.security.models import User

pytestmark = pytest.mark.browser


def test_frontline_user_signs_in_and_sees_their_cases(server, page, factory) -> None:
    url, logins = server
    login = logins["frontline.ro"]
    page.goto(f"{url}/cases")
    assert page.url.startswith(f"{url}/login")
    shot(page, "login")
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
    shot(page, "cases")
    page.locator("table.list tbody a").first.click()
    page.wait_for_selector("text=Age group at registration")
    assert page.locator("dt", has_text="Name").count() == 1  # identifying view for the holder
    shot(page, "case")


def test_statistician_sees_only_pseudonymous_cases(server, page) -> None:
    url, logins = server
    login = logins["statistician.ro"]
    sign_in(page, url, login)
    page.locator("table.list tbody a").first.click()
    page.wait_for_selector("text=Pseudonymous view")
    assert page.locator("dt", has_text="Name").count() == 0
