"""Directory rules and policies as tables: eligibility matching, occupancy, capacity, who may act."""

from __future__ import annotations

import pytest

from thb.codes.assistance import AssistanceType
from thb.directory import permissions as p
from thb.directory import rules
from thb.security.roles import Actor

W, M, C, F = "women", "men", "children", "families"


@pytest.mark.parametrize(
    ("offered", "sex", "child", "family", "eligible"),
    [
        ([W], "F", False, False, True),
        ([W], "M", False, False, False),
        ([M], "M", False, False, True),
        ([W, M], "UNK", False, False, True),
        ([W], "UNK", False, False, True),  # unknown sex: either adult service may take them in
        ([C], "UNK", False, False, False),
        ([W], "F", True, False, False),  # a girl needs a children's service
        ([C], "F", True, False, True),
        ([C], "M", True, False, True),
        ([W, M], "M", True, False, False),
        ([W, C], "F", False, True, False),  # a family placement needs `families`
        ([F], "F", False, True, True),
        ([F], "M", True, True, True),
        ([], "F", False, False, False),
    ],
)
def test_eligibility_matching(offered, sex, child, family, eligible) -> None:
    assert rules.is_eligible(offered, sex=sex, child=child, family=family) is eligible


@pytest.mark.parametrize(
    ("total", "reserved", "active", "free", "level"),
    [
        (10, 0, True, 10, rules.Occupancy.AVAILABLE),
        (10, 7, True, 3, rules.Occupancy.AVAILABLE),
        (10, 8, True, 2, rules.Occupancy.NEARLY_FULL),  # a fifth free
        (10, 9, True, 1, rules.Occupancy.NEARLY_FULL),
        (3, 2, True, 1, rules.Occupancy.NEARLY_FULL),  # one bed left is always nearly full
        (10, 10, True, 0, rules.Occupancy.FULL),
        (0, 0, True, 0, rules.Occupancy.CLOSED),
        (10, 2, False, 8, rules.Occupancy.CLOSED),
        (4, 6, True, 0, rules.Occupancy.FULL),  # corrupted counts never show negative beds
    ],
)
def test_free_beds_and_occupancy(total, reserved, active, free, level) -> None:
    assert rules.free_beds(total, reserved) == free
    assert rules.occupancy(total, reserved, active=active) == level
    assert rules.can_reserve(total, reserved, active=active) is (active and free > 0)


@pytest.mark.parametrize(
    ("total", "reserved", "problem"),
    [(5, 5, None), (6, 5, None), (0, 0, None), (4, 5, "5 beds are reserved"), (-1, 0, "negative")],
)
def test_capacity_cannot_go_below_reserved(total, reserved, problem) -> None:
    found = rules.capacity_error(total, reserved)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize(
    ("given", "expected"), [(["EN", "ro", "en"], ["en", "ro"]), ([" fra "], ["fra"]), ([], [])]
)
def test_languages_are_normalised(given, expected) -> None:
    assert rules.normalise_languages(given) == expected


@pytest.mark.parametrize("bad", ["english", "e", "e1", "", "ру"])
def test_bad_language_codes_are_named(bad) -> None:
    with pytest.raises(ValueError, match="ISO 639"):
        rules.normalise_language(bad)


def test_eligibility_groups_are_normalised_and_checked() -> None:
    assert rules.normalise_eligibility(["Women", "children", "women"]) == ["children", "women"]
    with pytest.raises(ValueError, match="'elderly' is not an eligibility group"):
        rules.normalise_eligibility(["elderly"])


def test_minimum_list_covers_the_directive() -> None:
    assert len(rules.MINIMUM_LIST) == 13
    assert set(rules.MINIMUM_LIST) <= set(AssistanceType)


def _actor(role: str, org: int | None = 1, user: int | None = 7) -> Actor:
    return Actor(user_id=user, role=role, org_id=org, country="RO")


SYSTEM = Actor.system("demo")
ANON = Actor(user_id=None, role="frontline", org_id=1, country="RO")


@pytest.mark.parametrize(
    ("actor", "read", "manage_own", "manage_other", "reserve_own", "reserve_other"),
    [
        (_actor("service_provider"), True, True, False, True, False),
        (_actor("frontline"), True, False, False, True, False),
        (_actor("coordinator"), True, False, False, True, False),
        (_actor("statistician"), True, False, False, False, False),
        (_actor("auditor"), True, False, False, False, False),
        (_actor("admin", org=None), True, True, True, True, True),
        (SYSTEM, True, True, True, True, True),
        (ANON, False, False, False, True, False),
    ],
)
def test_directory_policies(actor, read, manage_own, manage_other, reserve_own, reserve_other):
    assert p.can_read_directory(actor) is read
    assert p.can_manage_directory(actor, 1) is manage_own
    assert p.can_manage_directory(actor, 2) is manage_other
    assert p.can_reserve_bed(actor, 1) is reserve_own
    assert p.can_reserve_bed(actor, 2) is reserve_other


@pytest.mark.parametrize(
    ("actor", "party", "allowed"),
    [
        (_actor("frontline", org=2), False, False),
        (_actor("frontline", org=2), True, True),  # the referrer revoking its placement
        (_actor("statistician", org=2), True, False),
        (_actor("service_provider", org=1), False, True),
    ],
)
def test_release_policy(actor, party, allowed) -> None:
    assert p.can_release_bed(actor, 1, referral_party=party) is allowed
