"""Service directory tables: published services, shelters and their bed reservations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from thb.db import Base, utcnow


class ServiceOffer(Base):
    """One kind of assistance an organisation offers (Directive 2011/36 Art 11(5) minimum list)."""

    __tablename__ = "service_offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    assistance_type: Mapped[str] = mapped_column(String(40), index=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    eligibility: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    nuts_region: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Shelter(Base):
    """Safe accommodation with a bed count; `beds_reserved` only moves by conditional UPDATEs."""

    __tablename__ = "shelter"
    __table_args__ = (
        UniqueConstraint("organisation_id", "name", name="uq_shelter_organisation_id_name"),
        CheckConstraint("beds_total >= 0", name="beds_total_not_negative"),
        CheckConstraint(
            "beds_reserved >= 0 AND beds_reserved <= beds_total", name="beds_reserved_in_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    eligibility: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    nuts_region: Mapped[str | None] = mapped_column(String(5))
    beds_total: Mapped[int] = mapped_column(Integer, default=0)
    beds_reserved: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class BedReservation(Base):
    """One placement holding one bed from `reserved_at` until `released_at`."""

    __tablename__ = "bed_reservation"

    id: Mapped[int] = mapped_column(primary_key=True)
    shelter_id: Mapped[int] = mapped_column(ForeignKey("shelter.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # Referrals live in another domain; kept as a plain id so neither migration depends on the other.
    referral_id: Mapped[int | None] = mapped_column(Integer, index=True)
    reserved_by_org_id: Mapped[int | None] = mapped_column(Integer)
    reserved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
