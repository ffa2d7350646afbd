"""Derived statistical attributes: tables of cases and properties (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thb.codes.countries import EU27
from thb.codes.registry import AgeGroup, CitizenshipCategory, RegistrationStatus
from thb.registry import rules
from thb.registry.rules import AgeEvidence, Decision

countries = st.sampled_from(sorted(EU27 | {"NG", "CN", "AL", "UA", "VN", "MA"}))


@pytest.mark.parametrize(
    ("citizenships", "stateless", "expected"),
    [
        (["RO"], False, "NAT"),
        (["RO", "NG"], False, "NAT"),
        (["BG"], False, "EU27_2020_FOR"),
        (["NG", "BG"], False, "EU27_2020_FOR"),
        (["NG"], False, "NEU27_2020_FOR"),
        ([], True, "STLS"),
        ([], False, "UNK"),
    ],
)
def test_citizenship_category_table(citizenships, stateless, expected) -> None:
    assert rules.citizenship_category(citizenships, stateless, "RO") == expected


@given(st.lists(countries, max_size=3), countries)
def test_citizenship_category_properties(citizenships, reporting) -> None:
    cat = rules.citizenship_category(citizenships, False, reporting)
    assert (cat == CitizenshipCategory.NAT) == (reporting in citizenships)
    if cat == CitizenshipCategory.NEU27_2020_FOR:
        assert not any(c in EU27 for c in citizenships)
    assert (cat == CitizenshipCategory.UNK) == (not citizenships)


@given(st.dates(date(1950, 1, 1), date(2024, 12, 31)), st.integers(0, 20000))
def test_age_group_of_a_known_birth_date(birth, days) -> None:
    on = birth + timedelta(days=days)
    group = rules.age_group(AgeEvidence(birth_date=birth), on)
    assert group == (AgeGroup.CHILD if rules.age_on(birth, on) < 18 else AgeGroup.ADULT)


@given(st.integers(1950, 2020), st.dates(date(2000, 1, 1), date(2030, 12, 31)))
def test_estimated_year_presumes_minority_when_it_could_be_a_child(year, on) -> None:
    group = rules.age_group(AgeEvidence(birth_year=year, birth_date_estimated=True), on)
    could_be_child = on.year - year - 1 < 18
    assert group == (AgeGroup.CHILD if could_be_child else AgeGroup.ADULT)


def test_presumption_of_minority_and_unknown() -> None:
    on = date(2024, 1, 1)
    assert rules.age_group(AgeEvidence(), on) == AgeGroup.UNK
    assert rules.age_group(AgeEvidence(age_uncertain=True), on) == AgeGroup.CHILD
    # Documents say adult but the age is disputed and not yet assessed: still a child.
    adult_doc = AgeEvidence(birth_date=date(2000, 1, 1), age_uncertain=True)
    assert rules.age_group(adult_doc, on) == AgeGroup.CHILD
    # An assessment whose lower bound is 16 gives the benefit of the doubt.
    assert rules.age_group(AgeEvidence(age_uncertain=True, assessed_min_age=16), on) == "CHILD"
    assert rules.age_group(AgeEvidence(age_uncertain=True, assessed_min_age=19), on) == "ADULT"


@pytest.mark.parametrize(
    ("decisions", "expected"),
    [
        ([], None),
        ([("reasonable_grounds", 1, False)], "PRESUMED"),
        ([("reasonable_grounds", 1, False), ("conclusive", 5, True)], "IDENTIFIED"),
        ([("reasonable_grounds", 1, False), ("conclusive", 5, False)], "PRESUMED"),
        ([("conclusive", 5, True), ("negative", 9, True)], "NOT_VICTIM"),
        ([("negative", 2, True), ("reasonable_grounds", 3, False)], "PRESUMED"),
    ],
)
def test_registration_status_from_latest_decision(decisions, expected) -> None:
    ds = [
        Decision(stage, date(2024, 1, day), formal, i)
        for i, (stage, day, formal) in enumerate(decisions)
    ]
    assert rules.registration_status(ds) == expected


@given(st.lists(st.tuples(st.sampled_from(["reasonable_grounds", "conclusive", "negative"]),
                          st.integers(1, 28), st.booleans()), min_size=1, max_size=6))  # fmt: skip
def test_registration_status_depends_only_on_the_latest(decisions) -> None:
    ds = [
        Decision(stage, date(2024, 2, day), formal, i)
        for i, (stage, day, formal) in enumerate(decisions)
    ]
    latest = max(ds, key=lambda d: (d.decision_date, d.id))
    assert rules.registration_status(ds) == rules.registration_status([latest])
    assert rules.registration_status(ds) in set(RegistrationStatus)


def test_registration_status_as_of_a_date() -> None:
    ds = [
        Decision("reasonable_grounds", date(2023, 12, 1), False),
        Decision("conclusive", date(2024, 2, 1), True),
    ]
    assert rules.registration_status(ds, up_to=date(2023, 12, 31)) == "PRESUMED"
    assert rules.registration_status(ds) == "IDENTIFIED"


@pytest.mark.parametrize(
    ("gender", "sex"),
    [("Feminine", "F"), ("Masculine", "M"), ("TransgenderFeminine", "F"),
     ("TransgenderMasculine", "M"), ("NonConforming", "UNK"), ("NonSpecifiedUnknown", "UNK")],
)  # fmt: skip
def test_sex_stat_from_gender(gender, sex) -> None:
    assert rules.sex_stat(gender) == sex
