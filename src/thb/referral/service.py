"""Referral workflow: load -> pure rules (rules.py) -> persist -> audit. Services flush, never commit."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from thb.codes.assistance import AssistanceType
from thb.codes.referral import (
    ReferralAction,
    ReferralParty,
    ReferralReason,
    ReferralScope,
    ReferralStatus,
    RejectionReason,
    Urgency,
)
from thb.codes.registry import ConsentPurpose, DecisionStage
from thb.db import aware, utcnow
from thb.errors import Forbidden, InvalidInput, NotFound
from thb.referral import minimisation, rules
from thb.referral.consent import ConsentFacts
from thb.referral.models import Referral
from thb.referral.schemas import ReferralCreate
from thb.registry import models as rm
from thb.registry import service as registry
from thb.security import audit
from thb.security.models import Organisation
from thb.security.permissions import CASEWORKERS, can_write_case
from thb.security.roles import Actor, Role


def _at(dt: datetime | None) -> datetime | None:
    return None if dt is None else aware(dt)


def state_of(ref: Referral) -> rules.ReferralState:
    """The pure state the rules work on, from the row."""
    return rules.ReferralState(
        status=ReferralStatus(ref.status), reason=ReferralReason(ref.reason),
        service_requested=AssistanceType(ref.service_requested) if ref.service_requested else None,
        receiving_org=str(ref.receiver_org_id) if ref.receiver_org_id else None,
        scope=ReferralScope(ref.scope), urgency=Urgency(ref.urgency), is_transfer=ref.is_transfer,
        return_voluntary_and_requested=ref.return_voluntary_and_requested,
        non_punishment_flag=ref.non_punishment_flag,
        consent_id=str(ref.consent_id) if ref.consent_id else None,
        consent_override_used=ref.consent_override_used, override_reason=ref.override_reason,
        rejection_reason=RejectionReason(ref.rejection_reason) if ref.rejection_reason else None,
        revocation_reason=ref.revocation_reason,
        sent_at=_at(ref.sent_at), response_due_at=_at(ref.response_due_at),
        responded_at=_at(ref.responded_at), started_at=_at(ref.started_at),
        completed_at=_at(ref.completed_at), closed_at=_at(ref.closed_at),
    )  # fmt: skip


_STATE_COLUMNS = ("status", "consent_override_used", "override_reason", "rejection_reason",
                  "revocation_reason", "non_punishment_flag", "sent_at", "response_due_at",
                  "responded_at", "started_at", "completed_at", "closed_at")  # fmt: skip


def store_state(ref: Referral, state: rules.ReferralState) -> None:
    """Write the rules' new state back onto the row."""
    for name in _STATE_COLUMNS:
        value = getattr(state, name)
        setattr(ref, name, value.value if hasattr(value, "value") else value)
    if state.consent_id is not None:
        ref.consent_id = int(state.consent_id)


def case_facts(session: Session, person: rm.Person, today: datetime) -> rules.CaseFacts:
    """What the case says when a referral is sent: consents, reasonable grounds, reflection, R14."""
    consents = tuple(
        ConsentFacts(
            consent_id=str(c.id),
            purpose=ConsentPurpose(c.purpose),
            given_at=datetime(c.given_on.year, c.given_on.month, c.given_on.day, tzinfo=UTC),
            withdrawn_at=_at(c.withdrawn_at),
            receiving_org=str(c.recipient_org_id) if c.recipient_org_id else None,
        )  # fmt: skip
        for c in session.scalars(select(rm.Consent).where(rm.Consent.person_id == person.id))
    )
    grounds = any(d.stage != DecisionStage.NEGATIVE for d in person.decisions)
    periods = session.scalars(
        select(rm.ReflectionPeriod).where(rm.ReflectionPeriod.person_id == person.id)
    )
    active = any(
        p.start_date <= today.date() < (p.actual_end_date or p.planned_end_date) for p in periods
    )
    return rules.CaseFacts(
        consents, grounds, active, non_punishment_flag=_non_punishment(session, person)
    )


