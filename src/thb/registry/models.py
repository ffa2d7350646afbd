"""Case registry tables (HTCDS 2.0 entities with EU extensions; see htcds.py for the names)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from thb.db import Base, utcnow
from thb.security.types import EncryptedDate, EncryptedText


class Person(Base):
    """A victim or presumed victim as one organisation registered them; identifying fields encrypted."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_ref: Mapped[str] = mapped_column(String(30), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    first_name: Mapped[str | None] = mapped_column(EncryptedText("person.first_name"))
    second_name: Mapped[str | None] = mapped_column(EncryptedText("person.second_name"))
    alias: Mapped[str | None] = mapped_column(EncryptedText("person.alias"))
    birth_date: Mapped[date | None] = mapped_column(EncryptedDate("person.birth_date"))
    identity_number: Mapped[str | None] = mapped_column(EncryptedText("person.identity_number"))
    email: Mapped[str | None] = mapped_column(EncryptedText("person.email"))
    phone: Mapped[str | None] = mapped_column(EncryptedText("person.phone"))
    first_name_index: Mapped[str | None] = mapped_column(String(32), index=True)
    second_name_index: Mapped[str | None] = mapped_column(String(32), index=True)
    birth_date_index: Mapped[str | None] = mapped_column(String(32), index=True)
    # Not identifying on its own; kept clear so age groups are derived without decryption.
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_date_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    age_uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str] = mapped_column(String(30), default="NonSpecifiedUnknown")
    sex_stat: Mapped[str] = mapped_column(String(3), default="UNK")
    citizenships: Mapped[list[str]] = mapped_column(JSON, default=list)
    stateless: Mapped[bool] = mapped_column(Boolean, default=False)
    migration_status: Mapped[str | None] = mapped_column(String(40))
    primary_language: Mapped[str | None] = mapped_column(String(3))
    unaccompanied: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    registrations: Mapped[list[Registration]] = relationship(
        back_populates="person", order_by="Registration.registration_date"
    )
    decisions: Mapped[list[IdentificationDecision]] = relationship(
        order_by="IdentificationDecision.decision_date"
    )
    exploitation: Mapped[list[ExploitationEpisode]] = relationship()


class Registration(Base):
    """One registration of a person in a reporting country; the statistics' unit and reference date."""

    __tablename__ = "registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    reporting_country: Mapped[str] = mapped_column(String(2), index=True)
    registration_date: Mapped[date] = mapped_column(Date, index=True)
    # Derived by registry.rules at write time, never typed in.
    reference_year: Mapped[int] = mapped_column(Integer, index=True)
    age_group: Mapped[str] = mapped_column(String(5))
    citizen_cat: Mapped[str] = mapped_column(String(16))
    closed_on: Mapped[date | None] = mapped_column(Date)
    closure_reason: Mapped[str | None] = mapped_column(String(60))
    closure_approved_by: Mapped[int | None] = mapped_column(Integer)

    person: Mapped[Person] = relationship(back_populates="registrations")


class _PersonChild:
    """Columns every record hanging off a person shares."""

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @declared_attr
    def person_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)


class IdentificationDecision(_PersonChild, Base):
    """Reasonable grounds, conclusive or negative; registration status derives from the latest."""

    __tablename__ = "identification_decision"

    stage: Mapped[str] = mapped_column(String(20))
    decision_date: Mapped[date] = mapped_column(Date)
    decided_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    formal_identification: Mapped[bool] = mapped_column(Boolean, default=False)


class ExploitationEpisode(_PersonChild, Base):
    """One form of exploitation suffered, where and when; a person can have several."""

    __tablename__ = "exploitation_episode"

    form: Mapped[str] = mapped_column(String(40))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=True)
    sex_exploitation_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    industry: Mapped[str | None] = mapped_column(String(60))
    country: Mapped[str | None] = mapped_column(String(2))
    nuts_region: Mapped[str | None] = mapped_column(String(5))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    online_component: Mapped[bool] = mapped_column(Boolean, default=False)
    websites_and_apps: Mapped[list[str]] = mapped_column(JSON, default=list)
    means_of_control: Mapped[list[str]] = mapped_column(JSON, default=list)


class Recruitment(_PersonChild, Base):
    """How the person was recruited (HTCDS vic_MethodOfRecruitment etc.)."""

    __tablename__ = "recruitment"

    methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    websites_and_apps: Mapped[list[str]] = mapped_column(JSON, default=list)
    country: Mapped[str | None] = mapped_column(String(2))
    relationship_to_trafficker: Mapped[str | None] = mapped_column(String(30))
    age_when_trafficked: Mapped[int | None] = mapped_column(Integer)
    abduction: Mapped[bool] = mapped_column(Boolean, default=False)


class TraffickingEvent(_PersonChild, Base):
    """A step of the route (recruitment / transit / exploitation): the basis of flows."""

    __tablename__ = "trafficking_event"

    event_type: Mapped[str] = mapped_column(String(20))
    event_date: Mapped[date | None] = mapped_column(Date)
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(EncryptedText("trafficking_event.description"))


