"""Directory service on every backend: publishing, searching, capacity, reservations, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import factories as f
from tests.directory.helpers import shelter_setup
from thb.directory import schemas as s
from thb.directory import service as directory
from thb.errors import Conflict, Forbidden, InvalidInput, NotFound
from thb.security import audit
from thb.security.models import AuditEvent


def _offer(
    kind: str, eligibility: list[str], languages: list[str], **extra
) -> s.ServiceOfferCreate:
    return s.ServiceOfferCreate(
        assistance_type=kind, eligibility=eligibility, languages=languages, **extra
    )


@pytest.fixture
def world(session):
    ro = f.org(session, "Ro NGO", country="RO")
    dk = f.org(session, "Dk Shelter", country="DK")
    ro_sp = f.actor(session, "service_provider", ro)
    dk_sp = f.actor(session, "service_provider", dk)
    directory.publish_service(
        session=session, actor=ro_sp,
        data=_offer("LEGAL_COUNSELLING", ["women", "men"], ["ro", "EN"]),
    )  # fmt: skip
    directory.publish_service(
        session=session, actor=ro_sp, data=_offer("PSYCHOLOGICAL", ["children"], ["ro"])
    )
    directory.publish_service(
        session=session, actor=dk_sp,
        data=_offer("PSYCHOLOGICAL", ["women", "families"], ["da", "en"], nuts_region="dk01"),
    )  # fmt: skip
    return {"ro": ro, "dk": dk, "ro_sp": ro_sp, "dk_sp": dk_sp}


def _kinds(rows) -> list[tuple[str, str]]:
    return [(r.organisation_name, r.assistance_type) for r in rows]


def test_search_by_type_country_language_and_eligibility(session, world) -> None:
    reader = f.actor(session, "statistician", world["ro"])
    find = lambda **kw: _kinds(  # noqa: E731
        directory.list_services(session=session, actor=reader, where=directory.ServiceFilter(**kw))
    )
    assert len(find()) == 3
    assert find(assistance_type="psychological") == [
        ("Dk Shelter", "PSYCHOLOGICAL"),
        ("Ro NGO", "PSYCHOLOGICAL"),
    ]
    assert find(country="ro", language="EN") == [("Ro NGO", "LEGAL_COUNSELLING")]
    assert find(eligibility="children") == [("Ro NGO", "PSYCHOLOGICAL")]
    assert find(eligibility="families", language="da") == [("Dk Shelter", "PSYCHOLOGICAL")]
    assert find(organisation_id=world["dk"].id, eligibility="men") == []
    with pytest.raises(InvalidInput) as bad:
        find(eligibility="elderly")
    assert bad.value.errors[0]["field"] == "eligibility"
    with pytest.raises(InvalidInput):
        find(country="Romania")


def test_published_values_are_normalised_and_audited(session, world) -> None:
    rows = directory.list_services(
        session=session, actor=world["dk_sp"], where=directory.ServiceFilter(country="DK")
    )
    assert rows[0].languages == ["da", "en"] and rows[0].nuts_region == "DK01"
    assert rows[0].eligibility == ["families", "women"]
    events = session.scalars(select(AuditEvent).where(AuditEvent.entity == "service_offer"))
    assert [e.action for e in events] == ["create"] * 3
    assert audit.verify(session) is None


def test_providers_change_only_their_own_entries(session, world) -> None:
    offer = directory.list_services(
        session=session, actor=world["ro_sp"], where=directory.ServiceFilter(country="DK")
    )[0]
    change = s.ServiceOfferUpdate(active=False)
    with pytest.raises(Forbidden):
        directory.update_service(
            session=session, actor=world["ro_sp"], service_id=offer.id, data=change
        )
    with pytest.raises(Forbidden):
        directory.publish_service(
            session=session, actor=world["ro_sp"],
            data=_offer("MEDICAL", ["men"], [], organisation_id=world["dk"].id),
        )  # fmt: skip
    frontline = f.actor(session, "frontline", world["ro"])
    with pytest.raises(Forbidden):
        directory.publish_service(
            session=session, actor=frontline, data=_offer("MEDICAL", ["men"], [])
        )
    updated = directory.update_service(
        session=session, actor=world["dk_sp"], service_id=offer.id, data=change
    )
    assert updated.active is False
    visible = directory.list_services(session=session, actor=frontline)
    assert offer.id not in {r.id for r in visible}
    admin = f.actor(session, "admin", world["ro"])
    restored = directory.update_service(
        session=session, actor=admin, service_id=offer.id, data=s.ServiceOfferUpdate(active=True)
    )
    assert restored.active is True


def test_reserve_until_full_then_conflict(session) -> None:
    setup = shelter_setup(session, beds=2, reserved=0, spare=3)
    a, b, c = setup.persons
    first = directory.reserve_bed(
        session=session, actor=setup.provider, shelter_id=setup.shelter_id, person_id=a,
        referral_id=41,
    )  # fmt: skip
    assert first.referral_id == 41 and first.released_at is None
    directory.reserve_bed(
        session=session, actor=setup.provider, shelter_id=setup.shelter_id, person_id=b
    )
    with pytest.raises(Conflict, match="no free bed in Iasi house"):
        directory.reserve_bed(
            session=session, actor=setup.provider, shelter_id=setup.shelter_id, person_id=c
        )
    board = directory.read_shelter(
        session=session, actor=setup.frontline, shelter_id=setup.shelter_id
    )
    assert (board.beds_total, board.beds_reserved, board.free_beds) == (2, 2, 0)
    assert board.occupancy == "full"
    released = directory.release_bed(session=session, actor=setup.provider, reservation_id=first.id)
    assert released.released_at is not None
    with pytest.raises(Conflict, match="already released"):
        directory.release_bed(session=session, actor=setup.provider, reservation_id=first.id)
    directory.reserve_bed(
        session=session, actor=setup.provider, shelter_id=setup.shelter_id, person_id=c
    )
    board = directory.read_shelter(
        session=session, actor=setup.provider, shelter_id=setup.shelter_id
    )
    assert board.beds_reserved == 2
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity == "bed_reservation")
    ).all()
    assert actions == ["reserve_bed", "reserve_bed", "release_bed", "reserve_bed"]
    assert audit.verify(session) is None


def test_one_person_holds_one_bed_per_shelter(session) -> None:
    setup = shelter_setup(session, beds=3, reserved=1, spare=1)
    (person,) = setup.persons
    directory.reserve_bed(
        session=session, actor=setup.provider, shelter_id=setup.shelter_id, person_id=person
    )
    with pytest.raises(Conflict, match="already holds"):
        directory.reserve_bed(
            session=session, actor=setup.provider, shelter_id=setup.shelter_id, person_id=person
        )
    board = directory.read_shelter(
        session=session, actor=setup.provider, shelter_id=setup.shelter_id
    )
    assert board.beds_reserved == 2  # the refused attempt gave its bed back


def test_reservation_guards(session) -> None:
    setup = shelter_setup(session, beds=2, reserved=0, spare=1)
    (person,) = setup.persons
    with pytest.raises(Forbidden):  # the referrer does not place people in someone else's beds
        directory.reserve_bed(
            session=session, actor=setup.frontline, shelter_id=setup.shelter_id, person_id=person
        )
    with pytest.raises(NotFound, match="person 999999"):
        directory.reserve_bed(
            session=session, actor=setup.provider, shelter_id=setup.shelter_id, person_id=999999
        )
    with pytest.raises(NotFound, match="shelter 999999"):
        directory.reserve_bed(
            session=session, actor=setup.provider, shelter_id=999999, person_id=person
        )
    directory.update_shelter(
        session=session, actor=setup.provider, shelter_id=setup.shelter_id,
        data=s.ShelterUpdate(active=False),
    )  # fmt: skip
    with pytest.raises(Conflict, match="takes no new placements"):
        directory.reserve_bed(
            session=session, actor=setup.provider, shelter_id=setup.shelter_id, person_id=person
        )


def test_referrer_frees_the_bed_only_through_its_referral(session) -> None:
    setup = shelter_setup(session, beds=2, reserved=0, spare=1)
    held = directory.reserve_bed(
        session=session, actor=setup.provider, shelter_id=setup.shelter_id,
        person_id=setup.persons[0], referral_id=77,
    )  # fmt: skip
    with pytest.raises(Forbidden):
        directory.release_bed(session=session, actor=setup.frontline, reservation_id=held.id)
    with pytest.raises(Forbidden):
        directory.release_bed(
            session=session, actor=setup.frontline, reservation_id=held.id, referral_id=78
        )
    directory.release_bed(
        session=session, actor=setup.frontline, reservation_id=held.id, referral_id=77
    )
    assert (
        directory.read_shelter(
            session=session, actor=setup.provider, shelter_id=setup.shelter_id
        ).beds_reserved
        == 0
    )


def test_capacity_never_drops_below_reserved(session) -> None:
    setup = shelter_setup(session, beds=5, reserved=3, spare=0)
    with pytest.raises(Conflict, match="3 beds are reserved"):
        directory.set_capacity(
            session=session, actor=setup.provider, shelter_id=setup.shelter_id, beds_total=2
        )
    with pytest.raises(InvalidInput):
        directory.set_capacity(
            session=session, actor=setup.provider, shelter_id=setup.shelter_id, beds_total=-1
        )
    with pytest.raises(Forbidden):
        directory.set_capacity(
            session=session, actor=setup.frontline, shelter_id=setup.shelter_id, beds_total=9
        )
    board = directory.set_capacity(
        session=session, actor=setup.provider, shelter_id=setup.shelter_id, beds_total=3
    )
    assert (board.beds_total, board.free_beds, board.occupancy) == (3, 0, "full")
    board = directory.update_shelter(
        session=session, actor=setup.provider, shelter_id=setup.shelter_id,
        data=s.ShelterUpdate(beds_total=12, languages=["RO", "uk"]),
    )  # fmt: skip
    assert (board.beds_total, board.free_beds, board.languages) == (12, 9, ["ro", "uk"])


def test_shelter_search_and_duplicates(session) -> None:
    setup = shelter_setup(session, beds=2, reserved=2, spare=0)
    other = f.org(session, "Copii Safe", country="RO", org_type="Shelter")
    sp = f.actor(session, "service_provider", other)
    directory.create_shelter(
        session=session, actor=sp,
        data=s.ShelterCreate(name="Kids home", beds_total=4, eligibility=["children"], languages=["ro"]),
    )  # fmt: skip
    with pytest.raises(Conflict, match="already has a shelter"):
        directory.create_shelter(
            session=session, actor=sp,
            data=s.ShelterCreate(name="Kids home", beds_total=1, eligibility=["children"]),
        )  # fmt: skip
    names = lambda **kw: [  # noqa: E731
        r.name
        for r in directory.list_shelters(
            session=session, actor=setup.frontline, where=directory.ShelterFilter(**kw)
        )
    ]
    assert names() == ["Iasi house", "Kids home"]  # Casa Sigura before Copii Safe
    assert names(with_free_beds=True) == ["Kids home"]
    assert names(eligibility="women") == ["Iasi house"]
    assert names(language="ro", country="RO") == ["Kids home"]
    assert names(country="DK") == []
