"""Chinese names in pinyin, Wade-Giles and Cantonese spellings brought to one key.

Mainland passports print pinyin (Zhang Xiuying); Taiwanese documents and older records use
Wade-Giles, often without its apostrophes (Chang Hsiu-ying); Hong Kong and the diaspora
write Cantonese surnames (Cheung, Chan, Ng). The generic transliteration folds cannot meet
these, and they merge what pinyin keeps apart (zh, j and y all fold to i, so Zhang, Jiang
and Yang share a key). For a record whose citizenship is Chinese, each word of a name is
read as pinyin or Wade-Giles syllables and written as pinyin, merging the consonants that
Wade-Giles cannot tell apart once its apostrophes are dropped (b/p, d/t, g/k, z/c, and
zh/ch/j/q/r, which it writes ch or j); a whole word is first looked up among Cantonese and
other established surname spellings. A name that reads as neither keeps the
transliteration key.
"""

from __future__ import annotations

import functools

from thb.linkage.dedupe.name_keys import transliteration_key

# Citizenships whose names are written in these systems.
CHINESE_CITIZENSHIPS = frozenset({"CN", "TW", "HK", "MO"})

# Whole-word spellings that syllable rules cannot reach, mostly Hong Kong (Cantonese)
# romanisations of common surnames, with the pinyin of the character they usually write.
# Where one spelling writes two surnames (Wong: 黄 Huang and 王 Wang) the commoner one is
# taken; the other still meets it at the sound level, which keeps the generic key.
OTHER_SPELLINGS = {
    "au": "ou", "chan": "chen", "chau": "zhou", "cheung": "zhang", "chiu": "zhao",
    "choi": "cai", "chong": "zhuang", "chow": "zhou", "fok": "huo", "fung": "feng",
    "ho": "he", "hui": "xu", "hung": "hong", "kam": "jin", "keung": "jiang", "ko": "gao",
    "kong": "jiang", "koo": "gu", "kwan": "guan", "kwok": "guo", "kwong": "kuang",
    "lam": "lin", "lau": "liu", "law": "luo", "lee": "li", "leung": "liang", "lo": "luo",
    "lui": "lu", "mak": "mai", "mok": "mo", "ng": "wu", "ngai": "wei", "poon": "pan",
    "shum": "shen", "siu": "xiao", "suen": "sun", "sum": "shen", "tam": "tan",
    "to": "du", "tong": "tang", "tsang": "zeng", "tse": "xie", "tso": "cao", "tsoi": "cai",
    "tsui": "xu", "woo": "wu", "wong": "huang", "yeung": "yang", "yip": "ye", "yiu": "yao",
    "yuen": "yuan",
}  # fmt: skip

# Syllable onsets, longest first; each maps to the class pinyin and Wade-Giles share.
_INITIALS = (
    ("zh", "zh"), ("ch", "zh"), ("sh", "sh"), ("hs", "x"), ("ts", "z"), ("tz", "z"),
    ("ss", "s"), ("sz", "s"), ("b", "b"), ("p", "b"), ("m", "m"), ("f", "f"), ("d", "d"),
    ("t", "d"), ("n", "n"), ("l", "l"), ("g", "g"), ("k", "g"), ("h", "h"), ("j", "zh"),
    ("q", "zh"), ("x", "x"), ("r", "zh"), ("z", "z"), ("c", "z"), ("s", "s"), ("y", "y"),
    ("w", "w"), ("", ""),
)  # fmt: skip
# Pinyin finals and the Wade-Giles ones (after their umlauts are dropped), as pinyin.
_FINALS = {
    "a": "a", "ai": "ai", "an": "an", "ang": "ang", "ao": "ao", "e": "e", "ei": "ei",
    "en": "en", "eng": "eng", "er": "er", "i": "i", "ia": "ia", "ian": "ian",
    "iang": "iang", "iao": "iao", "ie": "ie", "in": "in", "ing": "ing", "iong": "iong",
    "iu": "iu", "o": "o", "ong": "ong", "ou": "ou", "u": "u", "ua": "ua", "uai": "uai",
    "uan": "uan", "uang": "uang", "ui": "ui", "un": "un", "uo": "uo", "ue": "ue",
    "eh": "e", "erh": "er", "ieh": "ie", "ien": "ian", "ih": "i", "iung": "iong",
    "uei": "ui", "ueh": "ue", "ung": "ong",
}  # fmt: skip
_MAX_SYLLABLE = 6
# Wade-Giles writes pinyin "uo" as "o" after these onsets (lo = luo, to = duo, cho = zhuo),
# and pinyin "e" as "o" after g, k and h (ko = ge, ho = he).
_O_IS_UO = frozenset({"d", "n", "l", "z", "s", "zh", "sh"})


def _syllable(text: str) -> str | None:
    """One syllable as pinyin classes, or None when it is not a syllable."""
    for onset, cls in _INITIALS:
        if not text.startswith(onset) or text[len(onset) :] not in _FINALS:
            continue
        final = _FINALS[text[len(onset) :]]
        if final == "o" and cls in _O_IS_UO:
            final = "uo"
        elif final == "o" and cls in ("g", "h"):
            final = "e"
        elif final == "en" and cls == "y":  # yen = yan
            final = "an"
        elif final == "u" and onset in ("ss", "sz", "tz"):  # ssu = si, tzu = zi
            final = "i"
        return cls + final
    return None


@functools.lru_cache(maxsize=1 << 16)
def _word(word: str) -> str | None:
    """A word read as syllables (longest first syllable that lets the rest parse)."""
    if not word:
        return ""
    for end in range(min(_MAX_SYLLABLE, len(word)), 0, -1):
        head = _syllable(word[:end])
        if head is None:
            continue
        rest = _word(word[end:])
        if rest is not None:
            return head + rest
    return None


def romanisation_key(folded: str) -> str | None:
    """The pinyin key of a folded Chinese name ("hsiu ying" and "xiuying" -> "xiuying"),
    or None when a word reads neither as pinyin or Wade-Giles nor as a known spelling."""
    out = []
    for word in folded.split():
        known = OTHER_SPELLINGS.get(word)
        key = _word(known if known is not None else word)
        if key is None:
            return None
        out.append(key)
    return "".join(out)


def chinese_key(folded: str) -> str:
    """The key of a name of Chinese citizenship: :func:`romanisation_key`, or the
    transliteration key for a name that reads as none of these spellings."""
    return romanisation_key(folded) or transliteration_key(folded)
