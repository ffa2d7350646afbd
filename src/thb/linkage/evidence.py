"""The model's reading of an uncertain pair, in the reviewer's words.

For each field the review page shows what the comparison found ("sounds the same",
"registered within 30 days of each other") and how strongly that spoke for or against one
person: the match weight the level added, as a factor on the odds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from thb.i18n import N_

# Review-page row -> the model's comparison of that field.
COMPARISON_OF_ROW = {
    "given_name": "given_name", "family_name": "family_name", "birth_date": "birth_date",
    "sex": "sex", "citizenships": "citizenship", "organisation": "source",
    "registration_date": "registration_date", "identity_number": "document",
}  # fmt: skip

MISSING = N_("missing on one side")

_NAME = {
    "exact": N_("written the same"),
    "written the same, no family name on one side": N_("written the same"),
    "transliteration fold equal": N_("the same once accents, script and transliteration are set aside"),
    "metaphone equal": N_("sounds the same"),
    "jaro-winkler 0.92": N_("one or two letters differ"),
    "initial agrees": N_("only an initial on one side, and it agrees"),
    "shares a name part": N_("shares one part of a compound name"),
    "swapped with other": N_("written in the other name field"),
    "swapped with other, one side noisy": N_("names swapped, one of them misspelt or an initial"),
    "shares a name part with other": N_("one part appears in the other name field"),
    "the only name, as the other's given name": N_("the one name recorded is the other's given name"),
    "consonant skeleton equal": N_("the same consonants (vowels left unwritten)"),
    "jaro-winkler 0.8": N_("spelt alike"),
    "else": N_("different"),
}  # fmt: skip
_BIRTH_DATE = {
    "exact": N_("the same date"),
    "day and month swapped": N_("the same date with day and month swapped"),
    "year-only estimate agrees": N_("the same year, one side a year only"),
    "damerau-levenshtein 1": N_("one digit differs or two are swapped"),
    "same month": N_("the same year and month, another day"),
    "year-only estimate within a year": N_("an estimated year, one year apart"),
    "within 2 years": N_("up to 2 years apart"),
    "within 5 years": N_("up to 5 years apart"),
    "else": N_("more than 5 years apart"),
}
_SOURCE = {
    "exact source": N_("registered by the same organisation"),
    "exact reporting_country": N_("another organisation in the same country"),
    "else": N_("organisations in different countries"),
    "another organisation": N_("registered by another organisation"),
}
_REGISTRATION = {
    "on the same day": N_("registered on the same day"),
    "within 7 days": N_("registered within 7 days of each other"),
    "within 30 days": N_("registered within 30 days of each other"),
    "within 90 days": N_("registered within 90 days of each other"),
    "within 180 days": N_("registered within 180 days of each other"),
    "within 365 days": N_("registered within a year of each other"),
    "more than 90 days": N_("registered more than 90 days apart"),
    "more than 180 days": N_("registered more than 180 days apart"),
    "more than 365 days": N_("registered more than a year apart"),
}
# Where two registrations were made, where the model reads it with the date
# (``dedupe.model.registration_comparison``: "same country, within 30 days").
_PLACE = {
    "same organisation": _SOURCE["exact source"],
    "same country": _SOURCE["exact reporting_country"],
    "other country": _SOURCE["else"],
}
_DOCUMENT = {
    "exact": N_("the same number"),
    "damerau-levenshtein 1": N_("one character differs or two are swapped"),
    "else": N_("different numbers"),
}
# How many of their citizenship are registered in the country both were registered in
# (``dedupe.model.where_registered_comparison``).
_WHERE_REGISTERED = {
    "not the same citizenship and country": N_("not one citizenship registered in one country"),
    "at most 2% of the citizenship registered there": N_("very few of their citizenship are registered in that country (at most 1 in 50)"),
    "at most 5% of the citizenship registered there": N_("few of their citizenship are registered in that country (at most 1 in 20)"),
    "at most 10% of the citizenship registered there": N_("some of their citizenship are registered in that country (at most 1 in 10)"),
    "at most 20% of the citizenship registered there": N_("some of their citizenship are registered in that country (at most 1 in 5)"),
    "at most 40% of the citizenship registered there": N_("many of their citizenship are registered in that country (at most 2 in 5)"),
    "more than 40% of the citizenship registered there": N_("most of their citizenship are registered in that country (more than 2 in 5)"),
}  # fmt: skip
_SAME_OR_NOT = {"exact": N_("the same"), "else": N_("different")}
_SEX = {**_SAME_OR_NOT, "different, and so are the given names": N_("different, as are the given names")}  # fmt: skip
_WORDS = {
    "given_name": _NAME, "family_name": _NAME, "birth_date": _BIRTH_DATE, "sex": _SEX,
    "citizenship": _SAME_OR_NOT, "source": _SOURCE, "registration_date": _REGISTRATION,
    "document": _DOCUMENT, "where_registered": _WHERE_REGISTERED,
}  # fmt: skip

# Match weight (bits) from which a field speaks for or against: 1 bit doubles or halves the
# odds, about 3.3 bits multiplies or divides them by ten.
FOR, AGAINST = 1.0, -1.0  # the bounds of "hardly matters"
_STRENGTHS = (
    (3.3, N_("strongly for one person")),
    (FOR, N_("for one person")),
    (AGAINST, N_("hardly matters")),
    (-3.3, N_("against")),
)
STRONGLY_AGAINST = N_("strongly against")


@dataclass(frozen=True)
class FieldReading:
    """What one comparison found for a pair, in words, and its weight on the odds."""

    comparison: str
    finding: str
    place: str  # where both were registered, when the comparison reads it with the date
    strength: str
    factor: str  # "×12" or "÷3": how the field changed the odds of one person
    weight: float

    @property
    def words(self) -> str:
        """Where (when read with the date) and what: the reading in one phrase."""
        return f"{self.place}, {self.finding}" if self.place else self.finding

    @property
    def direction(self) -> str:
        """ "for", "against" or "neutral", by the same bounds as ``strength``."""
        if self.weight >= FOR:
            return "for"
        return "neutral" if self.weight >= AGAINST else "against"


def _level_key(comparison: str, level: str) -> str:
    """Model level label -> key of the word tables (column names and thresholds folded)."""
    if level == "null" or level.endswith(" is NULL"):
        return "null"
    if level == "All other comparisons":
        return "else"
    if match := re.fullmatch(r"Exact match on (\w+)", level):
        column = match.group(1)
        return f"exact {column}" if comparison == "source" else "exact"
    if match := re.fullmatch(r"Jaro-Winkler distance of \w+ >= ([\d.]+)", level):
        return f"jaro-winkler {match.group(1)}"
    if match := re.fullmatch(r"Damerau-Levenshtein distance of \w+ <= (\d+)", level):
        return f"damerau-levenshtein {match.group(1)}"
    level = _where_and_when(comparison, level)[1]
    # a fuzzy level split by how common the key is reads as the level (the weight tells)
    level = re.sub(r", \w+ key$", "", level)
    return re.sub(r"with (given|family)\b", "with other", level)


def finding(comparison: str, level: str) -> str:
    """The reviewer's words for a level (the model's label where no words are written)."""
    key = _level_key(comparison, level)
    if key == "null":
        return MISSING
    return _WORDS.get(comparison, {}).get(key, level)


def _where_and_when(comparison: str, level: str) -> tuple[str, str]:
    """("same country", "within 30 days") for a level that reads the place with the
    date, ("", level) for any other."""
    if comparison == "registration_date" and ", " in level:
        where, when = level.split(", ", 1)
        return where, when
    return "", level


def place(comparison: str, level: str) -> str:
    """Where both were registered, for a level that reads it with the date ("" otherwise)."""
    return _PLACE.get(_where_and_when(comparison, level)[0], "")


def strength(weight: float) -> str:
    """How strongly a match weight speaks for or against one person."""
    return next((words for floor, words in _STRENGTHS if weight >= floor), STRONGLY_AGAINST)


def factor(weight: float) -> str:
    """The weight as a factor on the odds: ×8 for +3 bits, ÷8 for -3 bits."""
    value = 2.0 ** abs(weight)
    shown = f"{value:.0f}" if value >= 9.95 else f"{value:.1f}"
    return f"×{shown}" if weight >= 0 else f"÷{shown}"


def readings(evidence: Iterable[Mapping[str, Any]]) -> dict[str, FieldReading]:
    """Stored evidence of a pair (``dedupe.review.pair_evidence``) by comparison name."""
    out = {}
    for item in evidence:
        comparison, weight = str(item["comparison"]), float(item["weight"])
        level = str(item["level"])
        out[comparison] = FieldReading(
            comparison=comparison,
            finding=finding(comparison, level),
            place=place(comparison, level),
            strength=strength(weight),
            factor=factor(weight),
            weight=weight,
        )
    return out
