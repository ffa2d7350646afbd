"""Thai script romanised by the Royal Thai General System, closely enough for a name key.

unidecode writes Thai letter by letter: ศิริพร comes out as "siriphr" and สมใจ as
"smaich", so a registration in Thai script met no romanised one. Thai writes some vowels
before the consonant they follow in speech (เ แ โ ใ ไ), leaves the vowel of many syllables
unwritten (สม is som, นภา is na-pha) and gives a consonant another sound at the end of a
syllable (พร is phon, สุข is suk). This reads a name syllable by syllable:

- a consonant with no vowel written, before a consonant that ends the word or is followed
  by another consonant, closes a syllable on an unwritten o (สม: som, พร: phon, also
  inside a word: ศิริพรนภา, siriphon-napha); before a consonant carrying a vowel it opens
  one on an unwritten a (นภา: na-pha);
- ร after ส, ศ or ซ is silent (ศรี: si, เสริฐ: soet), ห before a low consonant is only a
  tone mark (หญิง: ying), a consonant under the cancellation mark ์ is not read (สวัสดิ์:
  sawat);
- tone marks are dropped, as in every romanisation.

It is a name key, not a dictionary romaniser: loanwords and irregular spellings stay
approximate. ``thai.thai_key`` then folds RTGS and passport spellings into one key.
"""

from __future__ import annotations

import functools
import re

THAI_LETTERS = re.compile("[\u0e01-\u0e4e]+")


def _table(letters: str, sounds: str) -> dict[str, str]:
    """Letters mapped to their space-separated sounds."""
    return dict(zip(letters, sounds.split(), strict=True))


# "_": อ carries a vowel and has no sound of its own
_INITIAL = _table(
    "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",
    "k kh kh kh kh kh ng ch ch ch s ch y d t th th th n d t th th th n b p ph f ph f ph "
    "m y r l w s s s h l _ h",
)
_FINAL = {
    **dict.fromkeys("กขฃคฅฆ", "k"),
    **dict.fromkeys("จฉชซฌฎฏฐฑฒดตถทธศษส", "t"),
    **dict.fromkeys("ญณนรลฬ", "n"),
    **dict.fromkeys("บปผฝพฟภ", "p"),
    "ง": "ng",
    "ม": "m",
    "ย": "i",
    "ว": "o",
}
_CONSONANTS = frozenset(_INITIAL)
_LEADING = frozenset("เแโใไ")
_AFTER = {"ะ": "a", "ั": "a", "า": "a", "ำ": "am", "ิ": "i", "ี": "i", "ึ": "ue",
          "ื": "ue", "ุ": "u", "ู": "u"}  # fmt: skip
_SILENT_MARKS = re.compile("[\u0e47-\u0e4b\u0e4d\u0e4e]")  # shortener and tone marks
_CANCELLED = re.compile("[\u0e01-\u0e2e][\u0e30-\u0e39]?\u0e4c")  # consonant (+ vowel) + ์
# Consonants that can open a cluster with ร, ล or ว (ประ, กลาง, ขวา); ร is silent after
# ส, ศ and ซ.
_CLUSTERS = {"ร": frozenset("กขคตปผพสศซ"), "ล": frozenset("กขคปผพ"), "ว": frozenset("กขค")}
_SILENT_R_AFTER = frozenset("สศซ")
_LOW_AFTER_SILENT_H = frozenset("งญนมยรลว")


def _leading_vowel(lead: str, after: str, glide: str) -> str:
    """The vowel of a syllable written with a leading vowel (เ-า: ao, เ-ีย: ia ...)."""
    if lead == "เ":
        combos = {"า": "ao", "ี": "ia" if glide == "ย" else "oe", "ื": "uea", "ิ": "oe",
                  "อ": "oe", "ะ": "e"}  # fmt: skip
        return combos.get(after, "e")
    return {"แ": "ae", "โ": "o", "ใ": "ai", "ไ": "ai"}[lead]


def _has_vowel(chars: str, i: int) -> bool:
    """Whether the consonant at ``i`` carries a written vowel after it."""
    return i + 1 < len(chars) and chars[i + 1] in _AFTER


