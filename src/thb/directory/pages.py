"""The shelter capacity board (server-rendered): free beds at a glance, capacity kept current."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from thb.directory import service
from thb.directory.permissions import can_manage_directory
from thb.errors import DomainError, InvalidInput
from thb.security.deps import DbSession
from thb.security.roles import Actor
from thb.web.pages import PageActor, check_csrf
from thb.web.templating import render

router = APIRouter(include_in_schema=False)


def _board(request: Request, db: Session, actor: Actor, error: str | None, status: int) -> Response:
    shelters = service.list_shelters(
        session=db, actor=actor, where=service.ShelterFilter(include_inactive=True)
    )
    editable = {sh.id for sh in shelters if can_manage_directory(actor, sh.organisation_id)}
    context = {
        "shelters": shelters,
        "editable": editable,
        "error": error,
        "updated": request.query_params.get("updated"),
    }
    return render(request, "directory/board.html", context, status=status)


@router.get("/directory/shelters")
def capacity_board(
    request: Request,
    actor: PageActor,
    db: DbSession,
) -> Response:
    return _board(request, db, actor, None, 200)


@router.post("/directory/shelters/{shelter_id}/capacity")
async def change_capacity(
    request: Request,
    actor: PageActor,
    db: DbSession,
    shelter_id: int,
) -> Response:
    form = await check_csrf(request)
    try:
        beds_total = _whole_number(str(form.get("beds_total", "")))
        service.set_capacity(session=db, actor=actor, shelter_id=shelter_id, beds_total=beds_total)
    except DomainError as exc:
        db.rollback()
        return _board(request, db, actor, exc.detail, exc.status)
    return RedirectResponse(f"/directory/shelters?updated={shelter_id}", status_code=303)


def _whole_number(text: str) -> int:
    """The bed count typed into the form."""
    value = text.strip()
    if not value.isdigit():
        raise InvalidInput(
            "the number of beds must be a whole number, 0 or more",
            errors=[{"field": "beds_total", "message": "must be a whole number"}],
        )
    return int(value)
