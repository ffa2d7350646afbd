"""Pure directory rules: who a service or shelter is for, language codes, and bed occupancy."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from thb.codes.assistance import AssistanceType


class Eligibility(StrEnum):
    """Who a service or shelter takes in."""

    WOMEN = "women"
    MEN = "men"
    CHILDREN = "children"
    FAMILIES = "families"


class Occupancy(StrEnum):
    """How the capacity board colours a shelter."""

    AVAILABLE = "available"
    NEARLY_FULL = "nearly_full"
    FULL = "full"
    CLOSED = "closed"


# Directive 2011/36 Art 11(5) and 14-16: the minimum list a national directory should cover.
MINIMUM_LIST: tuple[AssistanceType, ...] = (
    AssistanceType.SAFE_ACCOMMODATION,
    AssistanceType.MATERIAL_ASSISTANCE,
    AssistanceType.MEDICAL,
    AssistanceType.PSYCHOLOGICAL,
    AssistanceType.COUNSELLING_INFORMATION,
    AssistanceType.TRANSLATION_INTERPRETATION,
    AssistanceType.LEGAL_COUNSELLING,
    AssistanceType.LEGAL_REPRESENTATION,
    AssistanceType.EDUCATION,
    AssistanceType.EMPLOYMENT,
    AssistanceType.ASSISTED_VOLUNTARY_RETURN,
    AssistanceType.REINTEGRATION,
    AssistanceType.GUARDIANSHIP,
)


def normalise_language(code: str) -> str:
    """An ISO 639-1/-3 code in lower case; anything else is refused so filters stay exact."""
    value = code.strip().lower()
    if not (2 <= len(value) <= 3 and value.isascii() and value.isalpha()):
        raise ValueError(f"{code!r} is not an ISO 639 language code (2 or 3 letters)")
    return value


def normalise_languages(codes: Iterable[str]) -> list[str]:
    """Sorted, de-duplicated, lower-case language codes."""
    return sorted({normalise_language(c) for c in codes})


def normalise_eligibility(groups: Iterable[str]) -> list[str]:
    """Sorted, de-duplicated eligibility groups; an unknown group is an error naming it."""
    out = set()
    for group in groups:
        try:
            out.add(Eligibility(group.strip().lower()).value)
        except ValueError:
            allowed = ", ".join(e.value for e in Eligibility)
            raise ValueError(f"{group!r} is not an eligibility group ({allowed})") from None
    return sorted(out)


def needed_groups(*, sex: str | None, child: bool, family: bool = False) -> frozenset[str]:
    """The groups of which a service must accept at least one to take this person in.

    A family placement needs `families`; a child needs `children` whatever the sex; an adult
    needs `women` or `men` by sex stat (F/M), and either when the sex is unknown.
    """
    if family:
        return frozenset({Eligibility.FAMILIES})
    if child:
        return frozenset({Eligibility.CHILDREN})
    if sex == "F":
        return frozenset({Eligibility.WOMEN})
    if sex == "M":
        return frozenset({Eligibility.MEN})
    return frozenset({Eligibility.WOMEN, Eligibility.MEN})


def is_eligible(
    offered: Iterable[str], *, sex: str | None, child: bool, family: bool = False
) -> bool:
    """True when a service open to `offered` groups can take this person in."""
    return bool(needed_groups(sex=sex, child=child, family=family) & set(offered))


def free_beds(beds_total: int, beds_reserved: int) -> int:
    """Beds still free; never negative even if a count was corrupted by hand."""
    return max(beds_total - beds_reserved, 0)


def can_reserve(beds_total: int, beds_reserved: int, *, active: bool = True) -> bool:
    """The guard the conditional UPDATE enforces in SQL, as plain data."""
    return active and free_beds(beds_total, beds_reserved) > 0


def occupancy(beds_total: int, beds_reserved: int, *, active: bool = True) -> Occupancy:
    """Full at zero free beds; nearly full at one free bed or at most a fifth free."""
    if not active or beds_total == 0:
        return Occupancy.CLOSED
    free = free_beds(beds_total, beds_reserved)
    if free == 0:
        return Occupancy.FULL
    if free == 1 or free * 5 <= beds_total:
        return Occupancy.NEARLY_FULL
    return Occupancy.AVAILABLE


def capacity_error(beds_total: int, beds_reserved: int) -> str | None:
    """Why a new bed count is not acceptable, or None when it is."""
    if beds_total < 0:
        return "the number of beds cannot be negative"
    if beds_total < beds_reserved:
        return f"{beds_reserved} beds are reserved; release placements before going below that"
    return None
