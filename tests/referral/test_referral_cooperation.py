"""Rule R2: no configuration or eligibility rule may gate assistance on cooperation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import pytest
from pydantic import BaseModel

from thb.codes.assistance import AssistanceType
from thb.referral.cooperation import (
    compact,
    forbidden_term_in,
    validate_eligibility_rule,
    validate_referral_config,
)
from thb.referral.errors import CooperationConditionError


@dataclass
class RuleObj:
    field: str
    op: str
    value: Any


class RuleModel(BaseModel):
    requires: list[str]


class Cond(Enum):
    COOP = "victim_cooperates"


class Plain:
    def __init__(self) -> None:
        self.condition = "has_filed_police_report"


GATED_CONFIGS: list[Any] = [
    {"eu_victim_cooperates": True},
    {"eu_victim_cooperates": False},
    {"requires_cooperation": True},
    {"requiresCooperation": "yes"},
    {"REQUIRES-CO-OPERATION": 1},
    {"eligibility": "case.eu_victim_cooperates == true"},
    {"eligibility": {"all": [{"field": "police_report", "op": "exists"}]}},
    {"eligibility": {"any": [{"field": "age", "op": ">=", "value": 18}, {"field": "witness"}]}},
    {"eligibility": [["age_group", "==", "ADULT"], ["victim_role", "in", ["witness"]]]},
    {"services": {"SAFE_ACCOMMODATION": {"conditions": ["has police report"]}}},
    {"services": {"MEDICAL": {"conditions": ("signed witness statement",)}}},
    {"services": [{"service": "PSYCHOLOGICAL", "only_if": "Reported to police"}]},
    {"rules": [{"if": {"criminal_complaint_filed": True}, "then": "allow"}]},
    {"rules": {"shelter": {"pressed_charges": True}}},
    {"precondition": "willingness to co-operate with the authorities"},
    {"precondition": "Coopération avec la police"},
    {"precondition": "Kooperation mit der Polizei"},
    {"precondition": "Zusammenarbeit mit Behörden"},
    {"precondition": "cooperación con la policía"},
    {"precondition": "cooperazione con le autorità"},
    {"precondition": "denuncia presentada"},
    {"precondition": "dépôt de plainte"},
    {"precondition": "Strafanzeige erstattet"},
    {"precondition": "victim agreed to testify"},
    {"precondition": "TESTIMONY_GIVEN"},
    {"precondition": b"eu_victim_cooperates"},
    {"nested": {"deeper": {"deepest": [{"x": [{"y": "cooperates"}]}]}}},
    {"flags": {"cooperat", "age"}},
    {"rule": RuleObj("eu_victim_cooperates", "==", True)},
    {"rule": RuleModel(requires=["police_report"])},
    {"rule": Cond.COOP},
    {"rule": Plain()},
    {("tuple", "key"): {"witness_statement": "required"}},
    {"services": {"RESIDENCE_PERMIT_2004_81": {}, "SHELTER": {"cooperation": "required"}}},
]


@pytest.mark.parametrize("config", GATED_CONFIGS, ids=range(len(GATED_CONFIGS)))
def test_gated_config_is_rejected(config: Any) -> None:
    with pytest.raises(CooperationConditionError, match="R2"):
        validate_referral_config(config)


@pytest.mark.parametrize("rule", [c for c in GATED_CONFIGS if isinstance(c, dict)])
def test_gated_rule_is_rejected_for_every_assistance_service(rule: Any) -> None:
    for service in AssistanceType:
        with pytest.raises(CooperationConditionError):
            validate_eligibility_rule(rule, service=service)


@pytest.mark.parametrize(
    "rule",
    [
        "eu_victim_cooperates",
        ["age >= 18", "police report on file"],
        ("witness",),
        RuleObj("cooperation", "is", True),
    ],
)
def test_gated_rule_shapes_beyond_mappings_are_rejected(rule: Any) -> None:
    with pytest.raises(CooperationConditionError):
        validate_eligibility_rule(rule)


def test_error_names_the_path_and_the_term() -> None:
    config = {"services": {"MEDICAL": {"conditions": ["age>=18", "has police report"]}}}
    with pytest.raises(CooperationConditionError) as err:
        validate_referral_config(config)
    assert "services.MEDICAL.conditions[1]" in str(err.value)
    assert "policereport" in str(err.value)
    assert err.value.errors[0]["field"] == "services.MEDICAL.conditions[1]"
    assert isinstance(err.value, ValueError)


CLEAN_CONFIGS: list[Any] = [
    {},
    {"response_time_hours": {"routine": 120, "urgent": 24}},
    {"services": {"SAFE_ACCOMMODATION": {"eligibility": {"age_group": ["ADULT"], "sex": "F"}}}},
    {"services": [{"service": "MEDICAL", "languages": ["en", "ro"], "capacity": 4}]},
    {"eligibility": [["registration_status", "in", ["PRESUMED", "IDENTIFIED"]]]},
    {"reminders": [0.5, 0.8], "urgent": True, "note": None},
]


@pytest.mark.parametrize("config", CLEAN_CONFIGS)
def test_clean_config_passes(config: Any) -> None:
    validate_referral_config(config)


@pytest.mark.parametrize(
    "config",
    [
        {"RESIDENCE_PERMIT_2004_81": {"requires": ["cooperation", "severed_relations"]}},
        {"services": [{"service": "residence_permit_2004_81", "if": "eu_victim_cooperates"}]},
        {"rules": {"applies_to": "Residence permit (2004/81)", "witness_statement": True}},
    ],
)
def test_residence_permit_2004_81_is_the_only_exception(config: Any) -> None:
    validate_referral_config(config)


def test_permit_exception_by_service_argument() -> None:
    validate_eligibility_rule({"requires": "cooperation"}, service="RESIDENCE_PERMIT_2004_81")
    with pytest.raises(CooperationConditionError):
        validate_eligibility_rule({"requires": "cooperation"}, service="SAFE_ACCOMMODATION")


def test_permit_mentioned_as_a_condition_value_does_not_exempt() -> None:
    config = {"shelter": {"requires": "residence_permit_2004_81", "and": "eu_victim_cooperates"}}
    with pytest.raises(CooperationConditionError):
        validate_referral_config(config)


@pytest.mark.parametrize(
    "config",
    [
        {"service": "SAFE_ACCOMMODATION", "name": "residence permit", "if": "cooperation"},
        {"service": "MEDICAL", "id": "2004/81", "requires": "police_report"},
        {"services": ["residence_permit_2004_81", "SHELTER"], "requires": "witness"},
    ],
)
def test_permit_label_cannot_smuggle_an_assistance_rule(config: Any) -> None:
    with pytest.raises(CooperationConditionError):
        validate_referral_config(config)


def test_config_must_be_a_mapping() -> None:
    with pytest.raises(CooperationConditionError, match="mapping"):
        validate_referral_config(["eu_victim_cooperates"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "flat"),
    [("Victim-Co-operates", "victimcooperates"), ("Coopération", "cooperation"), ("a_B c", "abc")],
)
def test_compact(text: str, flat: str) -> None:
    assert compact(text) == flat


def test_forbidden_term_in() -> None:
    assert forbidden_term_in("requires eu_victim_cooperates") == "cooperat"
    assert forbidden_term_in("Fahrzeuge und Unterkunft") is None
    assert forbidden_term_in("safe accommodation") is None