def _latest_non_punishment(
    session: Session, person: rm.Person
) -> rm.NonPunishmentAssessment | None:
    query = select(rm.NonPunishmentAssessment).where(
        rm.NonPunishmentAssessment.person_id == person.id
    )
    return session.scalar(
        query.order_by(
            rm.NonPunishmentAssessment.assessed_on.desc(), rm.NonPunishmentAssessment.id.desc()
        )
    )


def _non_punishment(session: Session, person: rm.Person) -> bool | None:
    """The latest assessment's verdict; None when nobody has assessed it yet."""
    latest = _latest_non_punishment(session, person)
    return None if latest is None else latest.non_punishment_applies


def case_view(session: Session, person: rm.Person) -> dict[str, Any]:
    """The case as form sections; minimisation then keeps only what a purpose needs."""
    reg = person.registrations[0]
    guardians = session.scalars(
        select(rm.Guardianship).where(rm.Guardianship.person_id == person.id)
    )
    periods = session.scalars(
        select(rm.ReflectionPeriod).where(rm.ReflectionPeriod.person_id == person.id)
    )
    return {
        "first_name_or_alias": person.alias or person.first_name,
        "full_name": " ".join(n for n in (person.first_name, person.second_name) if n),
        "date_of_birth": person.birth_date.isoformat() if person.birth_date else None,
        "sex": person.sex_stat, "age_group": reg.age_group,
        "citizenship": person.citizenships, "languages": [person.primary_language] if person.primary_language else [],
        "contact": {"email": person.email, "phone": person.phone},
        "identity_documents": person.identity_number,
        "immigration_status": person.migration_status,
        "exploitation_forms": sorted({e.form for e in person.exploitation}),
        "reflection_period": [{"start": p.start_date.isoformat(), "planned_end": p.planned_end_date.isoformat()} for p in periods],
        "guardian": [g.guardian_name for g in guardians],
        "non_punishment": _non_punishment_section(session, person),
    }  # fmt: skip


def _non_punishment_section(session: Session, person: rm.Person) -> dict[str, Any] | None:
    """What police and prosecution must see (R14): the verdict and the offences concerned."""
    latest = _latest_non_punishment(session, person)
    if latest is None:
        return None
    return {"applies": latest.non_punishment_applies, "compelled_offences": latest.compelled_offences,
            "assessed_on": latest.assessed_on.isoformat()}  # fmt: skip


def shared_for(session: Session, person: rm.Person, ref: Referral) -> dict[str, Any]:
    """The minimised view a receiver gets: only the sections the referral's purpose needs."""
    view = case_view(session, person) | {"urgency": ref.urgency, "needs": ref.service_requested}
    return minimisation.minimise(view, _purpose(ref))


def _purpose(ref: Referral) -> AssistanceType | ReferralReason:
    return (
        AssistanceType(ref.service_requested)
        if ref.service_requested
        else ReferralReason(ref.reason)
    )


def create_referral(
    *, session: Session, actor: Actor, data: ReferralCreate, now: datetime | None = None
) -> Referral:
    """A draft referral from the organisation holding the case (sent at once unless `send` is off)."""
    person, _ = registry.access_to(session, actor, data.person_id)
    if not can_write_case(actor, person.organisation_id):
        raise Forbidden("only the organisation holding the case refers it")
    receiver = session.get(Organisation, data.receiver_org_id)
    if receiver is None:
        raise InvalidInput(
            "unknown receiver",
            errors=[{"field": "receiver_org_id", "message": "no such organisation"}],
        )
    sender = session.get_one(Organisation, actor.org_id)
    transnational = receiver.country != sender.country
    if transnational and not (sender.is_focal_point and receiver.is_focal_point):
        raise Forbidden("transnational referrals go from one national focal point to another")
    ref = Referral(
        person_id=person.id, sender_org_id=actor.org_id, receiver_org_id=receiver.id,
        destination_country=receiver.country, scope="transnational" if transnational else "national",
        reason=data.reason, service_requested=data.service_requested, urgency=data.urgency,
        is_transfer=data.is_transfer, consent_id=data.consent_id, shelter_id=data.shelter_id,
        return_voluntary_and_requested=data.return_voluntary_and_requested, status="draft",
    )  # fmt: skip
    minimisation.allowed_sections(_purpose(ref))  # a purpose that shares nothing is refused now
    _check_shelter(session, data.shelter_id, receiver, person)
    session.add(ref)
    session.flush()
    audit.record(session, actor, "create", "referral", ref.id, now=now)
    if data.send:
        send_referral(
            session=session,
            actor=actor,
            referral_id=ref.id,
            now=now,
            override_reason=data.override_reason,
        )
    return ref


