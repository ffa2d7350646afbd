"""Rule R2: assistance never depends on cooperation with the authorities — no config may say so.

Directive 2011/36 Art 11(3): assistance "is not made conditional on the victim's willingness to
cooperate". Any configuration or eligibility rule for an assistance service that *mentions*
cooperation, a police report, a criminal complaint, a witness statement or `eu_victim_cooperates`
is refused, even as `false`: the setting must not exist. The only exception is the 2004/81
residence permit, which the law allows to require cooperation.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from enum import Enum
from typing import Any

from thb.referral.errors import CooperationConditionError

# Compact forms (lower-case ASCII letters and digits only), so spelling, case, separators,
# camelCase and accents do not matter; a few common EU-language spellings are included.
FORBIDDEN_TERMS: tuple[str, ...] = (
    "cooperat",
    "cooperac",
    "cooperaz",
    "kooperat",
    "kooperac",
    "zusammenarbeit",
    "policereport",
    "reporttopolice",
    "reportedtopolice",
    "reporttothepolice",
    "reportedtothepolice",
    "policecomplaint",
    "criminalcomplaint",
    "complaintfiled",
    "filedcomplaint",
    "filecomplaint",
    "lodgedcomplaint",
    "lodgecomplaint",
    "presscharges",
    "pressescharges",
    "pressedcharges",
    "witness",
    "testimon",
    "testify",
    "testifie",
    "victimrole",
    "victimcooperates",
    "strafanzeige",
    "zeugenaussage",
    "zeugin",
    "anzeigeerstattet",
    "denuncia",
    "plainte",
    "temoin",
    "temoignage",
    "testigo",
)
PERMIT_DESIGNATORS: tuple[str, ...] = ("residencepermit", "200481")
_SCOPE_KEYS = frozenset(
    {"service", "services", "appliesto", "purpose", "scope", "target", "type", "kind", "name", "id"}
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
R2_MESSAGE = (
    "assistance must never depend on cooperation with the authorities (Directive 2011/36 "
    "Art 11(3), rule R2); remove the setting — only the 2004/81 residence permit may require it"
)


def compact(text: str) -> str:
    """Lower-case ASCII letters and digits only: 'Victim-Co-operates' -> 'victimcooperates'."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    return _NON_ALNUM.sub("", ascii_only.lower())


def forbidden_term_in(text: str) -> str | None:
    """The first forbidden term `text` mentions, if any."""
    flat = compact(text)
    return next((t for t in FORBIDDEN_TERMS if t in flat), None)


def is_residence_permit_scope(text: str) -> bool:
    """Whether `text` designates the 2004/81 residence permit (the one lawful exception)."""
    flat = compact(text)
    return any(d in flat for d in PERMIT_DESIGNATORS)


def _plain(value: Any) -> Any:
    """Turn dataclasses, Pydantic models, enums, bytes and objects into plain data to scan."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if isinstance(value, Mapping | list | tuple | set | frozenset | str | int | float | bool):
        return value
    if value is None:
        return value
    if hasattr(value, "__dict__"):
        return {k: v for k, v in vars(value).items() if not k.startswith("_")}
    return str(value)


def _mapping_is_permit(node: Mapping[Any, Any]) -> bool:
    """A mapping is in the permit's scope only if every scope value it states is the permit."""
    scopes = [v for k, v in node.items() if compact(str(k)) in _SCOPE_KEYS]
    return bool(scopes) and all(isinstance(v, str) and is_residence_permit_scope(v) for v in scopes)


def _scan(value: Any, path: str) -> None:
    node = _plain(value)
    if isinstance(node, str):
        term = forbidden_term_in(node)
        if term:
            raise CooperationConditionError(
                f"{path or 'rule'}: mentions {term!r} ({node[:80]!r}): {R2_MESSAGE}",
                errors=[{"field": path or "rule", "message": f"mentions {term!r}"}],
            )
        return
    if isinstance(node, Mapping):
        if _mapping_is_permit(node):
            return
        for key, child in node.items():
            key_text = str(_plain(key))
            child_path = f"{path}.{key_text}" if path else key_text
            if is_residence_permit_scope(key_text):
                continue
            _scan(key_text, child_path)
            _scan(child, child_path)
        return
    if isinstance(node, list | tuple | set | frozenset):
        items = sorted(node, key=repr) if isinstance(node, set | frozenset) else node
        for i, child in enumerate(items):
            _scan(child, f"{path}[{i}]")


def validate_eligibility_rule(rule: Any, *, service: str | None = None) -> None:
    """Refuse an eligibility rule for an assistance service that mentions cooperation (R2)."""
    if service is not None and is_residence_permit_scope(str(_plain(service))):
        return
    if service is not None:
        _scan(service, "service")
    _scan(rule, "")


def validate_referral_config(config: Mapping[str, Any]) -> None:
    """Refuse a referral/service configuration that would gate assistance on cooperation (R2)."""
    if not isinstance(config, Mapping):
        raise CooperationConditionError(
            f"referral configuration must be a mapping, got {type(config).__name__}"
        )
    _scan(config, "")
