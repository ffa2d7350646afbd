"""JSON API of identification and referral (thin: rules and services do the work)."""

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy.orm import Session

from thb.referral import checklists, dashboard, intake, service
from thb.referral.schemas import IntakeCreate, ReferralAct, ReferralCreate, ReferralRead
from thb.registry import service as registry
from thb.security.deps import current_actor, get_db, require_roles
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
def list_checklists(actor: Actor = Depends(current_actor)) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "title": c.title,
            "indicators": [asdict(i) for i in checklists.indicators_for([c.id])],
        }
        for c in checklists.CHECKLISTS.values()
    ]


@router.post("/screenings/assess")
def assess(data: AssessRequest, actor: Actor = Depends(current_actor)) -> dict[str, Any]:
    """A suggestion from the ticked indicators; nothing is stored."""
    return _suggestion(checklists.assess(data.checklist_ids, data.observed))


@router.post("/intake", status_code=201)
def register_from_intake(
    data: IntakeCreate, db: Session = Depends(get_db), actor: Actor = Depends(current_actor)
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
    person_id: int,
    data: InformationRequest,
    db: Session = Depends(get_db),
    actor: Actor = Depends(current_actor),
) -> dict[str, Any]:
    row = intake.log_information_given(
        session=db, actor=actor, person_id=person_id, **data.model_dump()
    )
    return {"id": row.id, "item": row.item, "given_at": row.given_at}


@router.post("/referrals", status_code=201, response_model=ReferralRead)
def create_referral(
    data: ReferralCreate, db: Session = Depends(get_db), actor: Actor = Depends(current_actor)
) -> Any:
    return service.create_referral(session=db, actor=actor, data=data)


@router.get("/referrals", response_model=list[ReferralRead])
def list_referrals(
    box: str = Query("inbox", pattern="^(inbox|outbox)$"),
    db: Session = Depends(get_db),
    actor: Actor = Depends(current_actor),
) -> Any:
    inbox, outbox = service.inbox_and_outbox(session=db, actor=actor)
    return inbox if box == "inbox" else outbox


@router.get("/referrals/{referral_id}", response_model=ReferralRead)
def read_referral(
    referral_id: int, db: Session = Depends(get_db), actor: Actor = Depends(current_actor)
) -> Any:
    return service.load_referral(db, actor, referral_id)[0]


@router.get("/referrals/{referral_id}/shared")
def shared_view(
    referral_id: int, db: Session = Depends(get_db), actor: Actor = Depends(current_actor)
) -> Any:
    """Only the form sections the referral's purpose needs."""
    return service.shared_view(session=db, actor=actor, referral_id=referral_id)


@router.post("/referrals/{referral_id}/actions", response_model=ReferralRead)
def act(
    referral_id: int,
    data: ReferralAct,
    db: Session = Depends(get_db),
    actor: Actor = Depends(current_actor),
) -> Any:
    return service.act(session=db, actor=actor, referral_id=referral_id, **data.model_dump())


@router.get("/deadlines")
def deadlines(
    db: Session = Depends(get_db), actor: Actor = Depends(current_actor)
) -> list[dict[str, Any]]:
    return [
        {"person_id": d.person_id, "case_ref": d.case_ref, **asdict(d.task)}
        for d in dashboard.open_deadlines(session=db, actor=actor)
    ]


@router.get("/monitoring")
def monitoring(
    db: Session = Depends(get_db), actor: Actor = Depends(require_roles("coordinator"))
) -> dict[str, Any]:
    return dashboard.monitoring(session=db, actor=actor)
