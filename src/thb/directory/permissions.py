"""Who may read and change the service directory: pure policies, tested as tables."""

from __future__ import annotations

from thb.security.permissions import CASEWORKERS
from thb.security.roles import Actor, Role


def is_system(actor: Actor) -> bool:
    """The CLI, the demo loader or a migration acting for the installation."""
    return actor.user_id is None and actor.role.startswith("system:")


def can_read_directory(actor: Actor) -> bool:
    """Every signed-in user reads the directory: referring needs it."""
    return actor.user_id is not None or is_system(actor)


def can_manage_directory(actor: Actor, org_id: int) -> bool:
    """Service providers keep their own organisation's entries and beds; admins keep all."""
    if actor.role == Role.ADMIN or is_system(actor):
        return True
    return actor.role == Role.SERVICE_PROVIDER and actor.org_id == org_id


def can_reserve_bed(actor: Actor, shelter_org_id: int) -> bool:
    """Placing someone: any caseworker of the shelter's organisation (accepting a referral)."""
    if can_manage_directory(actor, shelter_org_id):
        return True
    return actor.role in CASEWORKERS and actor.org_id == shelter_org_id


def can_release_bed(actor: Actor, shelter_org_id: int, *, referral_party: bool = False) -> bool:
    """The shelter frees its beds; a party to the placing referral may too (revocation)."""
    if can_reserve_bed(actor, shelter_org_id):
        return True
    return referral_party and actor.role in CASEWORKERS
