"""The deduplication review page: pairs side by side, three buttons, decisions that stick."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests import factories as f
from tests.linkage.registry_helpers import load_registry
from thb.linkage import service
from thb.linkage.models import LinkagePair, ReviewDecision
from thb.registry.models import Person
from thb.security.models import AuditEvent
from thb.web.app import create_app


def _client(settings, factory, username: str) -> TestClient:
    client = TestClient(create_app(settings, factory))
    signed = client.post("/login", data={"username": username, "password": f.PASSWORD},
                         follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303, signed.text
    return client


def _queued(html: str) -> set[tuple[int, int]]:
    """The pairs the page offers to decide."""
    forms = re.findall(r'class="decide">\s*<input[^>]*>\s*<input type="hidden" name="person_id_a" '
                       r'value="(\d+)">\s*<input type="hidden" name="person_id_b" value="(\d+)">', html)  # fmt: skip
    return {(int(x), int(y)) for x, y in forms}


def _answered(html: str) -> int:
    """The quality check's answered pairs, as its page says."""
    return int(re.search(r"<strong>(\d+) of \d+ sampled pairs answered", html).group(1))


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def linked(factory):
    with factory.begin() as session:
        reg = load_registry(session)
        service.link_registry(session=session, actor=reg.coordinator, country="RO")
    return reg


