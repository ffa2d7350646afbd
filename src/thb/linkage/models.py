"""Linkage tables: runs over the registry, the identity each person got, review decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from thb.db import Base, utcnow


class LinkageRun(Base):
    """One deduplication of a country's registry: settings and what came out."""

    __tablename__ = "linkage_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    # First and last registration date covered, "YYYY-MM-DD/YYYY-MM-DD".
    period: Mapped[str | None] = mapped_column(String(21))
    engine: Mapped[str] = mapped_column(String(10))
    threshold: Mapped[float] = mapped_column(Float)
    created_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    records: Mapped[int] = mapped_column(Integer, default=0)
    identities: Mapped[int] = mapped_column(Integer, default=0)
    pairs_scored: Mapped[int] = mapped_column(Integer, default=0)
    pairs_uncertain: Mapped[int] = mapped_column(Integer, default=0)
    decisions_applied: Mapped[int] = mapped_column(Integer, default=0)
    # The quality check's strata (dedupe.quality_check.draw_sample): band, linked or not,
    # pairs scored there, the model's mean probability, pairs offered and pairs held in
    # reserve; None before quality checks.
    quality_strata: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)

    @property
    def quality_sampled(self) -> int:
        """Pairs the run's quality check offers to answer."""
        return sum(int(s.get("sampled", 0)) for s in self.quality_strata or [])


class PersonIdentity(Base):
    """The identity a person got in one run: the id of one member person, naming the cluster."""

    __tablename__ = "person_identity"
    __table_args__ = (UniqueConstraint("run_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("linkage_run.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    identity_id: Mapped[int] = mapped_column(Integer, index=True)
    match_probability: Mapped[float] = mapped_column(Float)


class LinkagePair(Base):
    """A pair of one run to show a reviewer: in the review queue (the model was unsure), in
    the run's quality-check sample, or both."""

    __tablename__ = "linkage_pair"
    __table_args__ = (UniqueConstraint("run_id", "person_id_a", "person_id_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("linkage_run.id", ondelete="CASCADE"), index=True
    )
    person_id_a: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    person_id_b: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    match_probability: Mapped[float] = mapped_column(Float)
    # What each comparison found and the weight it added (dedupe.review.pair_evidence);
    # levels and weights only, never a name.
    evidence: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    queued: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Index into the run's quality_strata when the pair is in the quality-check sample, and
    # its place there: the sample offers a stratum's first quality_strata[i]["sampled"] pairs
    # and holds the rest in reserve (None: drawn before the reserve, always offered).
    stratum: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sample_rank: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ReviewDecision(Base):
    """A reviewer's word on a pair (person_id_a < person_id_b); it overrides the model."""

    __tablename__ = "review_decision"
    __table_args__ = (UniqueConstraint("person_id_a", "person_id_b"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    person_id_a: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    person_id_b: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(12))
    decided_by: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
