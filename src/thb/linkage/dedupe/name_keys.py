"""Keys under which spelling and transliteration variants of a name meet.

Names are folded so that scripts and accents meet: diacritics are removed (unidecode,
which also maps Romanian ț/ţ→t and ș/ş→s, Cyrillic, Greek and Chinese to Latin), then a
short list of transliteration folds (kh→h, ph→f, w→v, y→i, c before a back vowel→k,
doubled letters) gives the transliteration key; the metaphone, the consonant skeleton
and the written initial are taken from it or from the folded name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import jellyfish
from unidecode import unidecode

from thb.linkage.dedupe.thai_script import romanise_thai

_TRANSLIT_FOLDS: tuple[tuple[str, str], ...] = (
    (r"dzh|dj", "j"),
    (r"zh", "j"),
    (r"tsch|tch", "s"),  # German and French for ч: Martschuk, Martchouk / Marchuk
    (r"sch|sh|sz|ch", "s"),
    (r"kh", "h"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"ck|q", "k"),
    (r"c(?=[aouklrt]|$)", "k"),
    (r"ks|cs|x", "ks"),
    (r"tz|ts|cz", "c"),
    (r"w", "v"),
    (r"y|ij|j", "i"),
    (r"ou", "u"),
    (r"(.)\1+", r"\1"),
)
Folds = tuple[tuple[re.Pattern[str], str], ...]


def compile_folds(rules: Sequence[tuple[str, str]]) -> Folds:
    """Rewrite rules (pattern, replacement), compiled once for ``apply_folds``."""
    return tuple((re.compile(pattern), repl) for pattern, repl in rules)


def apply_folds(text: str, folds: Folds) -> str:
    """Text rewritten by each fold in turn."""
    for pattern, repl in folds:
        text = pattern.sub(repl, text)
    return text


_TRANSLIT_RE = compile_folds(_TRANSLIT_FOLDS)
_NON_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


# Arabic zay before heh comes out of unidecode as "zh", which the folds read as the Slavic
# zh (Жанна) and turn into i: زهرا lost its z and stopped meeting Zahra. Unidecode drops
# the unwritten vowel, so one is put back.
_ARABIC_ZAY_BEFORE_HEH = re.compile("\u0632(?=\u0647)")
# Persian keheh (شکیلا, Shakila) is a k; unidecode writes it "kh".
_PERSIAN_KEHEH, _ARABIC_KAF = "\u06a9", "\u0643"


def fold_name(name: object) -> str:
    """Fold a name to lower-case ASCII letters and single spaces so scripts and accents meet."""
    if not isinstance(name, str):
        return ""
    name = _ARABIC_ZAY_BEFORE_HEH.sub("\u0632a", name).replace(_PERSIAN_KEHEH, _ARABIC_KAF)
    name = romanise_thai(name)  # unidecode reads Thai letter by letter (ศิริพร: "siriphr")
    text = unidecode(name).lower().replace("-", " ").replace("'", "")
    return _SPACES.sub(" ", _NON_LETTER.sub(" ", text)).strip()


@functools.lru_cache(maxsize=1 << 18)
def transliteration_key(folded: str) -> str:
    """Collapse transliteration variants of a folded name (Popescu/Popesku, Khristo/Hristo)."""
    return apply_folds(folded.replace(" ", ""), _TRANSLIT_RE)


_SKELETON_DROP = re.compile(r"[aeiouvh]")
_REPEAT = re.compile(r"(.)\1+")


def consonant_skeleton(key: str) -> str:
    """Consonants of a transliteration key (vowels, w/v and h dropped, repeats collapsed).

    Abjad scripts write few vowels: Arabic سيد كريم يوسف comes out of unidecode as
    "syd krym ywsf" and meets "Saeed Kareem Yusuf" only here ("sdkrmsf").
    """
    return _REPEAT.sub(r"\1", _SKELETON_DROP.sub("", key))


def phonetic_key(key: str) -> str:
    """Metaphone of a transliteration key, so that sound-alike spellings block together."""
    return jellyfish.metaphone(key).upper() if key else ""


_INITIAL_CLASS = str.maketrans("cqjyw", "kiiiv")


def written_initial(folded: str) -> str:
    """First letter as written, with letters that spell one sound alike (C/K/Q, I/J/Y, V/W).

    Taken before the transliteration folds, because an abbreviation keeps the written
    letter: "C." stands for Chinedu, whose key starts with "s" (ch -> s).
    """
    return folded[:1].translate(_INITIAL_CLASS)


def split_initial_in_family(given: str, family: str) -> tuple[str, str]:
    """Split "POPESCU I." written in the family field into family "popescu" and initial "i"."""
    if given or " " not in family:
        return given, family
    tokens = family.split(" ")
    if len(tokens[-1]) == 1:
        return tokens[-1], " ".join(tokens[:-1])
    if len(tokens[0]) == 1:
        return tokens[0], " ".join(tokens[1:])
    return given, family
