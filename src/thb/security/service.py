"""Organisations, users, sign-in with lockout, server-side sessions and API tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from thb.codes.countries import is_country_code
from thb.codes.registry import NrmRole, OrganisationType
from thb.db import aware, utcnow
from thb.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from thb.security import audit, passwords
from thb.security.models import ApiToken, LoginSession, Organisation, User
from thb.security.permissions import can_manage_users
from thb.security.roles import Actor, Role


def actor_of(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        role=user.role,
        org_id=user.organisation_id,
        country=user.organisation.country,
        can_override_consent=user.can_override_consent,
        is_supervisor=user.is_supervisor,
    )


def create_organisation(
    *,
    session: Session,
    actor: Actor,
    org_name: str,
    org_type: str,
    country: str,
    nrm_roles: list[str] | None = None,
    is_focal_point: bool = False,
) -> Organisation:
    errors = []
    if org_type not in set(OrganisationType):
        errors.append({"field": "org_type", "message": f"unknown organisation type {org_type!r}"})
    if not is_country_code(country):
        errors.append({"field": "country", "message": f"{country!r} is not an ISO 3166 code"})
    bad_roles = [r for r in nrm_roles or [] if r not in set(NrmRole)]
    if bad_roles:
        errors.append({"field": "nrm_roles", "message": f"unknown roles {bad_roles}"})
    if errors:
        raise InvalidInput("organisation is not valid", errors=errors)
    if session.scalar(select(Organisation).where(Organisation.org_name == org_name)):
        raise Conflict(f"an organisation named {org_name!r} exists already")
    org = Organisation(
        org_name=org_name,
        org_type=org_type,
        country=country,
        nrm_roles=list(nrm_roles or []),
        is_focal_point=is_focal_point,
    )
    session.add(org)
    session.flush()
    audit.record(session, actor, "create", "organisation", org.id)
    return org


def create_user(
    *,
    session: Session,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    organisation_id: int,
    display_name: str | None = None,
    can_override_consent: bool = False,
    is_supervisor: bool = False,
) -> User:
    if actor.user_id is not None and not can_manage_users(actor):
        raise Forbidden("only an administrator creates users")
    errors = []
    if role not in set(Role):
        errors.append({"field": "role", "message": f"unknown role {role!r}"})
    if problem := passwords.password_problem(password):
        errors.append({"field": "password", "message": problem})
    if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        errors.append({"field": "username", "message": "letters, digits, . - _ only"})
    if errors:
        raise InvalidInput("user is not valid", errors=errors)
    if session.get(Organisation, organisation_id) is None:
        raise NotFound(f"organisation {organisation_id} does not exist")
    if session.scalar(select(User).where(User.username == username)):
        raise Conflict(f"user {username!r} exists already")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=passwords.hash_password(password),
        role=role,
        organisation_id=organisation_id,
        can_override_consent=can_override_consent,
        is_supervisor=is_supervisor,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "create", "user", user.id, fields=["role", "organisation_id"])
    return user


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    lockout_attempts: int,
    lockout_minutes: int,
    now: datetime | None = None,
) -> User:
    """Check a password; repeated failures lock the account for a while."""
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active:
        passwords.verify_password(_DUMMY_HASH, password)  # same cost whether or not the user exists
        raise Unauthenticated("wrong username or password")
    if user.locked_until is not None and aware(user.locked_until) > now:
        raise Unauthenticated("account locked after repeated failures; try again later")
    if not passwords.verify_password(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= lockout_attempts:
            user.locked_until = now + timedelta(minutes=lockout_minutes)
            user.failed_logins = 0
        audit.record(session, actor_of(user), "login_failed", "user", user.id, now=now)
        raise Unauthenticated("wrong username or password")
    user.failed_logins = 0
    user.locked_until = None
    audit.record(session, actor_of(user), "login", "user", user.id, now=now)
    return user


_DUMMY_HASH = passwords.hash_password("not-a-real-password")


@dataclass(frozen=True)
class NewLoginSession:
    cookie_value: str
    csrf_token: str
    expires_at: datetime


def start_session(
    *, session: Session, user: User, minutes: int, now: datetime | None = None
) -> NewLoginSession:
    now = now or utcnow()
    token, csrf = passwords.new_token(), secrets.token_urlsafe(24)
    expires = now + timedelta(minutes=minutes)
    session.add(
        LoginSession(
            token_hash=passwords.token_hash(token),
            csrf_token=csrf,
            user_id=user.id,
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    return NewLoginSession(token, csrf, expires)


def resolve_session(
    *, session: Session, cookie_value: str, now: datetime | None = None
) -> tuple[User, LoginSession] | None:
    """The user behind a session cookie, or None if unknown, revoked or expired."""
    now = now or utcnow()
    row = session.scalar(
        select(LoginSession).where(LoginSession.token_hash == passwords.token_hash(cookie_value))
    )
    if row is None or row.revoked or aware(row.expires_at) <= now:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    return user, row


def end_session(*, session: Session, cookie_value: str) -> None:
    row = session.scalar(
        select(LoginSession).where(LoginSession.token_hash == passwords.token_hash(cookie_value))
    )
    if row is not None:
        row.revoked = True


def create_api_token(
    *, session: Session, user: User, name: str, days: int | None = 90, now: datetime | None = None
) -> str:
    """A new bearer token; the plain value is shown once and never stored."""
    now = now or utcnow()
    token = "thb_" + passwords.new_token()
    session.add(
        ApiToken(
            token_hash=passwords.token_hash(token),
            name=name,
            user_id=user.id,
            created_at=now,
            expires_at=None if days is None else now + timedelta(days=days),
        )
    )
    session.flush()
    audit.record(session, actor_of(user), "create", "api_token", None)
    return token


def resolve_api_token(*, session: Session, token: str, now: datetime | None = None) -> User | None:
    now = now or utcnow()
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == passwords.token_hash(token)))
    if row is None or row.revoked:
        return None
    if row.expires_at is not None and aware(row.expires_at) <= now:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.is_active else None
