"""Role x organisation access, as a table: deny by default."""

from __future__ import annotations

import pytest

from thb.security.permissions import Access, can_read_audit, can_write_case, case_access
from thb.security.roles import Actor, Role

OWN, OTHER_ORG, OTHER_COUNTRY = (
    "own organisation",
    "other organisation, same country",
    "other country",
)
EXPECTED = {
    Role.FRONTLINE: (Access.FULL, Access.NONE, Access.NONE),
    Role.COORDINATOR: (Access.FULL, Access.PSEUDONYMOUS, Access.NONE),
    Role.SERVICE_PROVIDER: (Access.FULL, Access.NONE, Access.NONE),
    Role.ANALYST: (Access.FULL, Access.NONE, Access.NONE),
    Role.STATISTICIAN: (Access.PSEUDONYMOUS, Access.PSEUDONYMOUS, Access.NONE),
    Role.AUDITOR: (Access.NONE, Access.NONE, Access.NONE),
    Role.ADMIN: (Access.NONE, Access.NONE, Access.NONE),
}


@pytest.mark.parametrize("role", list(Role))
def test_case_access_table(role: Role) -> None:
    actor = Actor(user_id=1, role=role, org_id=10, country="RO")
    got = (case_access(actor, 10, "RO"), case_access(actor, 11, "RO"), case_access(actor, 12, "BG"))
    assert got == EXPECTED[role]


@pytest.mark.parametrize("role", list(Role))
def test_only_caseworkers_of_the_holding_organisation_write(role: Role) -> None:
    actor = Actor(user_id=1, role=role, org_id=10, country="RO")
    writers = {Role.FRONTLINE, Role.COORDINATOR, Role.SERVICE_PROVIDER, Role.ANALYST}
    assert can_write_case(actor, 10) == (role in writers)
    assert can_write_case(actor, 11) is False


def test_unknown_role_and_system_actor_are_denied() -> None:
    assert case_access(Actor(1, "superuser", 10, "RO"), 10, "RO") == Access.NONE
    assert case_access(Actor.system(), 10, "RO") == Access.NONE
    assert [can_read_audit(Actor(1, r, 1, "RO")) for r in Role].count(True) == 1
