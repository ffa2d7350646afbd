"""Server-rendered pages: sign-in, my cases, a case. Thin: services do the work."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from thb.codes.countries import country_name
from thb.errors import DomainError, Forbidden, Unauthenticated
from thb.registry import service as registry
from thb.security import service as security
from thb.security.deps import SESSION_COOKIE, DbSession
from thb.security.models import User
from thb.security.roles import Actor
from thb.web.templating import render

router = APIRouter(include_in_schema=False)


def page_actor(request: Request, db: DbSession) -> Actor:
    """The signed-in user of a page; unknown sessions go to the sign-in page."""
    cookie = request.cookies.get(SESSION_COOKIE)
    found = security.resolve_session(session=db, cookie_value=cookie) if cookie else None
    if found is None:
        raise Unauthenticated("please sign in")
    user, login = found
    request.state.csrf_token = login.csrf_token
    request.state.user_name = user.display_name
    actor = security.actor_of(user)
    request.state.actor = actor
    request.state.org_name = user.organisation.org_name
    return actor


PageActor = Annotated[Actor, Depends(page_actor)]


async def check_csrf(request: Request) -> FormData:
    """Forms carry the session's CSRF token in a hidden field; returns the checked form."""
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    if not hmac.compare_digest(sent, getattr(request.state, "csrf_token", "") or "\0"):
        raise Forbidden("the form has expired; reload the page and try again")
    return form


@router.get("/")
def home(request: Request) -> Response:
    return RedirectResponse("/cases" if request.cookies.get(SESSION_COOKIE) else "/login", 303)


@router.get("/language/{code}")
def choose_language(code: str, request: Request, next: str = "/") -> Response:
    """Remember the interface language in a cookie (English and Danish ship)."""
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    if code in ("en", "da"):
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.get("/login")
def login_page(request: Request, next: str = "/cases") -> Response:
    return render(request, "login.html", {"next": next, "error": None})


@router.post("/login")
def login(
    request: Request,
    db: DbSession,
    username: str = Form(...),
    password: str = Form(...),
    next: str = Form("/cases"),
) -> Response:
    settings = request.app.state.settings
    try:
        user: User = security.authenticate(
            session=db,
            username=username,
            password=password,
            lockout_attempts=settings.lockout_attempts,
            lockout_minutes=settings.lockout_minutes,
        )
    except Unauthenticated as exc:
        db.commit()  # keep the failure count even though the sign-in failed
        return render(request, "login.html", {"next": next, "error": exc.detail}, status=401)
    new = security.start_session(session=db, user=user, minutes=settings.session_minutes)
    target = next if next.startswith("/") and not next.startswith("//") else "/cases"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        new.cookie_value,
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
        max_age=settings.session_minutes * 60,
    )
    return response


@router.post("/logout")
async def logout(
    request: Request,
    actor: PageActor,
    db: DbSession,
) -> Response:
    await check_csrf(request)
    security.end_session(session=db, cookie_value=request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/cases")
def my_cases(
    request: Request,
    actor: PageActor,
    db: DbSession,
    status: str | None = None,
    offset: int = 0,
) -> Response:
    where = registry.PersonFilter(registration_status=status or None)
    page = registry.list_persons(session=db, actor=actor, where=where, limit=50, offset=offset)
    return render(
        request, "cases.html", {"page": page, "status": status or "", "country_name": country_name}
    )


CASE_PAGE_RECORDS = ("decisions", "exploitation", "consents", "guardianships",
                     "reflection-periods", "non-punishment", "notes")  # fmt: skip


@router.get("/cases/{person_id}")
def case_page(
    request: Request,
    actor: PageActor,
    db: DbSession,
    person_id: int,
) -> Response:
    try:
        person = registry.read_person(session=db, actor=actor, person_id=person_id)
    except DomainError as exc:
        return render(request, "error.html", {"error": exc}, status=exc.status)
    from thb.referral.pages import case_extras

    context: dict[str, Any] = {"person": person, "records": {}}
    context.update(case_extras(db, actor, person_id, person.identifying))
    if person.identifying:
        for kind in CASE_PAGE_RECORDS:
            context["records"][kind] = registry.list_children(
                session=db, actor=actor, person_id=person_id, kind=kind
            )
    return render(request, "case.html", context)
