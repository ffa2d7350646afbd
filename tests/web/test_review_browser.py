"""In the browser: the national coordinator runs linkage and decides uncertain pairs from the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import shot, sign_in

pytestmark = pytest.mark.browser


def test_coordinator_reviews_uncertain_pairs(server, page) -> None:
    url, logins = server
    sign_in(page, url, logins["coordinator.ro"])
    page.get_by_role("link", name="Duplicates").click()
    page.get_by_role("button", name="Run linkage now").click()
    expect(page.locator("body")).to_contain_text("Linkage run finished", timeout=120_000)
    pairs = page.locator("h2[id^=pair-]")
    assert pairs.count() > 0  # the demo registry has the same people registered several times
    first = pairs.first.inner_text()
    # each field says what the model found there and which way it pulled the score
    table = page.locator("section.pair").first.locator("table")
    expect(table.get_by_role("columnheader", name="Model's reading")).to_be_visible()
    expect(table.locator("td.reading").first).to_contain_text(
        re.compile("for one person|hardly matters|against")
    )
    # and what a decision would do to the count
    expect(page.locator("section.pair p.effect").first).to_contain_text(
        re.compile(r"Counted as (one person of \d+ records|two persons)")
    )
    shot(page, "duplicates-review")
    page.get_by_role("button", name="Not a match").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("Decision saved")
    expect(page.locator("h2[id^=pair-]").first).not_to_have_text(first)
    # a slip is undone from the notice, and the pair comes back first
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text("Decision withdrawn")
    expect(page.locator("h2[id^=pair-]").first).to_have_text(first)
    page.get_by_role("button", name="Not a match").first.click()
    expect(page.locator("body")).to_contain_text("Decision saved")
    # a linked pair opens all the records of its person, where one can be separated (of
    # three: separating one of two leaves nothing to separate)
    page.get_by_role("link", name=re.compile(r"See all ([3-9]|\d\d+) records")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Records of one person")
    buttons = page.get_by_role("button", name=re.compile("Not this person"))
    before = buttons.count()
    assert before >= 2
    shot(page, "duplicates-person")
    buttons.first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Separated")
    expect(page.get_by_role("button", name=re.compile("Not this person"))).to_have_count(before - 1)
    # the quality check: a random sample of the run's pairs, answered the same way
    page.get_by_role("link", name="Linkage quality").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Linkage quality")
    expect(page.locator("table.quality tbody tr").first).to_be_visible()
    answered = page.locator("p strong", has_text="sampled pairs answered").inner_text()
    shot(page, "linkage-quality")
    page.get_by_role("button", name=re.compile(r"^Match: the same person")).first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Answer saved")
    expect(page.locator("p strong", has_text="sampled pairs answered")).not_to_have_text(answered)
    # more pairs for narrower ranges: the answer just given still counts
    counted = page.locator("p strong", has_text="sampled pairs answered").inner_text()
    page.get_by_role("button", name="Answer more pairs").click()
    expect(page.get_by_role("status")).to_contain_text("More pairs drawn")
    wider = page.locator("p strong", has_text="sampled pairs answered").inner_text()
    assert wider.split(" of ")[0] == counted.split(" of ")[0] and wider != counted
