"""Code lists of the case registry (HTCDS 2.0 lists with THB's EU extensions)."""

from __future__ import annotations

from enum import StrEnum


class OrganisationType(StrEnum):
    """HTCDS `org_Type`, extended with the NRM actors HTCDS lacks."""

    NGO = "NGO"
    LAW_ENFORCEMENT = "LawEnforcement"
    HEALTH_SERVICE = "HealthServiceOrganisation"
    CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation"
    LOCAL_GOVERNMENT = "LocalGovernmentOrganisation"
    IMMIGRATION_SERVICE = "ImmigrationService"
    LEGAL_SERVICE = "LegalService"
    LABOUR_INSPECTORATE = "LabourInspectorate"
    ASYLUM_AUTHORITY = "AsylumAuthority"
    CHILD_PROTECTION = "ChildProtectionService"
    PROSECUTION = "Prosecution"
    COURT = "Court"
    EMBASSY = "Embassy"
    NATIONAL_RAPPORTEUR = "NationalRapporteur"
    INTERNATIONAL_ORGANISATION = "InternationalOrganisation"
    SHELTER = "Shelter"


class NrmRole(StrEnum):
    """`eu_nrm_role`: the organisation's part in the national referral mechanism."""

    IDENTIFYING = "identifying"
    ASSISTING = "assisting"
    REFERRING = "referring"
    FOCAL_POINT = "focal_point"


class Gender(StrEnum):
    """HTCDS `prs_Gender`."""

    FEMININE = "Feminine"
    MASCULINE = "Masculine"
    TRANSGENDER_FEMININE = "TransgenderFeminine"
    TRANSGENDER_MASCULINE = "TransgenderMasculine"
    NON_CONFORMING = "NonConforming"
    UNKNOWN = "NonSpecifiedUnknown"


class SexStat(StrEnum):
    """Eurostat `sex` for a person (T is a total, never a person)."""

    F = "F"
    M = "M"
    UNK = "UNK"


class DecisionStage(StrEnum):
    """`eu_decision_stage` of an identification decision."""

    REASONABLE_GROUNDS = "reasonable_grounds"
    CONCLUSIVE = "conclusive"
    NEGATIVE = "negative"


class TraffickingStatus(StrEnum):
    """HTCDS `vic_TraffickingStatus`."""

    POSSIBLE = "Possible"
    ACTUAL = "Actual"
    NOT = "Not"


class RegistrationStatus(StrEnum):
    """`eu_registration_status`, derived from the latest identification decision."""

    IDENTIFIED = "IDENTIFIED"
    PRESUMED = "PRESUMED"
    NOT_VICTIM = "NOT_VICTIM"


class CitizenshipCategory(StrEnum):
    """Eurostat CITIZEN categories relative to the reporting country."""

    NAT = "NAT"
    EU27_2020_FOR = "EU27_2020_FOR"
    NEU27_2020_FOR = "NEU27_2020_FOR"
    STLS = "STLS"
    UNK = "UNK"


class AgeGroup(StrEnum):
    """`eu_age_group` at registration; Eurostat `age` codes in EUROSTAT_AGE."""

    CHILD = "CHILD"
    ADULT = "ADULT"
    UNK = "UNK"


EUROSTAT_AGE = {AgeGroup.CHILD: "Y_LT18", AgeGroup.ADULT: "Y_GE18", AgeGroup.UNK: "UNK"}


class LegalStatus(StrEnum):
    """Eurostat `leg_stat` of a person in the criminal-justice system."""

    PER_VICT = "PER_VICT"
    PER_SUSP = "PER_SUSP"
    PER_PRSC = "PER_PRSC"
    PER_CNV = "PER_CNV"


class TraffickingEventType(StrEnum):
    """HTCDS `hte_Type`."""

    RECRUITMENT = "Recruitment"
    TRANSIT = "Transit"
    EXPLOITATION = "Exploitation"


class ConsentPurpose(StrEnum):
    """`eu_purpose` of a consent: each onward use needs its own."""

    ASSISTANCE = "assistance"
    DATA_PROCESSING = "data_processing"
    REFERRAL = "referral"
    STATISTICAL_USE = "statistical_use"
    RESEARCH = "research"
    DATA_SHARING_CTDC = "data_sharing_ctdc"


class ConsentGivenBy(StrEnum):
    """`eu_given_by`."""

    SELF = "self"
    GUARDIAN = "guardian"
    REPRESENTATIVE = "representative"


class ProceedingOutcome(StrEnum):
    """Outcome of a criminal proceeding."""

    PENDING = "pending"
    CONVICTION = "conviction"
    ACQUITTAL = "acquittal"
    DISCONTINUED = "discontinued"


class CompensationScheme(StrEnum):
    """Route of a compensation claim."""

    STATE = "state_compensation"
    CIVIL_IN_CRIMINAL = "civil_claim_in_criminal_case"
    LABOUR = "labour_claim"


class ReflectionTermination(StrEnum):
    """The only lawful reasons to end a reflection period early (2004/81 Art 6(4), rule R11)."""

    RENEWED_CONTACT = "renewed_contact_with_perpetrators"
    PUBLIC_POLICY = "public_policy_or_national_security"


class AgeAssessmentMethod(StrEnum):
    """How an uncertain age was assessed."""

    DOCUMENTS = "documents"
    INTERVIEW = "interview"
    MULTIDISCIPLINARY = "multidisciplinary"
    MEDICAL = "medical"
