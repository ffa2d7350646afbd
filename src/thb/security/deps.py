"""FastAPI dependencies: the request's database transaction and the authenticated actor."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from thb.errors import Forbidden, Unauthenticated
from thb.security import service
from thb.security.roles import Actor

SESSION_COOKIE = "thb_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on error.

    Always used as `Depends(get_db, scope="function")`, so the commit happens before the
    response is sent: a client never sees 2xx for a write that did not commit.
    """
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


DbSession = Annotated[Session, Depends(get_db, scope="function")]


def current_actor(request: Request, db: DbSession) -> Actor:
    """A bearer token (API) or a session cookie (browser, with CSRF on unsafe methods)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = service.resolve_api_token(session=db, token=header[7:].strip())
        if user is None:
            raise Unauthenticated("the API token is unknown, revoked or expired")
        return service.actor_of(user)
    cookie = request.cookies.get(SESSION_COOKIE)
    found = service.resolve_session(session=db, cookie_value=cookie) if cookie else None
    if found is None:
        raise Unauthenticated("sign in, or send an API token as 'Authorization: Bearer ...'")
    user, login = found
    request.state.csrf_token = login.csrf_token
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER) or request.state.__dict__.get("form_csrf", "")
        if not sent or not hmac.compare_digest(sent, login.csrf_token):
            raise Forbidden("missing or wrong CSRF token")
    return service.actor_of(user)


CurrentActor = Annotated[Actor, Depends(current_actor)]


def require_roles(*roles: str) -> Callable[..., Actor]:
    """A dependency admitting only the given roles (deny by default)."""

    def dependency(actor: CurrentActor) -> Actor:
        if actor.role not in roles:
            raise Forbidden(f"this needs one of the roles: {', '.join(roles)}")
        return actor

    return dependency
