"""Which of two family names a registration keeps, by the custom of the person's country.

Portuguese and Brazilian names put the mother's family name before the father's (Joana
Ferreira Pereira), and the last one is the name a person goes by (Joana Pereira); Spanish
and Latin American names put the father's first (Carmen Danández Marínez / Carmen
Danández). For records of these citizenships the family-name key is that of the name kept,
so that a registration with both names meets one with only the main one.
"""

from __future__ import annotations

from thb.linkage.dedupe.name_keys import transliteration_key

LAST_FAMILY_NAME_CITIZENSHIPS = frozenset({"PT", "BR", "AO", "MZ", "CV", "GW", "ST", "TL"})
FIRST_FAMILY_NAME_CITIZENSHIPS = frozenset(
    {"ES", "MX", "CO", "AR", "PE", "VE", "CL", "EC", "BO", "PY", "UY", "DO", "CU", "GT", "HN",
     "SV", "NI", "CR", "PA", "GQ"}
)  # fmt: skip


def last_family_name_key(folded: str) -> str:
    """Key of the last word of a folded family name (Ferreira Pereira: Pereira)."""
    return transliteration_key(folded.rsplit(" ", 1)[-1])


def first_family_name_key(folded: str) -> str:
    """Key of the first word of a folded family name (Danández Marínez: Danández)."""
    return transliteration_key(folded.split(" ", 1)[0])
