"""Two THB installations (separate databases, keys and processes) exchange a transnational referral."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests import factories as f
from thb.db import make_engine, make_sessionmaker
from thb.migrations import upgrade
from thb.security import crypto, service
from thb.web.app import create_app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def bulgaria(tmp_path: Path):
    """Installation B: its own SQLite database and key file, served by its own process."""
    db = tmp_path / "bg.db"
    upgrade(f"sqlite:///{db}")
    factory = make_sessionmaker(make_engine(f"sqlite:///{db}"))
    with factory.begin() as session:
        focal = f.org(session, "Focal BG", "BG", org_type="CentralGovernmentOrganisation")
        focal.is_focal_point = True
        user = f.user(session, "coord_bg", "coordinator", focal)
        token = service.create_api_token(session=session, user=user, name="t")
    keys = tmp_path / "bg-keys.json"
    crypto.Keyring.generate().save(keys)
    port = _free_port()
    env = {
        **os.environ,
        "THB_DATABASE_URL": f"sqlite:///{db}",
        "THB_KEY_FILE": str(keys),
        "THB_COUNTRY": "BG",
    }
    proc = subprocess.Popen([sys.executable, "-m", "thb.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=(tmp_path / "bg.log").open("w"))  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{url}/login", timeout=1)
            break
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("installation B did not start")
            time.sleep(0.2)
    client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    yield client
    client.close()
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def romania(settings, factory):
    with factory.begin() as session:
        focal = f.org(session, "Focal RO", org_type="CentralGovernmentOrganisation")
        focal.is_focal_point = True
        user = f.user(session, "coord_ro", "coordinator", focal)
        token = service.create_api_token(session=session, user=user, name="t")
    client = TestClient(create_app(settings, factory))
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def _deliver(source, target, already: set[str]) -> list[dict]:
    """The courier: carry every new package from one installation's outbox to the other's inbox."""
    results = []
    for item in source.get("/api/v1/trm/outbox").json():
        if item["message_id"] in already:
            continue
        already.add(item["message_id"])
        response = target.post("/api/v1/trm/inbox", content=item["package"].encode(),
                               headers={"Content-Type": "application/octet-stream"})  # fmt: skip
        assert response.status_code == 202, response.text
        results.append(response.json())
    return results


def test_referral_sent_opened_acknowledged_and_accepted_across_installations(
    romania, bulgaria
) -> None:
    ro_key, bg_key = romania.get("/api/v1/trm/keys").json(), bulgaria.get("/api/v1/trm/keys").json()
    assert ro_key["public_key"]["fingerprint"] != bg_key["public_key"]["fingerprint"]
    assert (
        bulgaria.post(
            "/api/v1/trm/peers", json={"country": "RO", "public_key": ro_key["public_key"]}
        ).status_code
        == 201
    )
    assert (
        romania.post(
            "/api/v1/trm/peers", json={"country": "BG", "public_key": bg_key["public_key"]}
        ).status_code
        == 201
    )

    person = romania.post("/api/v1/intake", json={
        "first_name": "Elena", "second_name": "Dimitrova", "birth_year": 1995, "gender": "Feminine",
        "citizenships": ["BG"], "checklist_ids": ["general"], "record_reasonable_grounds": True,
        "phone": "+40 711 111 111"}).json()["person"]  # fmt: skip
    romania.post(
        f"/api/v1/persons/{person['id']}/consents",
        json={"purpose": "referral", "given_on": "2024-01-01"},
    )
    sent = romania.post("/api/v1/trm/referrals", json={
        "person_id": person["id"], "destination_country": "BG", "service_requested": "REINTEGRATION"})  # fmt: skip
    assert sent.status_code == 201, sent.text
    ro_delivered, bg_delivered = set(), set()

    received = _deliver(romania, bulgaria, ro_delivered)
    assert received == [{"type": "referral", "referral_id": received[0]["referral_id"]}]
    inbox = bulgaria.get("/api/v1/referrals?box=inbox").json()
    assert len(inbox) == 1 and inbox[0]["status"] == "sent" and inbox[0]["scope"] == "transnational"
    shared = bulgaria.get(f"/api/v1/referrals/{inbox[0]['id']}/shared").json()
    assert (
        shared["first_name_or_alias"] == "Elena" and "contact" not in shared
    )  # minimised in transit

    acks = _deliver(bulgaria, romania, bg_delivered)
    assert acks[0]["type"] == "acknowledgement"
    accepted = bulgaria.post(
        f"/api/v1/referrals/{inbox[0]['id']}/actions", json={"action": "accept"}
    )
    assert accepted.json()["status"] == "accepted"
    updates = _deliver(bulgaria, romania, bg_delivered)
    assert updates == [
        {"type": "status_update", "referral_id": sent.json()["id"], "status": "accepted"}
    ]
    assert romania.get(f"/api/v1/referrals/{sent.json()['id']}").json()["status"] == "accepted"


def test_replayed_tampered_and_unknown_packages_are_refused(romania, bulgaria) -> None:
    ro_key = romania.get("/api/v1/trm/keys").json()["public_key"]
    bulgaria.post("/api/v1/trm/peers", json={"country": "RO", "public_key": ro_key})
    person = romania.post("/api/v1/intake", json={
        "first_name": "Ana", "birth_year": 1990, "citizenships": ["BG"], "checklist_ids": ["general"],
        "record_reasonable_grounds": True}).json()["person"]  # fmt: skip
    romania.post(
        f"/api/v1/persons/{person['id']}/consents",
        json={"purpose": "referral", "given_on": "2024-01-01"},
    )
    # Romania does not trust Bulgaria yet: nothing can be sealed for an unknown peer.
    refused = romania.post("/api/v1/trm/referrals", json={"person_id": person["id"], "destination_country": "BG",
                                                          "service_requested": "REINTEGRATION"})  # fmt: skip
    assert refused.status_code == 404 and "trusted focal point" in refused.text
    bg_key = bulgaria.get("/api/v1/trm/keys").json()["public_key"]
    romania.post("/api/v1/trm/peers", json={"country": "BG", "public_key": bg_key})
    romania.post("/api/v1/trm/referrals", json={"person_id": person["id"], "destination_country": "BG",
                                                "service_requested": "REINTEGRATION"})  # fmt: skip
    package = romania.get("/api/v1/trm/outbox").json()[0]["package"]
    headers = {"Content-Type": "application/octet-stream"}
    tampered = package.replace('"ciphertext":"', '"ciphertext":"A')
    assert (
        bulgaria.post("/api/v1/trm/inbox", content=tampered.encode(), headers=headers).status_code
        == 400
    )
    assert (
        bulgaria.post("/api/v1/trm/inbox", content=package.encode(), headers=headers).status_code
        == 202
    )
    replay = bulgaria.post("/api/v1/trm/inbox", content=package.encode(), headers=headers)
    assert replay.status_code == 400 and "replay" in replay.text
    assert len(bulgaria.get("/api/v1/referrals?box=inbox").json()) == 1
