"""Identity documents: the number a registration records when the person shows one.

A person whose birth date is documented holds a passport or identity card, and a second
one when they hold two citizenships. A registration records a number only when the
document is at hand (traffickers often keep it) and the organisation asks for it: border
guards and the police mostly do, NGOs and health services seldom. Clerks copy one
character wrong now and then.
"""

from __future__ import annotations

import numpy as np

from thb.synth import capture

# P(a registration records the document number | the person holds a document), by list.
RECORDED_P = {"POLICE": 0.5, "NGO": 0.15, "LABOUR": 0.35, "SOCIAL": 0.3, "HEALTH": 0.15,
              "BORDER": 0.7}  # fmt: skip
NUMBER_TYPO = 0.02  # one character copied wrong
_LETTERS = np.array(list("ABCDEFGHJKLMNPRSTUVWXYZ"), dtype=object)  # no I or O: read as 1, 0


def document_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """Invented document numbers (two letters, seven digits), one per person."""
    letters = _LETTERS[rng.integers(0, len(_LETTERS), (n, 2))]
    digits = rng.integers(0, 10**7, n)
    return np.array(
        [f"{a}{b}{d:07d}" for (a, b), d in zip(letters, digits, strict=True)], dtype=object
    )


def recorded_numbers(
    documented: np.ndarray,
    dual: np.ndarray,
    rec_person: np.ndarray,
    rec_list: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """The document number each registration records ("" for none).

    ``documented`` and ``dual`` are per person (holds a document; holds two, one per
    citizenship); ``rec_person`` and ``rec_list`` per registration.
    """
    first, second = document_numbers(len(documented), rng), document_numbers(len(documented), rng)
    p = np.array([RECORDED_P[name] for name in capture.LISTS])[rec_list]
    n = len(rec_person)
    recorded = documented[rec_person] & (rng.random(n) < p)
    other = dual[rec_person] & (rng.random(n) < 0.5)
    number = np.where(other, second[rec_person], first[rec_person])
    out = np.where(recorded, number, "").astype(object)
    hit = np.flatnonzero(recorded & (rng.random(n) < NUMBER_TYPO))
    out[hit] = [_miscopied(s, r) for s, r in zip(out[hit], rng.random((len(hit), 2)), strict=True)]
    return out


def _miscopied(number: str, u: np.ndarray) -> str:
    """One digit written as another, or two neighbouring characters swapped."""
    i = 2 + int(u[0] * (len(number) - 3))  # among the digits, a neighbour to the right
    if u[1] < 0.5:
        return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    return number[:i] + str((int(number[i]) + 1 + int(u[1] * 18) % 9) % 10) + number[i + 1 :]