def test_review_page_shows_pairs_side_by_side_and_records_a_decision(settings, factory, linked):
    client = _client(settings, factory, "coord")
    page = client.get("/linkage/review")
    assert page.status_code == 200
    html = page.text
    for label in ("Match", "Not a match", "Unsure", "Given name", "Family name", "Registered by",
                  "Identity document"):  # fmt: skip
        assert label in html
    assert 'value="match"' in html and 'value="not_a_match"' in html and 'value="unsure"' in html
    assert "<legend>Are these the same person?</legend>" in html
    assert re.search(r"Quality check: 0 of \d+ sampled pairs answered", html)
    assert "differs" in html  # uncertain pairs differ somewhere, and the page marks where
    # ... and says what the model found in each field, and which way it pulled
    assert "Model's reading" in html
    assert re.search(
        r"registered (on the same day|within (\d+ days|a year) of each other|more than (180 days|a year) apart)",
        html,
    )
    assert re.search(r"(strongly for one person|for one person|hardly matters|against)", html)
    a = int(re.search(r'name="person_id_a" value="(\d+)"', html).group(1))
    b = int(re.search(r'name="person_id_b" value="(\d+)"', html).group(1))
    with factory() as session:
        reads = session.scalars(select(AuditEvent).where(AuditEvent.action == "read")).all()
        assert {a, b} <= {int(e.entity_id) for e in reads if e.purpose == "deduplication review"}
    form = {"csrf_token": _csrf(html), "person_id_a": a, "person_id_b": b,
            "decision": "not_a_match"}  # fmt: skip
    assert client.post("/linkage/review", data={**form, "csrf_token": "x"}).status_code == 403
    garbled = client.post("/linkage/review", data={**form, "person_id_a": "x"})
    assert garbled.status_code == 404 and "must exist" in garbled.text
    done = client.post("/linkage/review", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/linkage/review")
    with factory() as session:
        row = session.scalar(select(ReviewDecision))
        assert (row.person_id_a, row.person_id_b, row.decision) == (a, b, "not_a_match")
    after = client.get(done.headers["location"]).text
    assert "Decision saved" in after
    # a slip can be undone from the notice: the pair returns to the queue
    assert 'action="/linkage/review/undo"' in after
    undone = client.post("/linkage/review/undo", data={"csrf_token": _csrf(after),
                         "person_id_a": a, "person_id_b": b}, follow_redirects=False)  # fmt: skip
    assert undone.status_code == 303
    back = client.get(undone.headers["location"]).text
    assert "Decision withdrawn. The pair is back in the queue." in back
    assert (a, b) in _queued(back)
    with factory() as session:
        assert session.scalar(select(ReviewDecision)) is None
        actions = [
            e.action for e in session.scalars(select(AuditEvent)) if e.entity == "review_decision"
        ]
        assert actions == ["decide", "withdraw"]
    client.post("/linkage/review", data=form)  # decided again, for the checks below
    after = client.get(done.headers["location"]).text
    waiting = [
        int(re.search(r"<strong>(\d+) still to decide</strong>", t).group(1)) for t in (html, after)
    ]
    assert waiting[1] == waiting[0] - 1
    assert (a, b) not in _queued(after)


def test_each_pair_says_what_the_run_did_and_what_a_decision_changes(settings, factory, linked):
    with factory.begin() as session:
        run = service.latest_run(session=session, actor=linked.coordinator, country="RO")
        queue = service.review_queue(session=session, actor=linked.coordinator, country="RO",
                                     limit=200)  # fmt: skip
        apart = next(p for p in queue if not p.linked)
        together = next(p for p in queue if p.linked)
        # a pair scored above the threshold that clustering kept apart, and one below it
        # that other records joined
        for pair, p in ((apart, 0.999), (together, 0.3)):
            stored = session.scalar(select(LinkagePair).where(
                LinkagePair.run_id == run.id, LinkagePair.person_id_a == pair.person_id_a,
                LinkagePair.person_id_b == pair.person_id_b))  # fmt: skip
            stored.match_probability = p
    html = _client(settings, factory, "coord").get("/linkage/review").text
    assert "Kept apart: other records of theirs speak against joining them." in html
    assert "Linked through their other records." in html
    assert f"Counted as two persons; “Match” joins their {apart.records_affected} records" in html
    assert f"Counted as one person of {together.records_affected} records" in html


def test_run_button_and_empty_state(settings, factory):
    with factory.begin() as session:
        load_registry(session)
    client = _client(settings, factory, "coord")
    empty = client.get("/linkage/review")
    assert empty.status_code == 200 and "No linkage run yet" in empty.text
    ran = client.post("/linkage/runs", data={"csrf_token": _csrf(empty.text)},
                      follow_redirects=False)  # fmt: skip
    assert ran.status_code == 303
    assert "Linkage run finished" in client.get(ran.headers["location"]).text


def test_only_the_coordinator_reviews(settings, factory, linked):
    for username in ("stat", "ngo"):
        client = _client(settings, factory, username)
        page = client.get("/linkage/review")
        assert page.status_code == 403
        assert "coordinator" in page.text


def _linked_person(factory, reg) -> list[int]:
    """The records of the latest run's largest person (at least two)."""
    with factory() as session:
        run = service.latest_run(session=session, actor=reg.coordinator, country="RO")
        ids = pd.Series(service.identities(session, run))
    largest = ids.value_counts().index[0]
    members = sorted(int(p) for p in ids[ids == largest].index)
    assert len(members) >= 2
    return members


def test_a_person_s_records_side_by_side_and_one_separated(settings, factory, linked):
    members = _linked_person(factory, linked)
    client = _client(settings, factory, "coord")
    page = client.get(f"/linkage/persons/{members[-1]}")
    assert page.status_code == 200
    html = page.text
    with factory() as session:
        refs = [session.get(Person, m).case_ref for m in members]
        reads = session.scalars(select(AuditEvent).where(AuditEvent.action == "read")).all()
    assert all(ref in html for ref in refs)
    assert f"The latest run counts these {len(members)} records as one person" in html
    assert "Identity document" in html
    assert set(members) <= {int(e.entity_id) for e in reads if e.purpose == "deduplication review"}
    form = {"csrf_token": _csrf(html), "record": members[0]}
    assert client.post(f"/linkage/persons/{members[-1]}/separate",
                       data={**form, "csrf_token": "x"}).status_code == 403  # fmt: skip
    done = client.post(f"/linkage/persons/{members[-1]}/separate", data=form,
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    after = client.get(done.headers["location"]).text
    assert "Separated. The next linkage run counts that record as a person of its own." in after
    assert after.count("✘ Not this person") == len(members) - 1  # the separated one has Undo
    with factory() as session:
        rows = session.scalars(select(ReviewDecision)).all()
        assert {(r.person_id_a, r.person_id_b, r.decision) for r in rows} == {
            (min(members[0], m), max(members[0], m), "not_a_match") for m in members[1:]
        }
    # a slip is undone: the record's decisions are withdrawn
    rejoined = client.post(f"/linkage/persons/{members[-1]}/rejoin",
                           data={**form, "csrf_token": _csrf(after)},
                           follow_redirects=False)  # fmt: skip
    assert rejoined.status_code == 303
    again = client.get(rejoined.headers["location"]).text
    assert "Separation withdrawn" in again and again.count("✘ Not this person") == len(members)
    with factory() as session:
        assert session.scalars(select(ReviewDecision)).all() == []
    # separated for good, the next run counts it apart
    client.post(
        f"/linkage/persons/{members[-1]}/separate", data={**form, "csrf_token": _csrf(again)}
    )
    with factory.begin() as session:
        run = service.link_registry(session=session, actor=linked.coordinator, country="RO")
        ids = service.identities(session, run)
    assert all(ids[members[0]] != ids[m] for m in members[1:])


def test_the_review_page_links_a_pair_to_the_records_of_its_persons(settings, factory, linked):
    html = _client(settings, factory, "coord").get("/linkage/review").text
    link = re.search(r'<a href="/linkage/persons/(\d+)">See all (\d+) records</a>', html)
    assert link is not None
    # A pair left apart whose decision would join more than its two records links to each
    # person's records. To have one whatever the synthetic draw, the first pair left apart
    # gets a third record: a reviewer joins one of its records to another record.
    coordinator = linked.coordinator
    with factory.begin() as session:
        queue = service.review_queue(session=session, actor=coordinator, country="RO", limit=200)
        x, y = next((p.person_id_a, p.person_id_b) for p in queue if not p.linked)
        other = next(i for i in linked.person_ids if i not in (x, y))
        service.record_decision(session=session, actor=coordinator, person_id_a=x,
                                person_id_b=other, decision="match")  # fmt: skip
        service.link_registry(session=session, actor=coordinator, country="RO")
    with factory() as session:
        queue = service.review_queue(session=session, actor=coordinator, country="RO", limit=10)
    apart = next(p for p in queue if not p.linked and p.records_affected > 2)
    html = _client(settings, factory, "coord").get("/linkage/review").text
    for person_id, ref in ((apart.person_id_a, apart.left.case_ref),
                           (apart.person_id_b, apart.right.case_ref)):  # fmt: skip
        assert f'<a href="/linkage/persons/{person_id}">{ref}</a>' in html


def test_only_the_coordinator_sees_a_person_s_records(settings, factory, linked):
    members = _linked_person(factory, linked)
    for username in ("stat", "ngo"):
        page = _client(settings, factory, username).get(f"/linkage/persons/{members[0]}")
        assert page.status_code == 403
    assert _client(settings, factory, "coord").get("/linkage/persons/999999").status_code == 404


def test_quality_page_shows_the_estimate_and_takes_answers_on_the_sample(settings, factory, linked):
    client = _client(settings, factory, "coord")
    html = client.get("/linkage/quality").text
    for label in ("Linkage quality", "Links that are right", "Pairs left apart that are one person",
                  "Model expects one person", "Sampled pairs to answer"):  # fmt: skip
        assert label in html
    assert _answered(html) == 0
    offered = _queued(html)
    assert len(offered) == 5
    a, b = sorted(offered)[0]
    form = {"csrf_token": _csrf(html), "person_id_a": a, "person_id_b": b, "decision": "match"}
    done = client.post("/linkage/quality", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/linkage/quality")
    after = client.get(done.headers["location"]).text
    assert "Answer saved" in after and _answered(after) == 1 and (a, b) not in _queued(after)
    assert 'action="/linkage/review/undo"' in after
    undone = client.post("/linkage/review/undo", data={**form, "back": "/linkage/quality"},
                         follow_redirects=False)  # fmt: skip
    assert undone.headers["location"] == "/linkage/quality?done=withdrawn"
    again = client.get(undone.headers["location"]).text
    assert "Answer withdrawn" in again and (a, b) in _queued(again) and _answered(again) == 0
    # Sure links answered "not a match": the page marks the model as off there
    assert "the model is off here" not in again
    with factory.begin() as session:
        sure = session.scalars(select(LinkagePair).where(LinkagePair.stratum == 0)).all()
        assert all(p.match_probability >= 0.99 for p in sure)
        for p in sure:
            service.record_decision(session=session, actor=linked.coordinator, decision="not_a_match",
                                    person_id_a=p.person_id_a, person_id_b=p.person_id_b)  # fmt: skip
    marked = client.get("/linkage/quality").text
    assert "the model is off here" in marked and "over- or under-confident" in marked
    # A statistician reads the estimate, not the pairs; Danish is there too.
    stat = _client(settings, factory, "stat")
    seen = stat.get("/linkage/quality").text
    assert "Links that are right" in seen and not _queued(seen)
    assert "national coordinator answers" in seen
    stat.get("/language/da?next=/linkage/quality")
    assert "Koblingens kvalitet" in stat.get("/linkage/quality").text


def _sampled(html: str) -> int:
    return int(re.search(r"<strong>\d+ of (\d+) sampled pairs answered", html).group(1))


def test_the_coordinator_asks_for_more_sampled_pairs(settings, factory, linked):
    client = _client(settings, factory, "coord")
    html = client.get("/linkage/quality").text
    assert 'action="/linkage/quality/more"' in html and "Answer more pairs" in html
    refused = client.post("/linkage/quality/more", data={}, follow_redirects=False)
    unchanged = client.get("/linkage/quality").text
    assert refused.status_code == 403 and _sampled(unchanged) == _sampled(html)
    done = client.post("/linkage/quality/more", data={"csrf_token": _csrf(html)},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == "/linkage/quality?done=widened"
    after = client.get(done.headers["location"]).text
    assert "More pairs drawn" in after and _sampled(after) > _sampled(html)
    # A statistician reads the estimate but neither answers nor draws.
    stat = _client(settings, factory, "stat")
    seen = stat.get("/linkage/quality").text
    assert "Answer more pairs" not in seen and _sampled(seen) == _sampled(after)
    assert stat.post("/linkage/quality/more", data={"csrf_token": _csrf(seen)}).status_code == 403
