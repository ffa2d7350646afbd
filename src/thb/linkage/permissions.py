"""Who may link the registry and review uncertain pairs: pure policies over (actor, country)."""

from __future__ import annotations

from collections.abc import Sequence

from thb.security.permissions import Access, case_access
from thb.security.roles import Actor, Role


def can_link(actor: Actor, country: str) -> bool:
    """Runs and capture histories: the country's statisticians and coordinators, or the system."""
    if actor.role.startswith("system:"):
        return True
    return actor.role in (Role.STATISTICIAN, Role.COORDINATOR) and actor.country == country


def can_review(actor: Actor, country: str) -> bool:
    """Review decisions: the country's national coordinator (purpose-bound identifying view)."""
    return actor.role == Role.COORDINATOR and actor.country == country


def sees_names_for_review(actor: Actor, org_ids: Sequence[int], country: str) -> bool:
    """Names side by side: the coordinator for review, or whoever holds both records in full."""
    if can_review(actor, country):
        return True
    return all(case_access(actor, org, country) == Access.FULL for org in org_ids)
