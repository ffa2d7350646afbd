"""JSON API for sign-in tokens, the organisation directory, users and the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from thb.errors import Forbidden
from thb.security import audit, service
from thb.security.deps import CurrentActor, DbSession, require_roles
from thb.security.models import AuditEvent, Organisation
from thb.security.permissions import can_manage_users, can_read_audit
from thb.security.roles import Actor

router = APIRouter(tags=["security"])


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str
    password: str
    name: str = "api"


class OrganisationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    org_name: str
    org_type: str
    country: str
    nrm_roles: list[str] = []
    is_focal_point: bool = False


class OrganisationRead(OrganisationCreate):
    model_config = ConfigDict(from_attributes=True)
    id: int


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str
    password: str
    role: str
    organisation_id: int
    display_name: str | None = None
    can_override_consent: bool = False
    is_supervisor: bool = False


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    username: str
    display_name: str
    role: str
    organisation_id: int


@router.post("/auth/token", status_code=201)
def issue_token(data: TokenRequest, request: Request, db: DbSession) -> dict:
    """Exchange a username and password for a bearer token (shown once)."""
    settings = request.app.state.settings
    user = service.authenticate(
        session=db,
        username=data.username,
        password=data.password,
        lockout_attempts=settings.lockout_attempts,
        lockout_minutes=settings.lockout_minutes,
    )
    token = service.create_api_token(session=db, user=user, name=data.name)
    return {"access_token": token, "token_type": "bearer"}


@router.get("/organisations", response_model=list[OrganisationRead])
def list_organisations(
    db: DbSession,
    actor: CurrentActor,
    country: str | None = None,
) -> Any:
    query = select(Organisation).order_by(Organisation.country, Organisation.org_name)
    if country:
        query = query.where(Organisation.country == country)
    return list(db.scalars(query))


@router.post("/organisations", status_code=201, response_model=OrganisationRead)
def create_organisation(
    db: DbSession,
    data: OrganisationCreate,
    actor: Actor = Depends(require_roles("admin")),
) -> Any:
    return service.create_organisation(session=db, actor=actor, **data.model_dump())


@router.post("/users", status_code=201, response_model=UserRead)
def create_user(
    db: DbSession,
    actor: CurrentActor,
    data: UserCreate,
) -> Any:
    if not can_manage_users(actor):
        raise Forbidden("only an administrator creates users")
    return service.create_user(session=db, actor=actor, **data.model_dump())


@router.get("/audit")
def read_audit(
    db: DbSession,
    actor: CurrentActor,
    entity: str | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> dict:
    if not can_read_audit(actor):
        raise Forbidden("only auditors read the audit log")
    query = select(AuditEvent).order_by(AuditEvent.seq.desc())
    if entity:
        query = query.where(AuditEvent.entity == entity)
    rows = list(db.scalars(query.offset(offset).limit(limit)))
    keys = ("seq", "at", "actor_user_id", "actor_role", "actor_org_id", "action", "entity",
            "entity_id", "fields", "purpose", "hash")  # fmt: skip
    return {
        "items": [{k: getattr(r, k) for k in keys} for r in rows],
        "limit": limit,
        "offset": offset,
    }


@router.get("/audit/verify")
def verify_audit(db: DbSession, actor: CurrentActor) -> dict:
    if not can_read_audit(actor):
        raise Forbidden("only auditors verify the audit log")
    broken = audit.verify(db)
    return {"ok": broken is None, "first_broken": None if broken is None else broken.__dict__}
