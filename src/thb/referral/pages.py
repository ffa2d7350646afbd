"""Pages of identification and referral: intake wizard, case actions, inbox/outbox, deadlines, monitoring."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from thb.codes.assistance import AssistanceType
from thb.codes.referral import (
    ChecklistId,
    ClosureReason,
    InformationItem,
    ReferralReason,
    RejectionReason,
    Urgency,
)
from thb.errors import DomainError
from thb.referral import checklists, closing, dashboard, intake, service
from thb.referral.schemas import IntakeCreate, ReferralCreate
from thb.registry import service as registry
from thb.security.deps import DbSession
from thb.security.models import Organisation
from thb.security.roles import Actor
from thb.web.pages import PageActor, check_csrf
from thb.web.templating import render

router = APIRouter(include_in_schema=False)


def _errors(exc: Exception) -> dict[str, str]:
    """Field -> message, to show each message next to its field."""
    if isinstance(exc, ValidationError):
        return {str(e["loc"][0]) if e["loc"] else "form": e["msg"] for e in exc.errors()}
    if isinstance(exc, DomainError):
        found = {e.get("field", "form"): e.get("message", "") for e in exc.errors}
        return found or {"form": exc.detail}
    return {"form": str(exc)}


def _intake_context(
    chosen: list[str], form: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    valid = [c for c in chosen if c in set(ChecklistId)] or [ChecklistId.GENERAL.value]
    return {
        "checklists": checklists.CHECKLISTS.values(), "chosen": valid,
        "indicators": checklists.indicators_for(valid), "form": form, "errors": errors,
        "suggestion": None,
    }  # fmt: skip


@router.get("/intake")
def intake_page(request: Request, actor: PageActor) -> Response:
    chosen = request.query_params.getlist("checklists")
    return render(request, "referral/intake.html", _intake_context(chosen, {}, {}))


@router.post("/intake/suggest")
async def intake_suggest(request: Request, actor: PageActor) -> Response:
    """htmx: the suggestion for the ticked indicators (never a decision)."""
    form = await request.form()
    try:
        suggestion = checklists.assess(_list(form, "checklists"), _list(form, "observed"))
    except DomainError as exc:
        return render(
            request, "referral/_suggestion.html", {"suggestion": None, "error": exc.detail}
        )
    return render(request, "referral/_suggestion.html", {"suggestion": suggestion, "error": None})


def _list(form: Any, name: str) -> list[str]:
    """A multi-valued form field as strings (file uploads are not expected here)."""
    return [str(v) for v in form.getlist(name)]


def _intake_data(form: Any) -> IntakeCreate:
    text = {k: (str(form.get(k) or "").strip() or None) for k in
            ("first_name", "second_name", "alias", "birth_date", "birth_year", "primary_language", "phone")}  # fmt: skip
    citizenships = [
        c.strip().upper() for c in str(form.get("citizenships") or "").split(",") if c.strip()
    ]
    return IntakeCreate.model_validate({
        **text, "gender": form.get("gender") or "NonSpecifiedUnknown", "citizenships": citizenships,
        "birth_date_estimated": bool(form.get("birth_year")) and not form.get("birth_date"),
        "age_uncertain": bool(form.get("age_uncertain")), "stateless": bool(form.get("stateless")),
        "unaccompanied": bool(form.get("unaccompanied")), "checklist_ids": _list(form, "checklists"),
        "observed": _list(form, "observed"), "record_reasonable_grounds": bool(form.get("reasonable_grounds")),
    })  # fmt: skip


@router.post("/intake")
async def intake_submit(
    request: Request,
    actor: PageActor,
    db: DbSession,
) -> Response:
    form = await check_csrf(request)
    try:
        result = intake.register_from_intake(session=db, actor=actor, data=_intake_data(form))
    except (ValidationError, DomainError) as exc:
        db.rollback()
        context = _intake_context(_list(form, "checklists"), dict(form), _errors(exc))
        return render(request, "referral/intake.html", context, status=422)
    return RedirectResponse(f"/cases/{result.person.id}?registered=1", status_code=303)


def case_extras(db: Session, actor: Actor, person_id: int, identifying: bool) -> dict[str, Any]:
    """What the case page adds for the referral mechanism: alerts, referrals, forms."""
    if not identifying:
        return {}
    from thb.referral.models import Referral

    person, _ = registry.access_to(db, actor, person_id)
    now = datetime.now(UTC)
    tasks = [t for t in dashboard.person_tasks(db, person, now) if t.alert != "done"]
    referrals = list(
        db.scalars(
            select(Referral).where(Referral.person_id == person_id).order_by(Referral.id.desc())
        )
    )
    pending = closing.pending_closure(db, person_id)
    return {
        "closure_pending": pending, "closure_reasons": list(ClosureReason),
        "can_approve_closure": pending is not None and actor.is_supervisor and pending.requested_by != actor.user_id,
        "alerts": sorted(tasks, key=lambda t: (dashboard.ALERT_ORDER[t.alert], t.due_at)),
        "referrals": referrals, "information_items": list(InformationItem),
        "prompt_referral": bool(person.decisions) and not referrals,
    }  # fmt: skip


async def _add_record(
    request: Request, db: Session, actor: Actor, person_id: int, kind: str, data: dict
) -> Response:
    await check_csrf(request)
    try:
        payload = registry.CHILDREN[kind].create(**data)
        registry.add_child(session=db, actor=actor, person_id=person_id, kind=kind, data=payload)
    except (ValidationError, DomainError) as exc:
        db.rollback()
        message = "; ".join(f"{k}: {v}" for k, v in _errors(exc).items())
        return RedirectResponse(f"/cases/{person_id}?error={message}", status_code=303)
    return RedirectResponse(f"/cases/{person_id}", status_code=303)


@router.post("/cases/{person_id}/consents")
async def add_consent(
    request: Request,
    actor: PageActor,
    db: DbSession,
    person_id: int,
) -> Response:
    form = await request.form()
    data = {"purpose": form.get("purpose"), "given_on": form.get("given_on") or datetime.now(UTC).date(),
            "recipient_org_id": form.get("recipient_org_id") or None, "language": form.get("language") or None,
            "interpreter_used": bool(form.get("interpreter_used"))}  # fmt: skip
    return await _add_record(request, db, actor, person_id, "consents", data)


@router.post("/cases/{person_id}/guardians")
async def add_guardian(
    request: Request,
    actor: PageActor,
    db: DbSession,
    person_id: int,
) -> Response:
    form = await request.form()
    data = {"guardian_name": form.get("guardian_name") or None, "appointed_at": datetime.now(UTC),
            "basis": "2011/36 Art 14(2)"}  # fmt: skip
    return await _add_record(request, db, actor, person_id, "guardianships", data)


@router.post("/cases/{person_id}/non-punishment")
async def add_non_punishment(
    person_id: int, request: Request, actor: PageActor, db: DbSession
) -> Response:
    """R14: the assessment police and prosecution see with a law-enforcement referral."""
    form = await request.form()
    offences = [
        o.strip() for o in str(form.get("compelled_offences") or "").split(",") if o.strip()
    ]
    data = {"assessed_on": datetime.now(UTC).date(), "compelled_offences": offences,
            "non_punishment_applies": bool(form.get("non_punishment_applies")),
            "note": str(form.get("note") or "") or None}  # fmt: skip
    return await _add_record(request, db, actor, person_id, "non-punishment", data)


@router.post("/cases/{person_id}/information")
async def add_information(
    request: Request,
    actor: PageActor,
    db: DbSession,
    person_id: int,
) -> Response:
    form = await check_csrf(request)
    intake.log_information_given(session=db, actor=actor, person_id=person_id, item=str(form.get("item")),
                                 interpreter_used=bool(form.get("interpreter_used")))  # fmt: skip
    return RedirectResponse(f"/cases/{person_id}", status_code=303)


@router.post("/cases/{person_id}/closure")
async def closure_submit(person_id: int, request: Request, actor: PageActor,
                         db: DbSession) -> Response:  # fmt: skip
    """Request closure, or (a supervisor) approve the pending request."""
    form = await check_csrf(request)
    try:
        if form.get("approve"):
            closing.approve_closure(session=db, actor=actor, person_id=person_id)
        else:
            closing.request_closure(session=db, actor=actor, person_id=person_id,
                                    reason=str(form.get("reason") or ""), note=str(form.get("note") or ""))  # fmt: skip
    except DomainError as exc:
        db.rollback()
        return RedirectResponse(f"/cases/{person_id}?error={exc.detail}", status_code=303)
    return RedirectResponse(f"/cases/{person_id}", status_code=303)


def _refer_context(
    db: Session, actor: Actor, person_id: int, form: dict, errors: dict[str, str]
) -> dict[str, Any]:
    from thb.directory.models import Shelter
    from thb.registry import models as rm

    person = registry.read_person(session=db, actor=actor, person_id=person_id, purpose="referral")
    consents = list(db.scalars(select(rm.Consent).where(rm.Consent.person_id == person_id)))
    own = db.get_one(Organisation, actor.org_id)
    orgs = select(Organisation).order_by(Organisation.country, Organisation.org_name)
    if not own.is_focal_point:  # abroad only through the national focal point
        orgs = orgs.where(Organisation.country == own.country)
    reasons = [ReferralReason.ASSISTANCE_SERVICE] + [
        r for r in ReferralReason if r != ReferralReason.ASSISTANCE_SERVICE
    ]
    return {
        "person": person, "form": form, "errors": errors, "consents": consents,
        "organisations": list(db.scalars(orgs)),
        "shelters": list(db.scalars(select(Shelter).where(Shelter.active.is_(True)))),
        "reasons": reasons, "services": list(AssistanceType), "urgencies": list(Urgency),
        "can_override": actor.can_override_consent,
    }  # fmt: skip


@router.get("/cases/{person_id}/refer")
def refer_page(
    request: Request,
    actor: PageActor,
    db: DbSession,
    person_id: int,
) -> Response:
    return render(request, "referral/refer.html", _refer_context(db, actor, person_id, {}, {}))


@router.post("/cases/{person_id}/refer")
async def refer_submit(
    request: Request,
    actor: PageActor,
    db: DbSession,
    person_id: int,
) -> Response:
    form = await check_csrf(request)
    try:
        data = ReferralCreate.model_validate({
            "person_id": person_id, "receiver_org_id": form.get("receiver_org_id") or 0,
            "reason": form.get("reason") or ReferralReason.ASSISTANCE_SERVICE,
            "service_requested": form.get("service_requested") or None, "urgency": form.get("urgency") or "routine",
            "shelter_id": form.get("shelter_id") or None, "is_transfer": bool(form.get("is_transfer")),
            "override_reason": str(form.get("override_reason") or ""),
        })  # fmt: skip
        service.create_referral(session=db, actor=actor, data=data)
    except (ValidationError, DomainError) as exc:
        db.rollback()
        context = _refer_context(db, actor, person_id, dict(form), _errors(exc))
        return render(request, "referral/refer.html", context, status=422)
    return RedirectResponse("/referrals?box=outbox", status_code=303)


@router.get("/referrals")
def referrals_page(
    request: Request,
    actor: PageActor,
    db: DbSession,
    box: str = "inbox",
) -> Response:
    inbox, outbox = service.inbox_and_outbox(session=db, actor=actor)
    orgs = {o.id: o for o in db.scalars(select(Organisation))}
    shown = inbox if box == "inbox" else outbox
    views = {
        r.id: service.shared_view(session=db, actor=actor, referral_id=r.id)
        for r in shown
        if box == "inbox"
    }
    return render(request, "referral/referrals.html", {
        "box": box, "referrals": shown, "orgs": orgs, "views": views,
        "rejection_reasons": list(RejectionReason), "error": request.query_params.get("error"),
    })  # fmt: skip


@router.post("/referrals/{referral_id}/act")
async def referral_act(
    request: Request,
    actor: PageActor,
    db: DbSession,
    referral_id: int,
) -> Response:
    form = await check_csrf(request)
    box = str(form.get("box") or "inbox")
    try:
        service.act(session=db, actor=actor, referral_id=referral_id, action=str(form.get("action")),
                    rejection_reason=str(form.get("rejection_reason") or "") or None,
                    revocation_reason=str(form.get("revocation_reason") or ""))  # fmt: skip
    except DomainError as exc:
        db.rollback()
        return RedirectResponse(f"/referrals?box={box}&error={exc.detail}", status_code=303)
    return RedirectResponse(f"/referrals?box={box}", status_code=303)


@router.get("/deadlines")
def deadlines_page(
    request: Request,
    actor: PageActor,
    db: DbSession,
) -> Response:
    return render(
        request,
        "referral/deadlines.html",
        {"items": dashboard.open_deadlines(session=db, actor=actor)},
    )


@router.get("/monitoring")
def monitoring_page(
    request: Request,
    actor: PageActor,
    db: DbSession,
) -> Response:
    if actor.role != "coordinator":
        return render(
            request,
            "error.html",
            {"error": DomainError("Only national coordinators see monitoring.")},
            status=403,
        )
    return render(request, "referral/monitoring.html", {"m": dashboard.monitoring(session=db, actor=actor),
                                                        "items": dashboard.open_deadlines(session=db, actor=actor)[:50]})  # fmt: skip
