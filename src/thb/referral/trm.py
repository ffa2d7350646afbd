"""Transnational referral between two THB installations: focal point to focal point, as signed
(Ed25519) and encrypted (X25519 + AES-GCM) packages that only the receiving focal point can open.

Keys: each installation's focal-point key pair is stored with its private part encrypted by the
field-encryption key; peers are trusted by importing their public export (fingerprint checked
out of band, like a TLS pin) — no password ever travels. Packages travel over HTTP to
`/api/v1/trm/inbox` or as files (`thb trm receive`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from thb.codes.referral import (
    ReferralAction,
    ReferralParty,
    ReferralStatus,
    TransnationalMessageType,
)
from thb.db import utcnow
from thb.errors import Conflict, Forbidden, InvalidInput, NotFound
from thb.referral import rules, transnational
from thb.referral.models import FocalPointKey, Referral, TransnationalPackage
from thb.referral.schemas import ReferralCreate
from thb.referral.service import case_facts, shared_for, state_of, store_state
from thb.registry import service as registry
from thb.security import audit
from thb.security.models import Organisation
from thb.security.permissions import can_write_case
from thb.security.roles import Actor, Role

M = TransnationalMessageType


def own_keys(session: Session, country: str) -> transnational.FocalPointKeys:
    """This installation's focal-point keys for `country`, created on first use."""
    row = session.scalar(
        select(FocalPointKey).where(FocalPointKey.own.is_(True), FocalPointKey.country == country)
    )
    if row is not None:
        return transnational.FocalPointKeys.from_private(json.loads(row.private_export or "{}"))
    keys = transnational.FocalPointKeys.generate()
    session.add(FocalPointKey(country=country, own=True, fingerprint=keys.fingerprint,
                              public_export=keys.public().export(),
                              private_export=json.dumps(keys.export_private())))  # fmt: skip
    session.flush()
    audit.record(session, Actor.system("trm"), "create", "focal_point_key", None, purpose=country)
    return keys


def add_peer(session: Session, actor: Actor, country: str, public_export: dict[str, str]) -> str:
    """Trust another installation's focal point; returns its fingerprint."""
    if actor.role not in (Role.COORDINATOR, Role.ADMIN) and actor.user_id is not None:
        raise Forbidden("only the national focal point or an administrator adds peers")
    keys = transnational.PublicKeys.from_export(public_export)
    if session.scalar(select(FocalPointKey).where(FocalPointKey.fingerprint == keys.fingerprint)):
        raise Conflict(f"peer {keys.fingerprint[:16]}… is already trusted")
    session.add(
        FocalPointKey(
            country=country, own=False, fingerprint=keys.fingerprint, public_export=keys.export()
        )
    )
    session.flush()
    audit.record(session, actor, "trust_peer", "focal_point_key", None, purpose=country)
    return keys.fingerprint


def _peer(session: Session, country: str) -> transnational.PublicKeys:
    row = session.scalar(
        select(FocalPointKey).where(FocalPointKey.own.is_(False), FocalPointKey.country == country)
    )
    if row is None:
        raise NotFound(f"no trusted focal point for {country}: add its public key first")
    return transnational.PublicKeys.from_export(row.public_export)


def _focal_point(session: Session, actor: Actor) -> Organisation:
    org = session.get(Organisation, actor.org_id)
    if org is None or not org.is_focal_point or actor.role != Role.COORDINATOR:
        raise Forbidden("transnational referrals are sent and received by national focal points")
    return org


def _queue(
    session: Session, package: bytes, mtype: str, peer: str, referral_id: int | None
) -> TransnationalPackage:
    envelope = json.loads(package)
    row = TransnationalPackage(message_id=envelope["id"], direction="out", message_type=mtype,
                               peer_country=peer, referral_id=referral_id, package=package.decode())  # fmt: skip
    session.add(row)
    session.flush()
    return row


def send_transnational(
    *,
    session: Session,
    actor: Actor,
    data: ReferralCreate,
    destination_country: str,
    now: datetime | None = None,
) -> tuple[Referral, bytes]:
    """A referral to another installation's focal point: consent and minimisation as at home."""
    now = now or utcnow()
    origin = _focal_point(session, actor)
    person, _ = registry.access_to(session, actor, data.person_id)
    if not can_write_case(actor, person.organisation_id):
        raise Forbidden("only the organisation holding the case refers it")
    recipient = _peer(session, destination_country)
    ref = Referral(person_id=person.id, sender_org_id=origin.id, destination_country=destination_country,
                   scope="transnational", reason=data.reason, service_requested=data.service_requested,
                   urgency=data.urgency, return_voluntary_and_requested=data.return_voluntary_and_requested,
                   status="draft")  # fmt: skip
    session.add(ref)
    session.flush()
    state = replace(state_of(ref), receiving_org=f"focal_point:{destination_country}")
    result = rules.transition(state, ReferralAction.SEND, actor_role=ReferralParty.SENDER, now=now,
                              facts=case_facts(session, person, now), can_override_consent=actor.can_override_consent,
                              override_reason=data.override_reason)  # fmt: skip
    store_state(ref, result.state)
    view = shared_for(session, person, ref)
    ref.shared_view = json.dumps(view)
    message = {"referral": {"reason": ref.reason, "service_requested": ref.service_requested,
                            "urgency": ref.urgency, "origin_country": origin.country,
                            "response_due_at": ref.response_due_at.isoformat() if ref.response_due_at else None,
                            "shared_view": view}}  # fmt: skip
    package = transnational.seal(
        message, sender=own_keys(session, origin.country), recipient_public=recipient, now=now
    )
    ref.trm_message_id = json.loads(package)["id"]
    _queue(session, package, M.REFERRAL, destination_country, ref.id)
    audit.record(
        session,
        actor,
        "TransnationalReferralSent",
        "referral",
        ref.id,
        purpose=destination_country,
        now=now,
    )
    return ref, package


