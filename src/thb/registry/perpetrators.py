"""Suspected, prosecuted and convicted traffickers and their proceedings."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from thb.errors import Forbidden, NotFound
from thb.registry import models as m
from thb.registry import schemas as s
from thb.security import audit
from thb.security.permissions import can_read_proceedings, can_record_proceedings
from thb.security.roles import Actor


def create_perpetrator(
    *, session: Session, actor: Actor, data: s.PerpetratorCreate
) -> m.Perpetrator:
    if not can_record_proceedings(actor):
        raise Forbidden("only analysts and coordinators record suspects")
    values = data.model_dump()
    values["country"] = values["country"] or actor.country
    row = m.Perpetrator(organisation_id=actor.org_id, **values)
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "create", "perpetrator", row.id, fields=["name"] if data.name else []
    )
    return row


def _perpetrator(session: Session, actor: Actor, perpetrator_id: int) -> m.Perpetrator:
    row = session.get(m.Perpetrator, perpetrator_id)
    if row is None or not can_read_proceedings(actor, row.country):
        raise NotFound(f"perpetrator {perpetrator_id} does not exist")
    return row


def list_perpetrators(
    *, session: Session, actor: Actor, limit: int = 50, offset: int = 0
) -> s.Page:
    if actor.country is None or not can_read_proceedings(actor, actor.country):
        raise Forbidden("your role does not see suspects and proceedings")
    query = select(m.Perpetrator).where(m.Perpetrator.country == actor.country)
    rows = list(session.scalars(query.order_by(m.Perpetrator.id)))
    items = [
        s.read_schema(s.PerpetratorCreate).model_validate(r).model_dump(exclude={"name"})
        for r in rows[offset : offset + limit]
    ]
    return s.Page(items=items, total=len(rows), limit=limit, offset=offset)


def add_proceeding(
    *, session: Session, actor: Actor, perpetrator_id: int, data: s.ProceedingCreate
) -> m.CriminalProceeding:
    if not can_record_proceedings(actor):
        raise Forbidden("only analysts and coordinators record proceedings")
    perp = _perpetrator(session, actor, perpetrator_id)
    row = m.CriminalProceeding(
        perpetrator_id=perp.id, organisation_id=actor.org_id, country=perp.country,
        **data.model_dump(),
    )  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "criminal_proceeding", row.id)
    return row


def list_proceedings(
    *, session: Session, actor: Actor, perpetrator_id: int
) -> list[m.CriminalProceeding]:
    perp = _perpetrator(session, actor, perpetrator_id)
    query = select(m.CriminalProceeding).where(m.CriminalProceeding.perpetrator_id == perp.id)
    return list(session.scalars(query.order_by(m.CriminalProceeding.year)))
