"""generate(): calibration to the published EU-27 2017–2018 figures, consistency, determinism."""

from __future__ import annotations

import pandas as pd
import pytest

from thb.codes.exploitation import ExploitationForm
from thb.codes.registry import DecisionStage, LegalStatus, OrganisationType
from thb.synth import SyntheticRegistry, generate, marginals
from thb.synth.calibration import TARGETS


@pytest.fixture(scope="module")
def reg() -> SyntheticRegistry:
    return generate(14_145, seed=1)


@pytest.fixture(scope="module")
def published(reg: SyntheticRegistry) -> dict[str, float]:
    return marginals(reg)


@pytest.mark.parametrize(
    "name",
    [
        "female", "child", "sexual", "labour", "eu_citizen", "identified", "female_among_sexual",
        "girls_among_children", "sexual_among_children", "eu_among_children",
    ],
)  # fmt: skip
def test_published_marginal_within_1_5_points(published: dict[str, float], name: str) -> None:
    assert published[name] == pytest.approx(getattr(TARGETS, name), abs=0.015)


def test_registered_persons_and_proceedings(published: dict[str, float]) -> None:
    assert published["registered"] == TARGETS.registered
    assert published["prosecutions"] == pytest.approx(TARGETS.prosecutions, rel=0.01)
    assert published["convictions"] == pytest.approx(TARGETS.convictions, rel=0.01)
    assert published["suspects"] >= published["prosecutions"] >= published["convictions"]


def test_counts_scale_with_persons() -> None:
    small = marginals(generate(1_000, seed=2))
    assert small["prosecutions"] == round(TARGETS.prosecutions * 1_000 / TARGETS.registered)
    assert small["convictions"] == round(TARGETS.convictions * 1_000 / TARGETS.registered)


def test_hidden_population_is_larger(reg: SyntheticRegistry) -> None:
    assert 1.5 * TARGETS.registered < reg.hidden_total < 5 * TARGETS.registered


def test_keys_join_up(reg: SyntheticRegistry) -> None:
    orgs, regs = set(reg.organisations["org_key"]), reg.registrations
    assert set(regs["org_key"]) <= orgs and set(reg.decisions["org_key"]) <= orgs
    assert set(regs["person_key"]) == set(reg.persons["person_key"])
    records = set(regs["record_key"])
    for name in ("decisions", "exploitation", "trafficking_events"):
        assert set(getattr(reg, name)["record_key"]) <= records, name
    assert set(reg.proceedings["perpetrator_key"]) <= set(reg.perpetrators["perpetrator_key"])
    assert regs["record_key"].is_unique and reg.persons["person_key"].is_unique


def test_codes_come_from_the_code_lists(reg: SyntheticRegistry) -> None:
    assert set(reg.organisations["org_type"]) <= {t.value for t in OrganisationType}
    assert set(reg.exploitation["form"]) <= {f.value for f in ExploitationForm}
    assert set(reg.decisions["stage"]) <= {s.value for s in DecisionStage}
    assert set(reg.proceedings["leg_stat"]) == {
        LegalStatus.PER_SUSP.value,
        LegalStatus.PER_PRSC.value,
        LegalStatus.PER_CNV.value,
    }
    focal = reg.organisations[reg.organisations["is_focal_point"]]
    assert sorted(focal["country"]) == sorted(reg.organisations["country"].unique())


def test_every_record_has_one_primary_form(reg: SyntheticRegistry) -> None:
    primary = reg.exploitation[reg.exploitation["primary"]]
    assert primary["record_key"].is_unique
    assert len(primary) == len(reg.registrations)


def test_convicted_were_prosecuted(reg: SyntheticRegistry) -> None:
    p = reg.proceedings
    convicted = set(p.loc[p["leg_stat"] == "PER_CNV", "perpetrator_key"])
    assert convicted <= set(p.loc[p["leg_stat"] == "PER_PRSC", "perpetrator_key"])


def test_determinism() -> None:
    a, b = generate(500, seed=5), generate(500, seed=5)
    c = generate(500, seed=6)
    for name, frame in a.frames().items():
        pd.testing.assert_frame_equal(frame, b.frames()[name])
    assert a.hidden_total == b.hidden_total
    assert not a.persons.equals(c.persons)
    assert not a.registrations.equals(c.registrations)


def test_assumptions_state_the_inventions(reg: SyntheticRegistry) -> None:
    text = reg.assumptions
    assert "own nationals" in text and "other-EU" in text
    assert "Invented per-country volumes" in text


def test_country_subset() -> None:
    small = generate(300, seed=3, countries=["RO", "BG"], years=(2018, 2018))
    assert set(small.registrations["reporting_country"]) == {"RO", "BG"}
    assert set(small.organisations["country"]) == {"RO", "BG"}
    assert set(pd.to_datetime(small.registrations["registration_date"]).dt.year) == {2018}


def test_hidden_total_split_by_country(reg: SyntheticRegistry) -> None:
    assert sum(reg.hidden_by_country.values()) == reg.hidden_total
    registered = reg.registrations.sort_values("registration_date").drop_duplicates("person_key")
    per_country = registered["reporting_country"].value_counts()
    assert all(reg.hidden_by_country[c] >= n for c, n in per_country.items())


def test_true_names_include_compound_spanish_names(reg: SyntheticRegistry) -> None:
    spanish = reg.persons[reg.persons["citizenships"] == "ES"]
    assert spanish["family_name"].str.contains(" ").mean() > 0.7  # two surnames
    assert reg.persons["given_name"].str.contains(" ").any()
