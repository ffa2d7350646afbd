"""API shapes of intake and referrals."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from thb.codes.assistance import AssistanceType
from thb.codes.referral import ReferralReason, RejectionReason, Urgency
from thb.registry.schemas import PersonFields


class IntakeCreate(PersonFields):
    """Screening plus registration in one step (the intake wizard posts this)."""

    checklist_ids: list[str] = Field(min_length=1)
    observed: list[str] = Field(default_factory=list)
    record_reasonable_grounds: bool = False
    registration_date: datetime | None = None


class ReferralCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: int
    receiver_org_id: int
    reason: ReferralReason = ReferralReason.ASSISTANCE_SERVICE
    service_requested: AssistanceType | None = None
    urgency: Urgency = Urgency.ROUTINE
    is_transfer: bool = False
    consent_id: int | None = None
    shelter_id: int | None = None
    return_voluntary_and_requested: bool = False
    send: bool = True
    override_reason: str = ""


class ReferralAct(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: str
    rejection_reason: RejectionReason | None = None
    revocation_reason: str = ""
    override_reason: str = ""


class ReferralRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    person_id: int | None  # None on a referral received from another installation
    sender_org_id: int | None
    origin_country: str | None
    receiver_org_id: int | None
    destination_country: str | None
    scope: str
    reason: str
    service_requested: str | None
    urgency: str
    is_transfer: bool
    status: str
    consent_override_used: bool
    rejection_reason: str | None
    non_punishment_flag: bool | None
    shelter_id: int | None
    bed_reservation_id: int | None
    sent_at: datetime | None
    response_due_at: datetime | None
    responded_at: datetime | None
