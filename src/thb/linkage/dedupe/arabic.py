"""Names from Arabic script brought to one key, whatever their romanisation.

Arabic (and Dari or Persian) script writes few vowels, so every romanisation supplies its
own: Zaynab / Zineb, Omar / Umar, Youssef / Yusuf, Mohamed / Muhammad, Hosseini /
Husaini. Maghrebi spellings follow French (Rachid, Cherkaoui: ch for sh, ou for u, dj for
j), Mashriqi ones English (Rashid, Sharqawi). The article is written El, Al-, glued
(Elamrani), assimilated (Ettazi for at-Tazi) or left out, and unidecode renders the
script's own article as a bare l (التازي: "ltzy"). For a record whose citizenship writes
names in Arabic script, the key is the name's consonants: articles dropped, the French and
English spellings of one consonant made one (ch/sh, kh, dj/j, q/k, v/w), and vowels,
w and y (which the script writes for long vowels), a final h (Fatmeh) and doubled
letters left out.

The price is names that differ only in their vowels: Omar and Amira, Hassan and Hussein
share a key. They meet at the key's level, which weighs less than an exact name, and sex,
birth date and the other name must tell them apart.
"""

from __future__ import annotations

import functools
import re

from thb.linkage.dedupe.name_keys import apply_folds, compile_folds, transliteration_key

ARABIC_SCRIPT_CITIZENSHIPS = frozenset(
    {"AE", "AF", "BH", "DZ", "EG", "IQ", "IR", "JO", "KW", "LB", "LY", "MA", "OM", "PS", "QA",
     "SA", "SD", "SY", "TN", "YE"}
)  # fmt: skip

_ARTICLES = frozenset({"al", "el", "ul", "l"})  # "l": the script's article, cut off by an ayn
_SUN_LETTER_ARTICLE = re.compile(r"^e([tdsrnz])(?=\1)")  # Ettazi, Ennaji: et-Tazi, en-Naji
_CONSONANTS: tuple[tuple[str, str], ...] = (
    (r"kh", "x"),
    (r"sch|sh|ch", "$"),
    (r"dj|dzh", "j"),
    (r"gh", "g"),
    (r"th", "t"),
    (r"ph", "f"),
    (r"q|ck|c", "k"),
    (r"v", "w"),
    (r"(?<=[aeiou])h$", ""),
    (r"[aeiouwy]", ""),
    (r"(.)\1+", r"\1"),
)
_CONSONANTS_RE = compile_folds(_CONSONANTS)


@functools.lru_cache(maxsize=1 << 16)
def arabic_key(folded: str) -> str:
    """Consonant key of a folded name written from Arabic script (see the module); a name
    of fewer than two consonants keeps the transliteration key."""
    words = [w for w in folded.split(" ") if w and w not in _ARTICLES]
    key = "".join(_consonants(_without_article(w)) for w in words)
    return key if len(key) >= 2 else transliteration_key(" ".join(words))


def _without_article(word: str) -> str:
    """A word without a glued article (Elamrani, Alhasan, Ettazi, and the script's bare l:
    "ltzy"), kept where too little would be left (Alaoui, Layla)."""
    word = _SUN_LETTER_ARTICLE.sub("", word)
    for article in ("al", "el", "l"):
        if word.startswith(article) and len(_consonants(word[len(article) :])) >= 2:
            return word[len(article) :]
    return word


def _consonants(word: str) -> str:
    return apply_folds(word, _CONSONANTS_RE)