def receive(
    *, session: Session, data: bytes, country: str, now: datetime | None = None
) -> dict[str, Any]:
    """Open a package addressed to this installation's focal point and act on it."""
    now = now or utcnow()
    peers = {r.fingerprint: (r.country, transnational.PublicKeys.from_export(r.public_export))
             for r in session.scalars(select(FocalPointKey).where(FocalPointKey.own.is_(False)))}  # fmt: skip
    seen = set(
        session.scalars(
            select(TransnationalPackage.message_id).where(TransnationalPackage.direction == "in")
        )
    )
    opened = transnational.open_package(data, recipient=own_keys(session, country),
                                        trusted_senders={f: k for f, (_, k) in peers.items()}, seen_ids=seen, now=now)  # fmt: skip
    peer_country = peers[opened["sender"]][0]
    session.add(TransnationalPackage(message_id=opened["id"], direction="in", message_type=opened["type"],
                                     peer_country=peer_country, package=data.decode()))  # fmt: skip
    session.flush()
    if opened["type"] == M.REFERRAL:
        return _received_referral(session, opened, peer_country, country, now)
    return _received_status(session, opened, now)


def _received_referral(
    session: Session, opened: dict[str, Any], peer: str, country: str, now: datetime
) -> dict[str, Any]:
    body = opened["message"]["referral"]
    focal = session.scalar(
        select(Organisation).where(
            Organisation.country == country, Organisation.is_focal_point.is_(True)
        )
    )
    if focal is None:
        raise InvalidInput(f"this installation has no focal point organisation for {country}")
    ref = Referral(person_id=None, sender_org_id=None, origin_country=peer, receiver_org_id=focal.id,
                   destination_country=country, scope="transnational", reason=body["reason"],
                   service_requested=body["service_requested"], urgency=body["urgency"], status="sent",
                   sent_at=opened["created_at"], trm_message_id=opened["id"],
                   response_due_at=datetime.fromisoformat(body["response_due_at"]) if body["response_due_at"] else None,
                   shared_view=json.dumps(body["shared_view"]))  # fmt: skip
    session.add(ref)
    session.flush()
    audit.record(
        session,
        Actor.system("trm"),
        "TransnationalReferralReceived",
        "referral",
        ref.id,
        purpose=peer,
        now=now,
    )
    reply = transnational.acknowledgement(opened["id"], received_at=now)
    _reply(session, ref, M.ACKNOWLEDGEMENT, reply, now)
    return {"type": "referral", "referral_id": ref.id}


def _reply(
    session: Session, ref: Referral, mtype: str, body: dict[str, Any], now: datetime
) -> bytes:
    focal = session.get_one(Organisation, ref.receiver_org_id)
    origin = ref.origin_country or ""
    package = transnational.seal(body, sender=own_keys(session, focal.country),
                                 recipient_public=_peer(session, origin), message_type=mtype, now=now)  # fmt: skip
    _queue(session, package, mtype, origin, ref.id)
    return package


def reply_status(session: Session, ref: Referral, now: datetime) -> None:
    """After the receiving focal point acts, the status flows back to the origin."""
    if ref.origin_country:
        update = transnational.status_update(
            ref.trm_message_id or "", status=ref.status, at=now, note=ref.rejection_reason or ""
        )
        _reply(session, ref, M.STATUS_UPDATE, update, now)


_REMOTE_ACTION = {ReferralStatus.ACCEPTED: ReferralAction.ACCEPT, ReferralStatus.REJECTED: ReferralAction.REJECT,
                  ReferralStatus.IN_PROGRESS: ReferralAction.START, ReferralStatus.COMPLETED: ReferralAction.COMPLETE}  # fmt: skip


def _received_status(session: Session, opened: dict[str, Any], now: datetime) -> dict[str, Any]:
    body = opened["message"]
    ref = session.scalar(
        select(Referral).where(
            Referral.trm_message_id == body["in_reply_to"], Referral.origin_country.is_(None)
        )
    )
    if ref is None:
        raise NotFound(f"no referral sent as package {body['in_reply_to']}")
    if opened["type"] == M.STATUS_UPDATE and ReferralStatus(body["status"]) in _REMOTE_ACTION:
        action = _REMOTE_ACTION[ReferralStatus(body["status"])]
        reason = (
            (body.get("note") or "insufficient_information")
            if action == ReferralAction.REJECT
            else None
        )
        result = rules.transition(
            state_of(ref),
            action,
            actor_role=ReferralParty.RECEIVER,
            now=now,
            rejection_reason=reason,
        )
        store_state(ref, result.state)
    audit.record(
        session,
        Actor.system("trm"),
        f"Transnational{opened['type'].title()}Received",
        "referral",
        ref.id,
        now=now,
    )
    return {"type": opened["type"], "referral_id": ref.id, "status": ref.status}


def outbox(session: Session, actor: Actor) -> list[TransnationalPackage]:
    """Packages waiting to be carried to peers (the focal point's courier job reads this)."""
    _focal_point(session, actor)
    return list(session.scalars(select(TransnationalPackage).where(TransnationalPackage.direction == "out")
                                .order_by(TransnationalPackage.id)))  # fmt: skip
