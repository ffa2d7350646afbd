"""Data minimisation (R20): a receiver sees only the form sections its purpose needs.

The table is deny-by-default: a section not listed for a purpose is never shared, and a section
the table does not know (a new field someone added to the case view) is dropped too.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from thb.codes.assistance import AssistanceType
from thb.codes.referral import FormSection, ReferralReason
from thb.referral.errors import ReferralInputError

F, A, R = FormSection, AssistanceType, ReferralReason
SharingPurpose = AssistanceType | ReferralReason

_CORE = frozenset({F.FIRST_NAME_OR_ALIAS, F.SEX, F.AGE_GROUP, F.LANGUAGES, F.URGENCY})
_PLACEMENT = _CORE | {F.NEEDS, F.SAFETY_RISKS}
_HEALTH = _CORE | {F.NEEDS, F.SPECIAL_NEEDS, F.MEDICAL_HISTORY, F.SAFETY_RISKS}
_LEGAL = _CORE | {
    F.FULL_NAME,
    F.DATE_OF_BIRTH,
    F.CITIZENSHIP,
    F.IMMIGRATION_STATUS,
    F.REFLECTION_PERIOD,
    F.EXPLOITATION_FORMS,
    F.EXPLOITATION_NARRATIVE,
    F.PROCEEDINGS,
    F.NON_PUNISHMENT,
    F.GUARDIAN,
}
_SOCIAL = _CORE | {F.NEEDS, F.SPECIAL_NEEDS, F.SAFETY_RISKS, F.CASE_WORKER}

ALLOWED_SECTIONS: dict[SharingPurpose, frozenset[FormSection]] = {
    A.SAFE_ACCOMMODATION: _PLACEMENT,
    A.MATERIAL_ASSISTANCE: _CORE | {F.NEEDS},
    A.MEDICAL: _HEALTH,
    A.PSYCHOLOGICAL: _HEALTH,
    A.COUNSELLING_INFORMATION: _CORE | {F.NEEDS, F.SAFETY_RISKS},
    A.TRANSLATION_INTERPRETATION: frozenset({F.FIRST_NAME_OR_ALIAS, F.LANGUAGES, F.URGENCY}),
    A.LEGAL_COUNSELLING: _LEGAL,
    A.LEGAL_REPRESENTATION: _LEGAL,
    A.EDUCATION: _CORE | {F.NEEDS, F.SPECIAL_NEEDS, F.GUARDIAN},
    A.EMPLOYMENT: _CORE | {F.NEEDS, F.IMMIGRATION_STATUS},
    A.FINANCIAL: _CORE | {F.FULL_NAME, F.NEEDS},
    A.SOCIAL_CARE: _SOCIAL,
    A.FAMILY_TRACING: _CORE | {F.FULL_NAME, F.DATE_OF_BIRTH, F.CITIZENSHIP, F.GUARDIAN},
    A.ASSISTED_VOLUNTARY_RETURN: _CORE
    | {F.FULL_NAME, F.DATE_OF_BIRTH, F.CITIZENSHIP, F.IDENTITY_DOCUMENTS, F.NEEDS, F.SAFETY_RISKS},
    A.REINTEGRATION: _SOCIAL | {F.CITIZENSHIP},
    A.GUARDIANSHIP: _SOCIAL | {F.FULL_NAME, F.DATE_OF_BIRTH, F.CURRENT_LOCATION, F.GUARDIAN},
    R.LAW_ENFORCEMENT: _CORE
    | {
        F.FULL_NAME,
        F.DATE_OF_BIRTH,
        F.CITIZENSHIP,
        F.EXPLOITATION_FORMS,
        F.EXPLOITATION_NARRATIVE,
        F.NON_PUNISHMENT,
        F.SAFETY_RISKS,
        F.GUARDIAN,
    },
    R.LEGAL_PROCEDURE: _LEGAL,
    R.CHILD_PROTECTION: _SOCIAL
    | {F.FULL_NAME, F.DATE_OF_BIRTH, F.CURRENT_LOCATION, F.GUARDIAN, F.EXPLOITATION_FORMS},
    R.IDENTIFICATION: _CORE
    | {F.FULL_NAME, F.DATE_OF_BIRTH, F.CITIZENSHIP, F.EXPLOITATION_FORMS, F.EXPLOITATION_NARRATIVE},
    R.ASYLUM: _CORE | {F.FULL_NAME, F.DATE_OF_BIRTH, F.CITIZENSHIP, F.IMMIGRATION_STATUS},
    R.RETURN: _CORE
    | {F.FULL_NAME, F.DATE_OF_BIRTH, F.CITIZENSHIP, F.IDENTITY_DOCUMENTS, F.NEEDS, F.SAFETY_RISKS},
    R.MIGRATION_OR_CHANGE_OF_LOCATION: _PLACEMENT | {F.CURRENT_LOCATION},
}


def sharing_purpose(purpose: SharingPurpose | str) -> SharingPurpose:
    """Coerce a purpose code (an assistance type or a referral reason), naming an unknown one."""
    for enum in (AssistanceType, ReferralReason):
        try:
            return enum(purpose)
        except ValueError:
            continue
    raise ReferralInputError(f"unknown sharing purpose {purpose!r}")


def allowed_sections(purpose: SharingPurpose | str) -> frozenset[FormSection]:
    """The sections a receiver may see for `purpose`; a purpose without an entry shares nothing."""
    p = sharing_purpose(purpose)
    if p not in ALLOWED_SECTIONS:
        raise ReferralInputError(
            f"no minimisation entry for purpose {p.value!r}: name a specific service instead"
        )
    return ALLOWED_SECTIONS[p]


def minimise(case_view: Mapping[str, Any], purpose: SharingPurpose | str) -> dict[str, Any]:
    """A deep copy of only the allowed sections of `case_view` (unknown sections are dropped)."""
    allowed = {s.value for s in allowed_sections(purpose)}
    return {k: copy.deepcopy(v) for k, v in case_view.items() if str(k) in allowed}


def withheld_sections(case_view: Mapping[str, Any], purpose: SharingPurpose | str) -> list[str]:
    """The sections that will not be shared (to show the sender what stays behind)."""
    allowed = {s.value for s in allowed_sections(purpose)}
    return sorted(str(k) for k in case_view if str(k) not in allowed)
