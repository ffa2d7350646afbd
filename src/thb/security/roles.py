"""Roles and the acting user as plain data, shared by policies, services and the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    FRONTLINE = "frontline"
    COORDINATOR = "coordinator"
    SERVICE_PROVIDER = "service_provider"
    ANALYST = "analyst"
    STATISTICIAN = "statistician"
    AUDITOR = "auditor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """Who is acting: enough to decide policy and to write the audit entry, no personal data."""

    user_id: int | None
    role: str
    org_id: int | None
    country: str | None
    can_override_consent: bool = False
    is_supervisor: bool = False

    @classmethod
    def system(cls, purpose: str = "system") -> Actor:
        """The CLI or a migration acting on behalf of the installation."""
        return cls(user_id=None, role=f"system:{purpose}", org_id=None, country=None)
