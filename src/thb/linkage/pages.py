"""Page of the deduplication review queue: uncertain pairs side by side, three clear buttons."""

from __future__ import annotations

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
)  # fmt: skip


def _error(request: Request, exc: DomainError) -> Response:
    return render(request, "error.html", {"error": exc}, status=exc.status)


@router.get("/linkage/review")
def review_page(
    request: Request,
    actor: PageActor,
    db: DbSession,
    done: str | None = None,
) -> Response:
    country = actor.country or ""
    try:
        if not can_review(actor, country):
            raise Forbidden("only the national coordinator reviews deduplication pairs")
        run = service.latest_run(session=db, actor=actor, country=country)
        pairs = service.review_queue(session=db, actor=actor, country=country, limit=10)
        waiting = service.pairs_waiting(db, run)
    except NotFound:
        run, pairs, waiting = None, [], 0
    except DomainError as exc:
        return _error(request, exc)
    context = {"run": run, "pairs": pairs, "waiting": waiting, "rows": ROWS, "done": done,
               "country": country, "comparison_of_row": COMPARISON_OF_ROW}  # fmt: skip
    return render(request, "linkage/review.html", context)


@router.post("/linkage/review")
async def review_decide(
    request: Request,
    actor: PageActor,
    db: DbSession,
) -> Response:
    form = await check_csrf(request)
    try:
        service.record_decision(
            session=db, actor=actor, person_id_a=int(str(form.get("person_id_a") or 0)),
            person_id_b=int(str(form.get("person_id_b") or 0)),
            decision=str(form.get("decision") or ""),
        )  # fmt: skip
    except ValueError:
        return _error(request, NotFound("that pair does not exist"))
    except DomainError as exc:
        db.rollback()
        return _error(request, exc)
    return RedirectResponse(f"/linkage/review?done={form.get('decision')}", status_code=303)


@router.post("/linkage/runs")
async def run_linkage(
    request: Request,
    actor: PageActor,
    db: DbSession,
) -> Response:
    await check_csrf(request)
    try:
        service.link_registry(session=db, actor=actor, country=actor.country or "")
    except DomainError as exc:
        db.rollback()
        return _error(request, exc)
    return RedirectResponse("/linkage/review?done=run", status_code=303)
