"""JSON API of identification and referral (thin: rules and services do the work)."""

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Request
from pydantic import BaseModel

from thb.referral import checklists, closing, dashboard, intake, service, trm
from thb.referral.schemas import IntakeCreate, ReferralAct, ReferralCreate, ReferralRead
from thb.registry import service as registry
from thb.security.deps import CurrentActor, DbSession, require_roles
from thb.security.roles import Actor

router = APIRouter(tags=["referral"])


class AssessRequest(BaseModel):
    checklist_ids: list[str]
    observed: list[str] = []


class InformationRequest(BaseModel):
    item: str
    language: str | None = None
    interpreter_used: bool = False


def _suggestion(s: checklists.Suggestion) -> dict[str, Any]:
    return {
        "reasonable_grounds_suggested": s.reasonable_grounds_suggested,
        "is_decision": s.is_decision,
        "score": s.score,
        "summary": s.summary,
        "note": s.note,
        "reasons": [asdict(r) for r in s.reasons],
    }


@router.get("/checklists")
def list_checklists(actor: CurrentActor) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "title": c.title,
            "indicators": [asdict(i) for i in checklists.indicators_for([c.id])],
        }
        for c in checklists.CHECKLISTS.values()
    ]


@router.post("/screenings/assess")
def assess(data: AssessRequest, actor: CurrentActor) -> dict[str, Any]:
    """A suggestion from the ticked indicators; nothing is stored."""
    return _suggestion(checklists.assess(data.checklist_ids, data.observed))


@router.post("/intake", status_code=201)
def register_from_intake(
    db: DbSession,
    actor: CurrentActor,
    data: IntakeCreate,
) -> dict[str, Any]:
    result = intake.register_from_intake(session=db, actor=actor, data=data)
    return {
        "person": registry.summary(result.person).model_dump(mode="json"),
        "suggestion": _suggestion(result.suggestion),
        "reflection_period_ends": result.reflection_period.planned_end_date
        if result.reflection_period
        else None,
    }


@router.post("/persons/{person_id}/information-given", status_code=201)
def information_given(
    db: DbSession,
    actor: CurrentActor,
    person_id: int,
    data: InformationRequest,
) -> dict[str, Any]:
    row = intake.log_information_given(
        session=db, actor=actor, person_id=person_id, **data.model_dump()
    )
    return {"id": row.id, "item": row.item, "given_at": row.given_at}


@router.post("/referrals", status_code=201, response_model=ReferralRead)
def create_referral(
    db: DbSession,
    actor: CurrentActor,
    data: ReferralCreate,
) -> Any:
    return service.create_referral(session=db, actor=actor, data=data)


@router.get("/referrals", response_model=list[ReferralRead])
def list_referrals(
    db: DbSession,
    actor: CurrentActor,
    box: str = Query("inbox", pattern="^(inbox|outbox)$"),
) -> Any:
    inbox, outbox = service.inbox_and_outbox(session=db, actor=actor)
    return inbox if box == "inbox" else outbox


@router.get("/referrals/{referral_id}", response_model=ReferralRead)
def read_referral(
    db: DbSession,
    actor: CurrentActor,
    referral_id: int,
) -> Any:
    return service.load_referral(db, actor, referral_id)[0]


@router.get("/referrals/{referral_id}/shared")
def shared_view(
    db: DbSession,
    actor: CurrentActor,
    referral_id: int,
) -> Any:
    """Only the form sections the referral's purpose needs."""
    return service.shared_view(session=db, actor=actor, referral_id=referral_id)


@router.post("/referrals/{referral_id}/actions", response_model=ReferralRead)
def act(
    db: DbSession,
    actor: CurrentActor,
    referral_id: int,
    data: ReferralAct,
) -> Any:
    return service.act(session=db, actor=actor, referral_id=referral_id, **data.model_dump())


@router.get("/deadlines")
def deadlines(db: DbSession, actor: CurrentActor) -> list[dict[str, Any]]:
    return [
        {"person_id": d.person_id, "case_ref": d.case_ref, **asdict(d.task)}
        for d in dashboard.open_deadlines(session=db, actor=actor)
    ]


@router.get("/monitoring")
def monitoring(
    db: DbSession,
    actor: Actor = Depends(require_roles("coordinator")),
) -> dict[str, Any]:
    return dashboard.monitoring(session=db, actor=actor)


class TransnationalCreate(ReferralCreate):
    receiver_org_id: int = (
        0  # the receiver is the destination's focal point, on its own installation
    )
    destination_country: str


class PeerCreate(BaseModel):
    country: str
    public_key: dict[str, str]


@router.get("/trm/keys")
def own_public_key(
    request: Request,
    db: DbSession,
    actor: CurrentActor,
) -> dict[str, Any]:
    """This installation's focal-point public key, to give to peers (compare the fingerprint)."""
    keys = trm.own_keys(db, request.app.state.settings.country)
    return {"country": request.app.state.settings.country, "public_key": keys.public().export()}


@router.post("/trm/peers", status_code=201)
def add_peer(
    db: DbSession,
    data: PeerCreate,
    actor: Actor = Depends(require_roles("coordinator", "admin")),
) -> dict[str, str]:
    return {"fingerprint": trm.add_peer(db, actor, data.country, data.public_key)}


@router.post("/trm/referrals", status_code=201, response_model=ReferralRead)
def send_transnational(
    db: DbSession,
    actor: CurrentActor,
    data: TransnationalCreate,
) -> Any:
    ref, _ = trm.send_transnational(
        session=db, actor=actor, data=data, destination_country=data.destination_country
    )
    return ref


@router.post("/trm/inbox", status_code=202)
def receive_package(
    request: Request,
    db: DbSession,
    package: bytes = Body(..., media_type="application/octet-stream"),
) -> dict[str, Any]:
    """Packages authenticate themselves: only a trusted focal point's signature is accepted."""
    return trm.receive(session=db, data=package, country=request.app.state.settings.country)


@router.get("/trm/outbox")
def outbox(db: DbSession, actor: CurrentActor) -> list[dict[str, Any]]:
    return [
        {"message_id": p.message_id, "type": p.message_type, "peer_country": p.peer_country,
         "referral_id": p.referral_id, "package": p.package}
        for p in trm.outbox(db, actor)
    ]  # fmt: skip


class ClosureRequestBody(BaseModel):
    reason: str
    note: str = ""


@router.post("/persons/{person_id}/closure", status_code=201)
def request_closure(person_id: int, data: ClosureRequestBody, db: DbSession,
                    actor: CurrentActor) -> dict[str, Any]:  # fmt: skip
    """Ask to close a case: a coded reason; a supervisor approves."""
    row = closing.request_closure(
        session=db, actor=actor, person_id=person_id, reason=data.reason, note=data.note
    )
    return {"id": row.id, "reason": row.reason, "requested_at": row.requested_at}


@router.post("/persons/{person_id}/closure/approve")
def approve_closure(person_id: int, db: DbSession,
                    actor: CurrentActor) -> dict[str, Any]:  # fmt: skip
    row = closing.approve_closure(session=db, actor=actor, person_id=person_id)
    return {"id": row.id, "reason": row.reason, "approved_at": row.approved_at}
