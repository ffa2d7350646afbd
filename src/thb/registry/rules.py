"""Derived statistical attributes: pure functions, never typed in (data-model.md b.2)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import uuid4

from thb.codes.countries import EU27
from thb.codes.registry import (
    AgeGroup,
    CitizenshipCategory,
    DecisionStage,
    Gender,
    RegistrationStatus,
    SexStat,
)

ADULT_AGE = 18


def citizenship_category(
    citizenships: Sequence[str], stateless: bool, reporting_country: str
) -> CitizenshipCategory:
    """NAT / other EU / non-EU / stateless / unknown, as seen from the reporting country.

    Dual citizens: the reporting country's citizenship wins, then any EU-27 one, then the rest.
    """
    if reporting_country in citizenships:
        return CitizenshipCategory.NAT
    if any(c in EU27 for c in citizenships):
        return CitizenshipCategory.EU27_2020_FOR
    if citizenships:
        return CitizenshipCategory.NEU27_2020_FOR
    if stateless:
        return CitizenshipCategory.STLS
    return CitizenshipCategory.UNK


def is_third_country_national(citizenships: Sequence[str], stateless: bool) -> bool:
    """No EU-27 citizenship (stateless persons included): 2004/81 applies."""
    return stateless or (bool(citizenships) and not any(c in EU27 for c in citizenships))


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class AgeEvidence:
    """What is known about a person's age at registration."""

    birth_date: date | None = None
    birth_year: int | None = None
    birth_date_estimated: bool = False
    age_uncertain: bool = False  # reasons to believe a child, age not established
    assessed_min_age: int | None = None


def age_group(evidence: AgeEvidence, on: date) -> AgeGroup:
    """CHILD / ADULT / UNK at `on`, presuming minority while the age is uncertain (2011/36 Art 13(2))."""
    youngest = _youngest_plausible_age(evidence, on)
    if youngest is None:
        return AgeGroup.CHILD if evidence.age_uncertain else AgeGroup.UNK
    if youngest < ADULT_AGE:
        return AgeGroup.CHILD
    if evidence.age_uncertain and evidence.assessed_min_age is None:
        return AgeGroup.CHILD
    return AgeGroup.ADULT


def _youngest_plausible_age(evidence: AgeEvidence, on: date) -> int | None:
    if evidence.assessed_min_age is not None:
        return evidence.assessed_min_age
    if evidence.birth_date is not None and not evidence.birth_date_estimated:
        return age_on(evidence.birth_date, on)
    year = evidence.birth_year or (evidence.birth_date.year if evidence.birth_date else None)
    if year is None:
        return None
    return on.year - year - 1  # an estimated date: assume the latest birthday in that year


_SEX_OF_GENDER = {
    Gender.FEMININE: SexStat.F,
    Gender.MASCULINE: SexStat.M,
    # Gender identity is counted as lived: trans women as F, trans men as M.
    Gender.TRANSGENDER_FEMININE: SexStat.F,
    Gender.TRANSGENDER_MASCULINE: SexStat.M,
    Gender.NON_CONFORMING: SexStat.UNK,
    Gender.UNKNOWN: SexStat.UNK,
}


def sex_stat(gender: str) -> SexStat:
    """Eurostat sex (F/M/UNK) from the HTCDS gender."""
    return _SEX_OF_GENDER[Gender(gender)]


@dataclass(frozen=True)
class Decision:
    """The parts of an identification decision that decide the registration status."""

    stage: str
    decision_date: date
    formal_identification: bool
    id: int = 0


def latest_decision(decisions: Iterable[Decision], up_to: date | None = None) -> Decision | None:
    """The latest decision on or before `up_to` (later id wins a same-day tie)."""
    eligible = [d for d in decisions if up_to is None or d.decision_date <= up_to]
    return max(eligible, key=lambda d: (d.decision_date, d.id), default=None)


def registration_status(
    decisions: Iterable[Decision], up_to: date | None = None
) -> RegistrationStatus | None:
    """IDENTIFIED / PRESUMED / NOT_VICTIM from the latest decision; None when nothing is decided."""
    latest = latest_decision(decisions, up_to)
    if latest is None:
        return None
    if latest.stage == DecisionStage.NEGATIVE:
        return RegistrationStatus.NOT_VICTIM
    if latest.stage == DecisionStage.CONCLUSIVE and latest.formal_identification:
        return RegistrationStatus.IDENTIFIED
    return RegistrationStatus.PRESUMED


def htcds_trafficking_status(stage: str, formal: bool) -> str:
    """HTCDS vic_TraffickingStatus for a decision (Actual only when formal and conclusive)."""
    if stage == DecisionStage.NEGATIVE:
        return "Not"
    if stage == DecisionStage.CONCLUSIVE and formal:
        return "Actual"
    return "Possible"


def case_reference(country: str, year: int, number: int) -> str:
    """A pseudonymous, human-readable case reference: RO-2026-000123."""
    return f"{country}-{year}-{number:06d}"


def provisional_reference() -> str:
    """A unique placeholder until the database id gives the real reference."""
    return f"new-{uuid4().hex[:24]}"
