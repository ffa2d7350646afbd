"""The hidden-victims page: upload or registry histories -> estimate, sensitivity table, chart."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests import factories as f
from tests.linkage.registry_helpers import answer_with_truth, load_registry
from thb.linkage import service
from thb.web.app import create_app

CSV = "A,B,C,count\n1,0,0,100\n0,1,0,80\n0,0,1,60\n1,1,0,20\n1,0,1,15\n0,1,1,12\n1,1,1,5\n"


@pytest.fixture
def client(settings, factory):
    with factory.begin() as session:
        reg = load_registry(session)
        service.link_registry(session=session, actor=reg.statistician, country="RO")
    client = TestClient(create_app(settings, factory))
    return client


def _sign_in(client: TestClient, username: str) -> str:
    signed = client.post("/login", data={"username": username, "password": f.PASSWORD},
                         follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303
    page = client.get("/estimate")
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def _post(client: TestClient, token: str, csv: str | None = None, **fields: str):
    data = {"csrf_token": token, "source": "upload" if csv is not None else "registry", **fields}
    files = {"csv_file": ("histories.csv", (csv or "").encode(), "text/csv")}
    return client.post("/estimate", data=data, files=files)


def test_upload_shows_estimate_intervals_sensitivity_and_chart(client) -> None:
    token = _sign_in(client, "stat")
    page = _post(client, token, CSV, method="stepwise", bootstrap="40", seed="7")
    assert page.status_code == 200, page.text
    html = page.text
    assert "Estimated total" in html and "95% BCa bootstrap interval" in html
    assert "40 replicates, seed 7" in html
    assert "Methods disagree." in html and "latent classes (LCMCR)" in html
    assert "fixed: all pairs" in html and "Minus-infinity terms" in html
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{100,}"', html)
    estimates = re.findall(r'<tr>\s*<th scope="row">[^<]+</th>\s*<td>([\d,]+)</td>', html)
    assert len(set(estimates)) >= 2  # the table shows that methods disagree


def test_registry_histories_feed_the_estimate(client) -> None:
    token = _sign_in(client, "coord")
    page = _post(client, token, None, country="RO", year_from="2017", year_to="2018",
                 method="main")  # fmt: skip
    assert page.status_code == 200, page.text
    assert "LawEnforcement" in page.text and "Estimate (main)" in page.text
    # ... and say which linkage run they rest on, and that its quality is not known yet
    assert "The linkage these lists rest on" in page.text
    assert "Its quality check is not answered yet" in page.text
    assert _post(client, token, CSV, method="main").text.count("these lists rest on") == 0


def test_the_estimate_says_how_good_the_linkage_is_once_its_sample_is_answered(
    settings, factory
) -> None:
    with factory.begin() as session:
        reg = load_registry(session)
        service.link_registry(session=session, actor=reg.statistician, country="RO")
        check = service.quality_check(session=session, actor=reg.coordinator, country="RO",
                                      limit=200)  # fmt: skip
        answer_with_truth(session, reg, check.pairs)
        known = service.quality_estimate(session=session, actor=reg.statistician, country="RO")
    client = TestClient(create_app(settings, factory))
    token = _sign_in(client, "stat")
    page = _post(client, token, None, country="RO", year_from="2017", year_to="2018",
                 method="main")  # fmt: skip
    result = known.estimate
    assert result.answered == result.sampled == len(check.pairs) > 0
    assert f"Its quality check, from {result.answered} answered pairs:" in page.text
    assert f"{100 * result.links_right.value:.1f}% of its links are right" in page.text
    assert f"linkage run #{known.run.id}" in page.text


def test_bad_input_is_shown_next_to_its_field(client) -> None:
    token = _sign_in(client, "stat")
    fixed = _post(client, token, CSV, method="fixed", terms="")
    assert fixed.status_code == 422
    assert re.search(r'id="terms-error"[^>]*>[^<]*terms', fixed.text)
    broken = _post(client, token, "A,B,count\n1,x,3\n", method="stepwise")
    assert broken.status_code == 422 and 'id="data-error"' in broken.text
    missing = _post(client, token, "", method="stepwise")
    assert missing.status_code == 422 and 'id="csv_file-error"' in missing.text
    years = _post(client, token, None, country="RO", year_from="2018", year_to="2016")
    assert years.status_code == 422 and 'id="year_to-error"' in years.text
    seed = _post(client, token, CSV, method="main", seed="abc")
    assert seed.status_code == 422 and 'id="seed-error"' in seed.text


def test_frontline_users_are_refused(client) -> None:
    client.post("/login", data={"username": "ngo", "password": f.PASSWORD})
    assert client.get("/estimate").status_code == 403
