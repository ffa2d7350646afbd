"""The append-only, hash-chained audit log: appending and verifying."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from thb.db import utcnow
from thb.security.models import AuditEvent, AuditHead
from thb.security.roles import Actor

GENESIS = "0" * 64
CHAINED = (
    "seq",
    "at",
    "actor_user_id",
    "actor_role",
    "actor_org_id",
    "action",
    "entity",
    "entity_id",
    "fields",
    "purpose",
)


def entry_hash(prev_hash: str, values: dict[str, object]) -> str:
    """SHA-256 over the previous hash and the canonical JSON of the entry's own values."""
    body = json.dumps({k: values[k] for k in CHAINED}, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object = None,
    *,
    fields: Iterable[str] = (),
    purpose: str = "",
    now: datetime | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction; the head row lock orders concurrent writers."""
    session.flush()
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    session.refresh(head)
    values: dict[str, object] = {
        "seq": head.seq,
        "at": (now or utcnow()).isoformat(),
        "actor_user_id": actor.user_id,
        "actor_role": actor.role,
        "actor_org_id": actor.org_id,
        "action": action,
        "entity": entity,
        "entity_id": None if entity_id is None else str(entity_id),
        "fields": ",".join(sorted(fields)),
        "purpose": purpose,
    }
    digest = entry_hash(head.hash, values)
    event = AuditEvent(**values, prev_hash=head.hash, hash=digest)
    session.add(event)
    head.hash = digest
    session.flush()
    return event


def ensure_head(session: Session) -> None:
    """Create the chain's head row once (migrations and fresh test databases)."""
    if session.get(AuditHead, 1) is None:
        session.add(AuditHead(id=1, seq=0, hash=GENESIS))
        session.flush()


@dataclass(frozen=True)
class ChainBreak:
    """The first entry that does not verify, and why."""

    seq: int
    reason: str


def verify_chain(rows: Iterable[AuditEvent], head: AuditHead | None) -> ChainBreak | None:
    """Walk the chain in order; report the first altered, missing or re-ordered entry."""
    prev, expected_seq = GENESIS, 1
    for row in rows:
        values = {k: getattr(row, k) for k in CHAINED}
        if row.seq != expected_seq:
            return ChainBreak(expected_seq, f"entry {expected_seq} is missing (found {row.seq})")
        if row.prev_hash != prev:
            return ChainBreak(row.seq, "link to the previous entry is broken")
        if entry_hash(prev, values) != row.hash:
            return ChainBreak(row.seq, "entry was altered after it was written")
        prev, expected_seq = row.hash, expected_seq + 1
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        return ChainBreak(expected_seq, f"the chain ends early: head says {head.seq} entries")
    return None


def verify(session: Session) -> ChainBreak | None:
    rows = session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()
    return verify_chain(rows, session.get(AuditHead, 1))