class Consent(_PersonChild, Base):
    """Informed, purpose-specific, withdrawable consent (HTCDS con_Consent + eu_purpose)."""

    __tablename__ = "consent"

    purpose: Mapped[str] = mapped_column(String(30))
    given_by: Mapped[str] = mapped_column(String(20), default="self")
    given_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20), default="written")
    recipient_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    language: Mapped[str | None] = mapped_column(String(3))
    interpreter_used: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_basis: Mapped[str | None] = mapped_column(String(40))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Guardianship(_PersonChild, Base):
    """A child's guardian or representative (2011/36 Art 14(2), 15, 16)."""

    __tablename__ = "guardianship"

    guardian_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    guardian_name: Mapped[str | None] = mapped_column(EncryptedText("guardianship.guardian_name"))
    appointed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    basis: Mapped[str | None] = mapped_column(String(40))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AgeAssessment(_PersonChild, Base):
    """How an uncertain age was assessed; the benefit of the doubt goes to the child."""

    __tablename__ = "age_assessment"

    method: Mapped[str] = mapped_column(String(30))
    assessed_on: Mapped[date] = mapped_column(Date)
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    benefit_of_doubt_applied: Mapped[bool] = mapped_column(Boolean, default=True)


class ReflectionPeriod(_PersonChild, Base):
    """Reflection and recovery period for third-country nationals (2004/81 Art 6; CoE Art 13)."""

    __tablename__ = "reflection_period"

    legal_basis: Mapped[str] = mapped_column(String(40), default="2004/81 Art 6")
    start_date: Mapped[date] = mapped_column(Date)
    planned_end_date: Mapped[date] = mapped_column(Date)
    actual_end_date: Mapped[date | None] = mapped_column(Date)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    termination_reason: Mapped[str | None] = mapped_column(String(40))
    terminated_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    information_given_on: Mapped[date | None] = mapped_column(Date)


class ResidencePermit(_PersonChild, Base):
    """Residence permit (2004/81 victim permit, international protection, other national)."""

    __tablename__ = "residence_permit"

    permit_type: Mapped[str] = mapped_column(String(40))
    application_date: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(20), default="pending")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(String(40))


class CompensationClaim(_PersonChild, Base):
    """A compensation claim tracked to its outcome (2011/36 Art 17)."""

    __tablename__ = "compensation_claim"

    scheme: Mapped[str] = mapped_column(String(40))
    filed_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    amount_awarded: Mapped[float | None] = mapped_column(Numeric(12, 2))
    amount_paid: Mapped[float | None] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")


class CaseNote(_PersonChild, Base):
    """Free text is identifying by nature: always encrypted (HTCDS cco_CaseComment)."""

    __tablename__ = "case_note"

    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    text: Mapped[str] = mapped_column(EncryptedText("case_note.text"))


class NonPunishmentAssessment(_PersonChild, Base):
    """Offences the person was compelled to commit, assessed for non-punishment (2011/36 Art 8, R14)."""

    __tablename__ = "non_punishment_assessment"

    assessed_on: Mapped[date] = mapped_column(Date)
    compelled_offences: Mapped[list[str]] = mapped_column(JSON, default=list)
    non_punishment_applies: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(EncryptedText("non_punishment_assessment.note"))


class Task(_PersonChild, Base):
    """A deadline on a case (guardian, reflection period, compensation information ...)."""

    __tablename__ = "task"

    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigned_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))


class Perpetrator(Base):
    """A suspected, prosecuted or convicted trafficker (natural or legal person)."""

    __tablename__ = "perpetrator"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    name: Mapped[str | None] = mapped_column(EncryptedText("perpetrator.name"))
    sex_stat: Mapped[str] = mapped_column(String(3), default="UNK")
    citizenship: Mapped[str | None] = mapped_column(String(2))
    age_group: Mapped[str] = mapped_column(String(5), default="UNK")
    legal_person: Mapped[bool] = mapped_column(Boolean, default=False)
    roles_in_process: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CriminalProceeding(Base):
    """A perpetrator's status in the criminal-justice system in one year (Eurostat leg_stat)."""

    __tablename__ = "criminal_proceeding"

    id: Mapped[int] = mapped_column(primary_key=True)
    perpetrator_id: Mapped[int] = mapped_column(
        ForeignKey("perpetrator.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    country: Mapped[str] = mapped_column(String(2), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    leg_stat: Mapped[str] = mapped_column(String(10))
    offence_code: Mapped[str] = mapped_column(String(10), default="0201")
    exploitation_form: Mapped[str | None] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(20), default="pending")
    sentence_months: Mapped[int | None] = mapped_column(Integer)
    victim_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # Recorded for the criminal case only: never an assistance gate (rule R2).
    victim_cooperates: Mapped[bool | None] = mapped_column(Boolean)
    jit_reference: Mapped[str | None] = mapped_column(String(60))
