"""Code lists of the referral mechanism (NRM/TRM): statuses, reasons, sections, tasks, messages."""

from __future__ import annotations

from enum import StrEnum


class ReferralStatus(StrEnum):
    """Status of a referral or transfer (data-model.md: Referral; `done` is spelled `completed`)."""

    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REVOKED = "revoked"
    EXPIRED = "expired"


TERMINAL_STATUSES = frozenset(
    {
        ReferralStatus.REJECTED,
        ReferralStatus.COMPLETED,
        ReferralStatus.REVOKED,
        ReferralStatus.EXPIRED,
    }
)


class ReferralAction(StrEnum):
    """What a party does to a referral; each maps to one event in the past tense."""

    SEND = "send"
    ACCEPT = "accept"
    REJECT = "reject"
    START = "start"
    COMPLETE = "complete"
    REVOKE = "revoke"
    EXPIRE = "expire"


class ReferralParty(StrEnum):
    """The side of the referral an actor acts for (the service maps users to a side)."""

    SENDER = "sender"
    RECEIVER = "receiver"
    SYSTEM = "system"


class ReferralReason(StrEnum):
    """`cas_ReasonForOutgoingReferral`: HTCDS list plus the NRM extensions of data-model.md."""

    ADDITIONAL_SERVICES = "AdditionalServicesRequired"
    MIGRATION_OR_CHANGE_OF_LOCATION = "MigrationOrChangeOfLocation"
    OTHER = "Other"
    ASSISTANCE_SERVICE = "AssistanceService"
    IDENTIFICATION = "Identification"
    RETURN = "Return"
    LEGAL_PROCEDURE = "LegalProcedure"
    LAW_ENFORCEMENT = "LawEnforcement"
    CHILD_PROTECTION = "ChildProtection"
    ASYLUM = "Asylum"


ASSISTANCE_REASONS = frozenset(
    {
        ReferralReason.ASSISTANCE_SERVICE,
        ReferralReason.ADDITIONAL_SERVICES,
        ReferralReason.CHILD_PROTECTION,
    }
)


class ReferralScope(StrEnum):
    """`eu_referral_scope`."""

    NATIONAL = "national"
    TRANSNATIONAL = "transnational"


class Urgency(StrEnum):
    """`eu_urgent`, as a level: the response time depends on it."""

    ROUTINE = "routine"
    URGENT = "urgent"
    EMERGENCY = "emergency"


class RejectionReason(StrEnum):
    """Coded reasons a receiving organisation declines a referral."""

    NO_CAPACITY = "no_capacity"
    SERVICE_NOT_OFFERED = "service_not_offered"
    OUTSIDE_TARGET_GROUP = "outside_target_group"
    OUTSIDE_AREA = "outside_area"
    SAFETY_RISK_CANNOT_BE_MANAGED = "safety_risk_cannot_be_managed"
    PERSON_DECLINED = "person_declined"
    DUPLICATE = "duplicate"
    INSUFFICIENT_INFORMATION = "insufficient_information"


class IndicatorStrength(StrEnum):
    """How strongly one indicator points to trafficking."""

    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


class ChecklistId(StrEnum):
    """Indicator checklists, per context of exploitation and per screening actor."""

    GENERAL = "general"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    LABOUR_EXPLOITATION = "labour_exploitation"
    CHILD_TRAFFICKING = "child_trafficking"
    POLICE = "police"
    LABOUR_INSPECTOR = "labour_inspector"
    BORDER_GUARD = "border_guard"
    HEALTH_SOCIAL_WORKER = "health_social_worker"


class FormSection(StrEnum):
    """Sections of a case view; minimisation shares only those a purpose needs."""

    FIRST_NAME_OR_ALIAS = "first_name_or_alias"
    FULL_NAME = "full_name"
    DATE_OF_BIRTH = "date_of_birth"
    SEX = "sex"
    AGE_GROUP = "age_group"
    CITIZENSHIP = "citizenship"
    LANGUAGES = "languages"
    CONTACT = "contact"
    CURRENT_LOCATION = "current_location"
    IDENTITY_DOCUMENTS = "identity_documents"
    NEEDS = "needs"
    SPECIAL_NEEDS = "special_needs"
    URGENCY = "urgency"
    SAFETY_RISKS = "safety_risks"
    MEDICAL_HISTORY = "medical_history"
    EXPLOITATION_FORMS = "exploitation_forms"
    EXPLOITATION_NARRATIVE = "exploitation_narrative"
    PROCEEDINGS = "proceedings"
    NON_PUNISHMENT = "non_punishment"
    IMMIGRATION_STATUS = "immigration_status"
    REFLECTION_PERIOD = "reflection_period"
    GUARDIAN = "guardian"
    CASE_WORKER = "case_worker"


class TaskType(StrEnum):
    """Deadline-bearing tasks the referral mechanism raises."""

    APPOINT_GUARDIAN = "appoint_guardian"
    REFLECTION_PERIOD_ENDS = "reflection_period_ends"
    RESIDENCE_PERMIT_DECISION = "residence_permit_decision"
    INFORM_VICTIM = "inform_victim"
    REFERRAL_RESPONSE = "referral_response"


class AlertLevel(StrEnum):
    """How loudly a task asks for attention at a given moment."""

    DONE = "done"
    OK = "ok"
    AMBER = "amber"
    RED = "red"


class InformationItem(StrEnum):
    """Information a registered victim must receive and the giving logged (R9, R17, R18)."""

    RIGHTS = "rights"
    COMPENSATION = "compensation"
    REFLECTION_PERIOD = "reflection_period"
    INTERNATIONAL_PROTECTION = "international_protection"
    RETURN = "return"


class ClosureReason(StrEnum):
    """Coded case-closure reasons; "proceedings ended" is deliberately absent (R19)."""

    SUPPORT_PLAN_COMPLETED = "support_plan_completed"
    PERSON_DECLINED_FURTHER_ASSISTANCE = "person_declined_further_assistance"
    HANDED_OVER_TO_OTHER_ORGANISATION = "handed_over_to_other_organisation"
    RETURNED_AND_HANDED_OVER = "returned_and_handed_over"
    CONTACT_LOST = "contact_lost"
    DECEASED = "deceased"
    NEGATIVE_IDENTIFICATION = "negative_identification"
    DUPLICATE_RECORD = "duplicate_record"


class TransnationalMessageType(StrEnum):
    """Kinds of focal-point-to-focal-point package (TRM)."""

    REFERRAL = "referral"
    ACKNOWLEDGEMENT = "acknowledgement"
    STATUS_UPDATE = "status_update"
