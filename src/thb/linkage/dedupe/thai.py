"""Thai names in their several romanisations brought to one key.

Thai names reach a registry romanised by whoever wrote them: the Royal Thai General System
(Prasoet, Kaeo, Bunma), the spellings people choose for their passports (Prasert, Kaew,
Boonma) and ad hoc phonetic ones. What differs between them is regular:
- the aspirates p/ph, t/th, k/kh are one letter each (Wanpen, Wanphen), where the generic
  folds read ph as f;
- ch and j write one consonant (Somchai, Somjai; Kanchana, Kanjana);
- long vowels are doubled or not (Boonma, Bunma; Kaewmanee, Kaeomani; Naphaa, Napa) and
  final -ay is -ai (Somchay);
- a written r is silent at the end of a syllable and after s (Siriporn, Siriphon;
  Prasert, Prasoet; Srisuk, Sisuk, also inside a name written as one word:
  Kaewmaneesrisuk, Kaeomanisisuk), and oe is the same vowel as e there;
- w after a vowel is o (Kaew, Kaeo).
For a record whose citizenship is Thai the key follows these rules; the metaphone keeps
the generic key, so a record with no citizenship still meets the same spelling.
"""

from __future__ import annotations

import functools

from thb.linkage.dedupe.name_keys import apply_folds, compile_folds

THAI_CITIZENSHIPS = frozenset({"TH"})

_RULES: tuple[tuple[str, str], ...] = (
    (r"sr", "s"),
    (r"([ptk])h", r"\1"),
    (r"ch|j", "c"),
    (r"oo|ou", "u"),
    (r"ee", "i"),
    (r"ay$", "ai"),
    (r"oe", "e"),
    (r"(?<=[aeiou])w", "o"),
    (r"r(?=[^aeiou]|$)", ""),
    (r"(.)\1+", r"\1"),
)
_RULES_RE = compile_folds(_RULES)


@functools.lru_cache(maxsize=1 << 16)
def thai_key(folded: str) -> str:
    """Key of a folded Thai name: each word by the rules above, then joined."""
    return "".join(apply_folds(w, _RULES_RE) for w in folded.split(" ") if w)