def _cluster(chars: str, i: int) -> bool:
    """Whether the consonants at ``i`` and ``i + 1`` open one syllable (ประ, ศรี)."""
    return (
        i + 2 < len(chars)
        and chars[i] in _CLUSTERS.get(chars[i + 1], ())
        and chars[i + 2] in _AFTER
    )


def _initial(chars: str, i: int) -> tuple[str, int]:
    """The initial consonant (or cluster) at ``i`` in letters, and where it ends."""
    first = chars[i]
    if first == "ห" and i + 1 < len(chars) and chars[i + 1] in _LOW_AFTER_SILENT_H:
        return _INITIAL[chars[i + 1]], i + 2
    if _cluster(chars, i):
        silent = chars[i + 1] == "ร" and first in _SILENT_R_AFTER
        return _INITIAL[first] + ("" if silent else _INITIAL[chars[i + 1]]), i + 2
    return _INITIAL[first], i + 1


def _closes(chars: str, i: int) -> bool:
    """Whether the consonant at ``i`` ends the syllable before it: it carries no vowel and
    does not open the next syllable (a cluster, or the first of two consonants before the
    end of the word or a leading vowel, พร)."""
    if i >= len(chars) or chars[i] not in _CONSONANTS or _has_vowel(chars, i):
        return False
    if i + 1 == len(chars):
        return True
    # the first of two consonants before the end or a leading vowel: X-o-Y (สม in นภาสมใจ)
    last_two = chars[i + 1] in _CONSONANTS and (i + 2 == len(chars) or chars[i + 2] in _LEADING)
    before_final_r = chars[i + 1] == "ร" and not _has_vowel(chars, i + 1)  # -พร: -phon
    return (
        (chars[i + 1] in _CONSONANTS or chars[i + 1] in _LEADING)
        and not _cluster(chars, i)
        and not last_two
        and not before_final_r
    )


def _syllable(chars: str, i: int) -> tuple[str, int]:
    """One syllable from ``i``: its romanisation and where the next one starts."""
    lead = chars[i] if chars[i] in _LEADING else ""
    i += bool(lead)
    if i >= len(chars) or chars[i] not in _CONSONANTS:
        return "", i + 1
    onset, i = _initial(chars, i)
    onset = onset.replace("_", "")
    after = chars[i] if i < len(chars) and chars[i] in _AFTER else ""
    i += bool(after)
    if lead:
        glide = chars[i] if i < len(chars) else ""
        if lead == "เ" and glide == "อ" and after in ("", "ื"):  # เ-อ: oe, เ-ือ: uea
            after, i = after or "อ", i + 1
        elif lead == "เ" and after == "ี" and glide == "ย":  # เ-ีย: ia
            i += 1
        vowel = _leading_vowel(lead, after, glide)
    elif after:
        vowel = _AFTER[after]
        if after == "ั" and i < len(chars) and chars[i] == "ว":
            vowel, i = "ua", i + 1
    elif i < len(chars) and chars[i] == "อ" and _closes(chars, i + 1):
        vowel, i = "o", i + 1
    elif _closes(chars, i):
        vowel = "o"
    else:
        vowel = "a"
    # ำ, ใ, ไ and เ-า end their syllable; ั always closes on the next consonant
    closed = _closes(chars, i) and vowel not in ("am", "ai", "ao")
    if vowel == "a" and after == "ั" and i < len(chars) and chars[i] in _CONSONANTS:
        closed = True
    if not closed:
        return onset + vowel, i
    return onset + vowel + _FINAL.get(chars[i], ""), i + 1


@functools.lru_cache(maxsize=1 << 14)
def _romanise_word(word: str) -> str:
    chars = _SILENT_MARKS.sub("", _CANCELLED.sub("", word))
    out, i = [], 0
    while i < len(chars):
        text, i = _syllable(chars, i)
        out.append(text)
    return "".join(out)


def romanise_thai(name: str) -> str:
    """The name with every run of Thai script romanised (other letters untouched)."""
    return THAI_LETTERS.sub(lambda m: _romanise_word(m.group()), name)
