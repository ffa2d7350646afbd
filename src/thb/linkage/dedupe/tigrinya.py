"""Eritrean and Ethiopian names, from Ge'ez script, brought to one key.

Tigrinya and Amharic names reach European registries through Italian, English and
German ears: Ghebre / Gebre, Tecle / Tekle, Michael / Mikael, Dawit / Dawid, Yonas /
Jonas, Tesfay / Tesfai, Selam / Salam, Fyori / Fiori. The script writes a vowel with every
consonant, and unidecode spells its syllables out (ሰላም: "salaame"). Names are often a
person's name joined to the father's (Dawitmikael). For a record whose citizenship is
Eritrean or Ethiopian the key is the name's consonants: one letter for gh/g, ch/kh/c/k/q/x,
ph/f and j/y, a d before a consonant or at the end read as t, and vowels, w, y and
doubled letters left out.
"""

from __future__ import annotations

import functools

from thb.linkage.dedupe.name_keys import apply_folds, compile_folds, transliteration_key

GEEZ_SCRIPT_CITIZENSHIPS = frozenset({"ER", "ET"})

_RULES: tuple[tuple[str, str], ...] = (
    (r"gh", "g"),
    (r"ch|kh|ck|c|q|x", "k"),  # x: unidecode for ኽ
    (r"ph", "f"),
    (r"j", "y"),
    (r"d(?![aeiouy])", "t"),
    (r"[aeiouwy]", ""),
    (r"(.)\1+", r"\1"),
)
_RULES_RE = compile_folds(_RULES)


@functools.lru_cache(maxsize=1 << 16)
def tigrinya_key(folded: str) -> str:
    """Consonant key of a folded Eritrean or Ethiopian name (see the module); a name of
    fewer than two consonants keeps the transliteration key."""
    key = apply_folds(folded.replace(" ", ""), _RULES_RE)
    return key if len(key) >= 2 else transliteration_key(folded)
