"""Concurrent acceptances never overbook: N threads, each with its own connection, race for k beds."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.directory.helpers import shelter_setup
from thb.db import transaction
from thb.directory import service as directory
from thb.directory.models import BedReservation, Shelter
from thb.errors import Conflict
from thb.security import audit
from thb.security import service as security
from thb.security.models import User
from thb.web.app import create_app

THREADS = 8
FREE = 3


def _counts(factory, shelter_id: int) -> tuple[int, int, int]:
    with factory() as session:
        shelter = session.get_one(Shelter, shelter_id)
        open_rows = session.scalar(
            select(func.count()).where(
                BedReservation.shelter_id == shelter_id, BedReservation.released_at.is_(None)
            )
        )
        assert audit.verify(session) is None  # concurrent audit appends stayed one chain
        return shelter.beds_total, shelter.beds_reserved, open_rows


def test_parallel_reservations_fill_exactly_the_free_beds(factory) -> None:
    with transaction(factory) as session:
        setup = shelter_setup(session, beds=10, reserved=10 - FREE, spare=THREADS)
    barrier = threading.Barrier(THREADS)

    def accept(person_id: int) -> str:
        barrier.wait()  # everyone reaches the database at the same moment
        try:
            with transaction(factory) as session:
                directory.reserve_bed(
                    session=session, actor=setup.provider, shelter_id=setup.shelter_id,
                    person_id=person_id, referral_id=person_id,
                )  # fmt: skip
            return "placed"
        except Conflict as exc:
            assert "no free bed in Iasi house" in exc.detail
            return "full"

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(accept, setup.persons))
    assert outcomes.count("placed") == FREE
    assert outcomes.count("full") == THREADS - FREE
    assert _counts(factory, setup.shelter_id) == (10, 10, 10)


def test_parallel_double_release_frees_one_bed(factory) -> None:
    with transaction(factory) as session:
        setup = shelter_setup(session, beds=4, reserved=2, spare=0)
        held = directory.list_reservations(
            session=session, actor=setup.provider, shelter_id=setup.shelter_id
        )[0]
    barrier = threading.Barrier(4)

    def release(_: int) -> str:
        barrier.wait()
        try:
            with transaction(factory) as session:
                directory.release_bed(session=session, actor=setup.provider, reservation_id=held.id)
            return "released"
        except Conflict:
            return "already"

    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(pool.map(release, range(4)))
    assert outcomes == ["already"] * 3 + ["released"]
    assert _counts(factory, setup.shelter_id) == (4, 1, 1)


@pytest.fixture
def tokens_and_setup(factory):
    with transaction(factory) as session:
        setup = shelter_setup(session, beds=6, reserved=6 - FREE, spare=THREADS)
        user = session.get_one(User, setup.provider.user_id)
        token = security.create_api_token(session=session, user=user, name="race")
    return token, setup


def test_parallel_http_acceptances_never_overbook(settings, factory, tokens_and_setup) -> None:
    token, setup = tokens_and_setup
    app = create_app(settings, factory)
    barrier = threading.Barrier(THREADS)
    url = f"/api/v1/directory/shelters/{setup.shelter_id}/reservations"

    def post(person_id: int) -> int:
        with TestClient(app) as client:  # one client (event loop, connection) per thread
            barrier.wait()
            response = client.post(
                url, json={"person_id": person_id}, headers={"Authorization": f"Bearer {token}"}
            )
        if response.status_code == 409:
            assert response.json()["detail"] == "no free bed in Iasi house"
        return response.status_code

    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(pool.map(post, setup.persons))
    assert sorted(statuses) == [201] * FREE + [409] * (THREADS - FREE)
    assert _counts(factory, setup.shelter_id) == (6, 6, 6)
