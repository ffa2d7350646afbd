"""Pages of deduplication review: the queue of uncertain pairs side by side with three clear
buttons, and all the records the latest run counts as one person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from thb.errors import DomainError, Forbidden, NotFound
from thb.i18n import N_
from thb.linkage import service
from thb.linkage.evidence import COMPARISON_OF_ROW
from thb.linkage.permissions import can_review
from thb.security.deps import DbSession
from thb.web.pages import PageActor, check_csrf
from thb.web.templating import render

router = APIRouter(include_in_schema=False)

ROWS = (
    ("given_name", N_("Given name")), ("family_name", N_("Family name")),
    ("birth_date", N_("Birth date")), ("birth_year", N_("Birth year")), ("sex", N_("Sex")),
    ("citizenships", N_("Citizenship")), ("age_group", N_("Age group")),
    ("organisation", N_("Registered by")), ("registration_date", N_("Registered on")),
    ("identity_number", N_("Identity document")),
)  # fmt: skip


def _error(request: Request, exc: DomainError) -> Response:
    return render(request, "error.html", {"error": exc}, status=exc.status)


@router.get("/linkage/review")
def review_page(
    request: Request,
    actor: PageActor,
    db: DbSession,
    done: str | None = None,
    a: int | None = None,
    b: int | None = None,
) -> Response:
    country = actor.country or ""
    try:
        if not can_review(actor, country):
            raise Forbidden("only the national coordinator reviews deduplication pairs")
        quality = service.quality_estimate(session=db, actor=actor, country=country)
        run = quality.run
        pairs = service.review_queue(session=db, actor=actor, country=country, limit=10)
        waiting = service.pairs_waiting(db, run)
    except NotFound:
        run, pairs, waiting, quality = None, [], 0, None
    except DomainError as exc:
        return _error(request, exc)
    context = {"run": run, "pairs": pairs, "waiting": waiting, "rows": ROWS,
               "quality": quality.estimate if quality else None,
               "identifying_rows": service.IDENTIFYING_SIDE_FIELDS, "done": done,
               "decided": (a, b) if a and b else None, "country": country,
               "comparison_of_row": COMPARISON_OF_ROW}  # fmt: skip
    return render(request, "linkage/review.html", context)


def _act(request: Request, db: DbSession, action: Callable[[], object], done: str) -> Response:
    """Run a reviewer's action and go to ``done``; a refusal shows why."""
    try:
        action()
    except DomainError as exc:
        db.rollback()
        return _error(request, exc)
    return RedirectResponse(done, status_code=303)


def _int(form: Any, name: str) -> int:
    """A form's record number, 0 when it is not one (no record has it: NotFound)."""
    value = str(form.get(name) or "")
    return int(value) if value.isdigit() else 0


@router.post("/linkage/review")
async def review_decide(request: Request, actor: PageActor, db: DbSession) -> Response:
    return await _decide(request, actor, db, "/linkage/review")


@router.post("/linkage/quality")
async def quality_decide(request: Request, actor: PageActor, db: DbSession) -> Response:
    return await _decide(request, actor, db, "/linkage/quality")


async def _decide(request: Request, actor: Any, db: DbSession, page: str) -> Response:
    """Record the form's decision on a pair and go back to ``page``, which offers an undo."""
    form = await check_csrf(request)
    a, b = _int(form, "person_id_a"), _int(form, "person_id_b")
    return _act(
        request, db,
        lambda: service.record_decision(
            session=db, actor=actor, person_id_a=a, person_id_b=b,
            decision=str(form.get("decision") or ""),
        ),
        f"{page}?done={form.get('decision')}&a={a}&b={b}",
    )  # fmt: skip


@router.get("/linkage/quality")
def quality_page(
    request: Request,
    actor: PageActor,
    db: DbSession,
    done: str | None = None,
    a: int | None = None,
    b: int | None = None,
) -> Response:
    country = actor.country or ""
    try:
        check = service.quality_check(session=db, actor=actor, country=country, limit=5)
    except NotFound:
        check = None
    except DomainError as exc:
        return _error(request, exc)
    context = {"check": check, "run": check.run if check else None, "country": country,
               "pairs": check.pairs if check else [], "rows": ROWS, "done": done,
               "identifying_rows": service.IDENTIFYING_SIDE_FIELDS,
               "decided": (a, b) if a and b else None, "comparison_of_row": COMPARISON_OF_ROW,
               "reviewer": can_review(actor, country)}  # fmt: skip
    return render(request, "linkage/quality.html", context)


@router.post("/linkage/quality/more")
async def quality_more(request: Request, actor: PageActor, db: DbSession) -> Response:
    await check_csrf(request)
    country = actor.country or ""
    return _act(
        request, db,
        lambda: service.widen_quality_sample(session=db, actor=actor, country=country),
        "/linkage/quality?done=widened",
    )  # fmt: skip


@router.post("/linkage/review/undo")
async def review_undo(request: Request, actor: PageActor, db: DbSession) -> Response:
    form = await check_csrf(request)
    back = "/linkage/quality" if form.get("back") == "/linkage/quality" else "/linkage/review"
    return _act(
        request, db,
        lambda: service.withdraw_decision(
            session=db, actor=actor, person_id_a=_int(form, "person_id_a"),
            person_id_b=_int(form, "person_id_b"),
        ),
        f"{back}?done=withdrawn",
    )  # fmt: skip


@router.get("/linkage/persons/{person_id}")
def person_page(
    request: Request, person_id: int, actor: PageActor, db: DbSession, done: str | None = None
) -> Response:
    try:
        person = service.person_records(session=db, actor=actor, person_id=person_id)
    except DomainError as exc:
        return _error(request, exc)
    differs = {name: len({getattr(r, name) for r in person.records}) > 1 for name, _ in ROWS}
    context = {"person": person, "person_id": person_id, "rows": ROWS, "differs": differs,
               "identifying_rows": service.IDENTIFYING_SIDE_FIELDS, "done": done}  # fmt: skip
    return render(request, "linkage/person.html", context)


@router.post("/linkage/persons/{person_id}/separate")
async def separate(request: Request, person_id: int, actor: PageActor, db: DbSession) -> Response:
    return await _on_record(request, person_id, actor, db, service.separate_record, "separated")


@router.post("/linkage/persons/{person_id}/rejoin")
async def rejoin(request: Request, person_id: int, actor: PageActor, db: DbSession) -> Response:
    return await _on_record(request, person_id, actor, db, service.rejoin_record, "rejoined")


async def _on_record(
    request: Request, person_id: int, actor: Any, db: DbSession, act: Callable[..., int], done: str
) -> Response:
    """Separate the form's record from the person's other records, or undo that."""
    form = await check_csrf(request)
    return _act(
        request, db,
        lambda: act(session=db, actor=actor, person_id=_int(form, "record")),
        f"/linkage/persons/{person_id}?done={done}",
    )  # fmt: skip


@router.post("/linkage/runs")
async def run_linkage(request: Request, actor: PageActor, db: DbSession) -> Response:
    await check_csrf(request)
    return _act(
        request, db,
        lambda: service.link_registry(session=db, actor=actor, country=actor.country or ""),
        "/linkage/review?done=run",
    )  # fmt: skip
