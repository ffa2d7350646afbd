"""POST /estimates: thin JSON route, role-gated, problem+json for bad input."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from thb.estimate import views
from thb.security import deps
from thb.security.roles import Actor
from thb.web import problems


def _client(role: str) -> TestClient:
    app = FastAPI()
    problems.install(app)
    app.include_router(views.router)
    app.dependency_overrides[deps.current_actor] = lambda: Actor(1, role, 1, "RO")
    return TestClient(app)


@pytest.fixture
def client() -> TestClient:
    return _client("statistician")


def test_estimate_from_csv_text(client, mse_dir) -> None:
    csv = (mse_dir / "Western.csv").read_text()
    r = client.post("/estimates", json={"csv": csv, "method": "stepwise"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["estimate"] == pytest.approx(2483.38, abs=0.01)
    assert body["terms"] == ["A:E"]


def test_estimate_from_histories_with_bootstrap(client) -> None:
    histories = [
        {"lists": {"A": 1, "B": 0, "C": 0}, "count": 40},
        {"lists": {"A": 0, "B": 1, "C": 0}, "count": 30},
        {"lists": {"A": 0, "B": 0, "C": 1}, "count": 20},
        {"lists": {"A": 1, "B": 1, "C": 0}, "count": 6},
        {"lists": {"A": 0, "B": 1, "C": 1}, "count": 4},
        {"lists": {"A": 1, "B": 0, "C": 1}, "count": 5},
    ]
    r = client.post("/estimates", json={"histories": histories, "method": "main",
                                        "bootstrap": 20, "seed": 5})  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()["n_observed"] == 105 and r.json()["bca_interval"] is not None


def test_bad_count_is_422_problem_naming_the_field(client) -> None:
    histories = [{"lists": {"A": 1, "B": 0}, "count": 3}, {"lists": {"A": 0, "B": 1}, "count": -2}]
    r = client.post("/estimates", json={"histories": histories})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    err = r.json()["errors"][0]
    assert err["field"] == "histories.count" and err["row"] == 2


def test_unknown_method_is_422(client) -> None:
    r = client.post("/estimates", json={"csv": "A,B,count\n1,0,1\n", "method": "magic"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "method"


def test_both_or_neither_source_is_422(client) -> None:
    assert client.post("/estimates", json={"method": "main"}).status_code == 422


def test_other_roles_are_forbidden() -> None:
    r = _client("frontline").post("/estimates", json={"csv": "A,B,count\n1,0,1\n"})
    assert r.status_code == 403
