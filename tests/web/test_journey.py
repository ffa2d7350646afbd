"""The whole referral journey in the browser, as the professionals would walk it.

A frontline worker screens and registers a presumed child victim from a third country; a guardian
alert appears; she records consent and refers the child to a shelter; the shelter accepts and a bed
is taken; the coordinator sees the referral and the reflection-period deadline; a transnational
referral goes to Denmark's focal point, which accepts it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import shot, sign_in, sign_out

pytestmark = pytest.mark.browser


def _choose(page, label: str, text: str) -> None:
    """Select the option whose visible text contains `text`."""
    select = page.get_by_label(label)
    value = select.locator("option", has_text=text).first.get_attribute("value")
    select.select_option(value)


def _register_child(page, url: str) -> str:
    page.goto(f"{url}/intake")
    page.get_by_label("Child trafficking").check()
    page.get_by_role("button", name="Show indicators").click()
    page.get_by_label("The child is without parents or a legal guardian.").check()
    expect(page.locator("#suggestion")).to_contain_text("suggest reasonable grounds")  # htmx, live
    page.get_by_label("The child is involved in commercial sexual activity.").check()
    shot(page, "intake")
    page.get_by_label("First name").fill("Blessing")
    page.get_by_label("Family name").fill("Okafor")
    page.get_by_label("or estimated birth year").fill("2010")
    page.get_by_label("Citizenship (ISO codes, comma-separated)").fill("NG")
    page.get_by_label("Gender").select_option("Feminine")
    page.get_by_label("Age uncertain and may be a child").check()
    page.get_by_label("Unaccompanied child").check()
    page.get_by_label("I record reasonable grounds").check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(r".*/cases/\d+\?registered=1"))
    return page.url.split("/cases/")[1].split("?")[0]


def test_referral_journey(server, page) -> None:
    url, logins = server
    sign_in(page, url, logins["frontline.ro"])
    person_id = _register_child(page, url)
    alerts = page.locator(".alerts")
    expect(alerts).to_contain_text("Appoint a guardian")
    expect(alerts).to_contain_text("Reflection and recovery period ends")
    expect(page.locator("dd", has_text="child")).to_be_visible()
    shot(page, "case-alerts")

    page.get_by_label("Purpose").select_option("referral")
    page.get_by_role("button", name="Record consent").click()
    page.get_by_role("link", name="Refer", exact=True).click()
    _choose(page, "Refer to", "Romania Safe House Shelter")
    page.get_by_label("Service requested").select_option("SAFE_ACCOMMODATION")
    _choose(page, "Shelter (for a placement)", "Safe House Romania")
    shot(page, "refer")
    page.get_by_role("button", name="Send referral").click()
    page.wait_for_url(f"{url}/referrals?box=outbox")
    expect(page.locator("article.referral").first).to_contain_text("sent")
    sign_out(page)

    sign_in(page, url, logins["serviceprovider.ro"])
    page.goto(f"{url}/referrals?box=inbox")
    card = page.locator("article.referral").first
    expect(card).to_contain_text("Blessing")  # the minimised view: first name, age group, needs
    expect(card).not_to_contain_text("Okafor")
    shot(page, "referral-inbox")
    card.get_by_role("button", name="Accept").click()
    expect(page.locator("article.referral").first).to_contain_text("accepted")
    page.goto(f"{url}/directory/shelters")
    row = page.locator("tr", has_text="Safe House Romania")
    expect(row).to_contain_text("11")  # 12 beds, one taken
    shot(page, "shelter-board")
    sign_out(page)

    sign_in(page, url, logins["coordinator.ro"])
    page.goto(f"{url}/monitoring")
    expect(page.locator("body")).to_contain_text("accepted")
    expect(page.locator("table.deadlines")).to_contain_text("Reflection and recovery period ends")
    expect(page.locator(f"table.deadlines a[href='/cases/{person_id}']").first).to_be_visible()
    shot(page, "monitoring")

    # The focal point refers its own case abroad: Denmark's focal point accepts it.
    page.goto(f"{url}/intake")
    page.get_by_label("First name").fill("Ioana")
    page.get_by_label("Family name").fill("Marin")
    page.get_by_label("Birth date").fill("1996-02-11")
    page.get_by_label("Citizenship (ISO codes, comma-separated)").fill("RO")
    page.get_by_label("I record reasonable grounds").check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(r".*/cases/\d+\?registered=1"))
    page.get_by_label("Purpose").select_option("referral")
    page.get_by_role("button", name="Record consent").click()
    page.get_by_role("link", name="Refer", exact=True).click()
    _choose(page, "Refer to", "Denmark National Anti-Trafficking Coordinator")
    page.get_by_label("Service requested").select_option("REINTEGRATION")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator("article.referral").first).to_contain_text("transnational")
    sign_out(page)

    sign_in(page, url, logins["coordinator.dk"])
    page.goto(f"{url}/referrals?box=inbox")
    card = page.locator("article.referral", has_text="transnational").first
    card.get_by_role("button", name="Accept").click()
    expect(page.locator("article.referral", has_text="transnational").first).to_contain_text(
        "accepted"
    )
    shot(page, "transnational-inbox")