def _check_shelter(
    session: Session, shelter_id: int | None, receiver: Organisation, person: rm.Person
) -> None:
    """A placement names a shelter of the receiving organisation that takes this person in."""
    if shelter_id is None:
        return
    from thb.directory import rules as directory_rules
    from thb.directory.models import Shelter

    shelter = session.get(Shelter, shelter_id)
    if shelter is None or shelter.organisation_id != receiver.id:
        message = f"shelter {shelter_id} is not run by {receiver.org_name}"
    elif not directory_rules.is_eligible(
        shelter.eligibility, sex=person.sex_stat, child=person.registrations[0].age_group == "CHILD"
    ):
        message = f"{shelter.name} takes only {', '.join(shelter.eligibility)}"
    else:
        return
    raise InvalidInput(message, errors=[{"field": "shelter_id", "message": message}])


def _party(actor: Actor, ref: Referral) -> ReferralParty:
    if actor.role in CASEWORKERS and actor.org_id == ref.sender_org_id:
        return ReferralParty.SENDER
    if actor.role in CASEWORKERS and actor.org_id == ref.receiver_org_id:
        return ReferralParty.RECEIVER
    raise NotFound(f"referral {ref.id} does not exist")


def load_referral(
    session: Session, actor: Actor, referral_id: int
) -> tuple[Referral, ReferralParty | None]:
    """A referral for its sender, its receiver, or (read-only) a coordinator of either country."""
    ref = session.get(Referral, referral_id)
    if ref is None:
        raise NotFound(f"referral {referral_id} does not exist")
    try:
        return ref, _party(actor, ref)
    except NotFound:
        if actor.role == Role.COORDINATOR and actor.country in _countries(session, ref):
            return ref, None
        raise


def _countries(session: Session, ref: Referral) -> set[str]:
    orgs = [session.get(Organisation, i) for i in (ref.sender_org_id, ref.receiver_org_id) if i]
    return {o.country for o in orgs if o is not None}


def send_referral(
    *,
    session: Session,
    actor: Actor,
    referral_id: int,
    now: datetime | None = None,
    override_reason: str = "",
) -> Referral:
    now = now or utcnow()
    ref, party = load_referral(session, actor, referral_id)
    person = session.get_one(rm.Person, ref.person_id)
    facts = case_facts(session, person, now)
    state = replace(state_of(ref), consent_id=None)  # the guard picks the consent that covers it
    result = rules.transition(
        state, ReferralAction.SEND, actor_role=party or "", now=now, facts=facts,
        can_override_consent=actor.can_override_consent, override_reason=override_reason,
    )  # fmt: skip
    store_state(ref, result.state)
    ref.shared_view = json.dumps(shared_for(session, person, ref))
    session.flush()
    purpose = "consent override: " + override_reason if result.consent_override_used else ""
    audit.record(session, actor, result.event, "referral", ref.id, purpose=purpose, now=now)
    return ref


