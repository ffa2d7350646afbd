"""Referral tables: screenings, referrals and transfers, information given, TRM keys and packages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from thb.db import Base, utcnow
from thb.security.types import EncryptedText


class Screening(Base):
    """An indicator checklist filled in by a frontline professional, with THB's suggestion."""

    __tablename__ = "screening"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    checklist_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    observed: Mapped[list[str]] = mapped_column(JSON, default=list)
    suggested_reasonable_grounds: Mapped[bool] = mapped_column(Boolean, default=False)
    reasonable_grounds_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    screened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Referral(Base):
    """A national or transnational referral (or transfer) of one person's case."""

    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Null on a transnational referral received from another installation: the person and the
    # sending organisation live there; only the minimised `shared_view` travels.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    sender_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    origin_country: Mapped[str | None] = mapped_column(String(2))
    receiver_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    destination_country: Mapped[str | None] = mapped_column(String(2))
    scope: Mapped[str] = mapped_column(String(20), default="national")
    reason: Mapped[str] = mapped_column(String(40))
    service_requested: Mapped[str | None] = mapped_column(String(40))
    urgency: Mapped[str] = mapped_column(String(20), default="routine")
    is_transfer: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consent.id"))
    consent_override_used: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str] = mapped_column(String(300), default="")
    rejection_reason: Mapped[str | None] = mapped_column(String(40))
    revocation_reason: Mapped[str] = mapped_column(String(300), default="")
    return_voluntary_and_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    non_punishment_flag: Mapped[bool | None] = mapped_column(Boolean)
    shelter_id: Mapped[int | None] = mapped_column(Integer)
    bed_reservation_id: Mapped[int | None] = mapped_column(Integer)
    # What the receiver may see: the minimised case view, frozen when the referral is sent.
    shared_view: Mapped[str | None] = mapped_column(EncryptedText("referral.shared_view"))
    # The package that carried this referral between installations (sent or received).
    trm_message_id: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    response_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class InformationGiven(Base):
    """A logged information duty: rights, reflection period, compensation ... (R17, R18)."""

    __tablename__ = "information_given"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    given_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    language: Mapped[str | None] = mapped_column(String(3))
    interpreter_used: Mapped[bool] = mapped_column(Boolean, default=False)


class FocalPointKey(Base):
    """This installation's focal-point key pair (private part encrypted) or a trusted peer's public key."""

    __tablename__ = "focal_point_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    own: Mapped[bool] = mapped_column(Boolean, default=False)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    public_export: Mapped[dict] = mapped_column(JSON)
    private_export: Mapped[str | None] = mapped_column(EncryptedText("focal_point_key.private"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TransnationalPackage(Base):
    """A signed and encrypted package sent to or received from another installation."""

    __tablename__ = "transnational_package"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(64), unique=True)  # replay protection
    direction: Mapped[str] = mapped_column(String(3))  # "out" or "in"
    message_type: Mapped[str] = mapped_column(String(30))
    peer_country: Mapped[str] = mapped_column(String(2))
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"))
    package: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CaseClosure(Base):
    """A request to close a case and its supervisor's approval (R19)."""

    __tablename__ = "case_closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(EncryptedText("case_closure.note"))
    requested_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
