"""In the browser: a statistician uploads capture histories and sees the estimate and how methods disagree."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.web.conftest import shot, sign_in

pytestmark = pytest.mark.browser

HISTORIES = "A,B,C,count\n1,0,0,120\n0,1,0,95\n0,0,1,60\n1,1,0,30\n1,0,1,12\n0,1,1,10\n1,1,1,4\n"


def test_statistician_estimates_hidden_victims_from_an_upload(server, page, tmp_path: Path) -> None:
    url, logins = server
    sign_in(page, url, logins["statistician.ro"])
    page.get_by_role("link", name="Hidden victims").click()
    csv = tmp_path / "histories.csv"
    csv.write_text(HISTORIES)
    page.get_by_label("Upload a CSV (0/1 list columns and a count column)").check()
    page.get_by_label("CSV file").set_input_files(str(csv))
    page.get_by_label("Bootstrap replicates (0 = none)").fill("50")
    page.get_by_label("Random seed (optional)").fill("3")
    page.get_by_role("button", name="Estimate").click()
    result = page.locator("section[aria-labelledby=result-title]")
    expect(result).to_contain_text("Estimated total")
    expect(result).to_contain_text("331")  # people seen
    expect(page.locator("section[aria-labelledby=sens-title]")).to_contain_text("Methods disagree")
    expect(page.locator("section[aria-labelledby=chart-title] img")).to_be_visible()
    shot(page, "hidden-victims")