def act(*, session: Session, actor: Actor, referral_id: int, action: str, now: datetime | None = None,
        rejection_reason: str | None = None, revocation_reason: str = "", override_reason: str = "") -> Referral:  # fmt: skip
    """Accept, reject, start, complete or revoke; acceptance of a placement reserves a bed."""
    if action == ReferralAction.SEND:
        return send_referral(
            session=session,
            actor=actor,
            referral_id=referral_id,
            now=now,
            override_reason=override_reason,
        )
    now = now or utcnow()
    ref, party = load_referral(session, actor, referral_id)
    if party is None:
        raise Forbidden("coordinators follow referrals; the sender and receiver act on them")
    result = rules.transition(
        state_of(ref), action, actor_role=party, now=now,
        rejection_reason=rejection_reason, revocation_reason=revocation_reason,
    )  # fmt: skip
    store_state(ref, result.state)
    if result.state.status == ReferralStatus.ACCEPTED and ref.shelter_id:
        _reserve_bed(session, actor, ref)
    if (
        result.state.status in (ReferralStatus.REVOKED, ReferralStatus.COMPLETED)
        and ref.bed_reservation_id
    ):
        _release_bed(session, actor, ref)
    if result.ownership_moves and ref.receiver_org_id is not None:
        person = session.get_one(rm.Person, ref.person_id)
        person.organisation_id = ref.receiver_org_id
    session.flush()
    audit.record(session, actor, result.event, "referral", ref.id, now=now)
    if ref.origin_country:  # received from another installation: tell the origin
        from thb.referral import trm

        trm.reply_status(session, ref, now)
    return ref


def _reserve_bed(session: Session, actor: Actor, ref: Referral) -> None:
    from thb.directory import beds

    assert ref.shelter_id is not None and ref.person_id is not None

    reservation = beds.reserve_bed(
        session=session,
        actor=actor,
        shelter_id=ref.shelter_id,
        person_id=ref.person_id,
        referral_id=ref.id,
    )
    ref.bed_reservation_id = reservation.id


def _release_bed(session: Session, actor: Actor, ref: Referral) -> None:
    from thb.directory import beds

    assert ref.bed_reservation_id is not None
    beds.release_bed(
        session=session, actor=actor, reservation_id=ref.bed_reservation_id, referral_id=ref.id
    )


def expire_overdue(*, session: Session, now: datetime | None = None) -> int:
    """The system expires sent referrals whose response time has passed."""
    now = now or utcnow()
    count = 0
    for ref in session.scalars(select(Referral).where(Referral.status == ReferralStatus.SENT)):
        if ref.response_due_at is not None and aware(ref.response_due_at) <= now:
            store_state(
                ref,
                rules.transition(
                    state_of(ref), ReferralAction.EXPIRE, actor_role="system", now=now
                ).state,
            )
            audit.record(
                session, Actor.system("expiry"), "ReferralExpired", "referral", ref.id, now=now
            )
            count += 1
    return count


def inbox_and_outbox(*, session: Session, actor: Actor) -> tuple[list[Referral], list[Referral]]:
    """Referrals received and sent by the actor's organisation, newest first."""
    query = select(Referral).where(
        or_(Referral.receiver_org_id == actor.org_id, Referral.sender_org_id == actor.org_id)
    )
    rows = list(session.scalars(query.order_by(Referral.id.desc())))
    inbox = [r for r in rows if r.receiver_org_id == actor.org_id and r.status != "draft"]
    return inbox, [r for r in rows if r.sender_org_id == actor.org_id]


def shared_view(*, session: Session, actor: Actor, referral_id: int) -> dict[str, Any]:
    """What the receiver may see: the minimised view frozen at sending; reading it is audited."""
    ref, party = load_referral(session, actor, referral_id)
    if party is None:
        raise Forbidden("only the sender and the receiver see what a referral shares")
    audit.record(
        session, actor, "read", "referral", ref.id, fields=["shared_view"], purpose="referral"
    )
    return json.loads(ref.shared_view) if ref.shared_view else {}
