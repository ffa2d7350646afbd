"""Domain exceptions; `thb.web.problems` maps them to problem+json and the CLI to messages."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a user can cause; `status` is the HTTP status it maps to."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class NotFound(DomainError):
    status, title = 404, "Not found"


class Forbidden(DomainError):
    status, title = 403, "Forbidden"


class Unauthenticated(DomainError):
    status, title = 401, "Authentication required"


class InvalidInput(DomainError):
    """Bad field values; `errors` lists {"field": ..., "message": ...} (and "row" for imports)."""

    status, title = 422, "Invalid input"


class InvalidTransition(DomainError):
    status, title = 409, "Invalid transition"


class ConsentMissing(DomainError):
    status, title = 409, "Consent missing"


class Conflict(DomainError):
    status, title = 409, "Conflict"
