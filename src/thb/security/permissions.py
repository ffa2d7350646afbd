"""Who may do what: pure policy functions over (actor, record owner), tested as tables.

Deny by default. A victim's record is seen in full (identifying fields) only inside the
organisation that holds it; national roles see their country's records pseudonymously.
"""

from __future__ import annotations

from enum import IntEnum

from thb.security.roles import Actor, Role

# Roles that work on victims' cases inside their own organisation.
CASEWORKERS = frozenset({Role.FRONTLINE, Role.COORDINATOR, Role.SERVICE_PROVIDER, Role.ANALYST})
# Roles that see their whole country's case records, without identities.
NATIONAL_PSEUDONYMOUS = frozenset({Role.COORDINATOR, Role.STATISTICIAN})


class Access(IntEnum):
    """How much of a case record an actor may see."""

    NONE = 0
    PSEUDONYMOUS = 1
    FULL = 2


def case_access(actor: Actor, case_org_id: int, case_country: str) -> Access:
    """The access an actor has to one victim's record."""
    if actor.role in CASEWORKERS and actor.org_id == case_org_id:
        return Access.FULL
    if actor.role in NATIONAL_PSEUDONYMOUS and actor.country == case_country:
        return Access.PSEUDONYMOUS
    return Access.NONE


def can_read_case(actor: Actor, case_org_id: int, case_country: str) -> bool:
    return case_access(actor, case_org_id, case_country) >= Access.PSEUDONYMOUS


def can_see_identifying(actor: Actor, case_org_id: int, case_country: str) -> bool:
    return case_access(actor, case_org_id, case_country) == Access.FULL


def can_write_case(actor: Actor, case_org_id: int) -> bool:
    """Only caseworkers of the holding organisation change a victim's record."""
    return actor.role in CASEWORKERS and actor.org_id == case_org_id


def can_register_victim(actor: Actor) -> bool:
    return actor.role in CASEWORKERS and actor.org_id is not None


def can_record_proceedings(actor: Actor) -> bool:
    """Suspects and proceedings: law-enforcement analysts and coordinators."""
    return actor.role in {Role.ANALYST, Role.COORDINATOR}


def can_read_proceedings(actor: Actor, country: str) -> bool:
    return actor.role in {Role.ANALYST, Role.COORDINATOR, Role.STATISTICIAN} and (
        actor.country == country
    )


def can_read_audit(actor: Actor) -> bool:
    return actor.role == Role.AUDITOR


def can_manage_users(actor: Actor) -> bool:
    return actor.role == Role.ADMIN


def can_read_organisations(actor: Actor) -> bool:
    """The NRM directory is visible to every signed-in user (referrals need it)."""
    return actor.user_id is not None


def can_export(actor: Actor, *, identifying: bool) -> bool:
    """Exports are pseudonymous by default; identifying exports only of one's own records."""
    if identifying:
        return actor.role in CASEWORKERS
    return actor.role in CASEWORKERS | NATIONAL_PSEUDONYMOUS


def can_import(actor: Actor) -> bool:
    return actor.role in CASEWORKERS
