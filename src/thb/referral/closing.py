"""Closing a case: a coded reason, a supervisor other than the requester, never because proceedings ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from thb.codes.referral import ClosureReason
from thb.db import aware, utcnow
from thb.errors import Conflict, Forbidden
from thb.referral import closure
from thb.referral.models import CaseClosure
from thb.registry import service as registry
from thb.security import audit
from thb.security.permissions import can_write_case
from thb.security.roles import Actor


def pending_closure(session: Session, person_id: int) -> CaseClosure | None:
    query = select(CaseClosure).where(
        CaseClosure.person_id == person_id, CaseClosure.approved_at.is_(None)
    )
    return session.scalar(query)


def request_closure(
    *,
    session: Session,
    actor: Actor,
    person_id: int,
    reason: str,
    note: str = "",
    now: datetime | None = None,
) -> CaseClosure:
    now = now or utcnow()
    person, _ = registry.access_to(session, actor, person_id)
    if not can_write_case(actor, person.organisation_id):
        raise Forbidden("only the organisation holding the case asks to close it")
    if pending_closure(session, person_id) is not None:
        raise Conflict("a closure request is already waiting for a supervisor")
    request = closure.request_closure(
        reason=reason, requested_by=str(actor.user_id), now=now, note=note
    )
    row = CaseClosure(person_id=person_id, reason=request.reason, note=note or None,
                      requested_by=actor.user_id, requested_at=now)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "ClosureRequested", "person", person_id, purpose=request.reason, now=now
    )
    return row


def approve_closure(
    *, session: Session, actor: Actor, person_id: int, now: datetime | None = None
) -> CaseClosure:
    now = now or utcnow()
    person, _ = registry.access_to(session, actor, person_id)
    if not can_write_case(actor, person.organisation_id):
        raise Forbidden("only a supervisor of the organisation holding the case approves closure")
    row = pending_closure(session, person_id)
    if row is None:
        raise Conflict("there is no closure request to approve")
    request = closure.ClosureRequest(reason=ClosureReason(row.reason), requested_by=str(row.requested_by),
                                     requested_at=aware(row.requested_at), note=row.note or "")  # fmt: skip
    closure.approve_closure(
        request, supervisor=str(actor.user_id), is_supervisor=actor.is_supervisor, now=now
    )
    row.approved_by, row.approved_at = actor.user_id, now
    registry.close_registrations(session=session, actor=actor, person_id=person_id, on=now.date(),
                                 reason=row.reason, approved_by=actor.user_id)  # fmt: skip
    audit.record(session, actor, "CaseClosed", "person", person_id, purpose=row.reason, now=now)
    return row
