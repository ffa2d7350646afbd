"""Hidden population: per-list capture with latent heterogeneity and referral dependence.

Each true victim belongs to a latent class (visible / hidden) and is caught independently by each
source list with a probability that depends on the form of exploitation, age and citizenship,
scaled by the class. A catch by one list then leads to referrals to others (positive list
dependence). Registered persons are those caught at least once; the unregistered rest is drawn
from the negative-binomial posterior of each capture cell, giving the true total.
"""

from __future__ import annotations

import numpy as np

LISTS = ("POLICE", "NGO", "LABOUR", "SOCIAL", "HEALTH", "BORDER")
# Base probabilities of a visible-class victim, by form (SEXUAL, LABOUR, OTHER, UNKNOWN).
BASE = np.array(
    [
        [0.30, 0.17, 0.22, 0.17],  # police
        [0.24, 0.13, 0.13, 0.17],  # NGO
        [0.015, 0.24, 0.04, 0.04],  # labour inspectorate
        [0.045, 0.04, 0.09, 0.06],  # local authority / social services
        [0.04, 0.03, 0.03, 0.03],  # health
        [0.03, 0.03, 0.03, 0.04],  # immigration / border guard
    ]
)
CHILD_SOCIAL_BONUS = 0.20  # child protection sits with local authorities
NON_EU_BORDER_BONUS = 0.06
CLASS_WEIGHT = np.array([0.4, 0.6])  # visible, hidden
CLASS_SCALE = np.array([1.0, 0.6])
# REFERRAL[i, j]: chance that a catch by list i leads list j to register the person too.
REFERRAL = np.zeros((6, 6))
REFERRAL[0, 1], REFERRAL[2, 0], REFERRAL[1, 0], REFERRAL[3, 1], REFERRAL[5, 1] = (
    0.12,
    0.2,
    0.08,
    0.1,
    0.1,
)
REFERRAL[4, 3] = 0.15


def list_probabilities(form: np.ndarray, child: np.ndarray, eu: np.ndarray) -> np.ndarray:
    """Per-person, per-class, per-list primary capture probabilities, shape (n, 2, 6)."""
    p = BASE[:, form].T.copy()  # (n, 6)
    p[:, 3] += CHILD_SOCIAL_BONUS * child
    p[:, 5] += NON_EU_BORDER_BONUS * ~eu
    return np.clip(p[:, None, :] * CLASS_SCALE[None, :, None], 0, 0.95)


def capture_probability(p: np.ndarray) -> np.ndarray:
    """P(caught by at least one list) per person, classes integrated out."""
    caught_by_class = 1 - np.prod(1 - p, axis=2)
    return caught_by_class @ CLASS_WEIGHT


def captures_given_registered(
    form: np.ndarray, child: np.ndarray, eu: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Capture histories (n, 6) conditional on at least one catch, referrals included."""
    p = list_probabilities(form, child, eu)
    n = len(form)
    post = (1 - np.prod(1 - p, axis=2)) * CLASS_WEIGHT  # class posterior given caught
    cls = (rng.random(n) * post.sum(1) > post[:, 0]).astype(np.int64)
    pc = p[np.arange(n), cls]
    hist = rng.random((n, 6)) < pc
    todo = np.flatnonzero(~hist.any(1))
    while len(todo):  # rejection sampling of the empty histories
        hist[todo] = rng.random((len(todo), 6)) < pc[todo]
        todo = todo[~hist[todo].any(1)]
    return _refer(hist, rng)


def population_histories(
    form: np.ndarray, child: np.ndarray, eu: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Unconditional histories of true victims (many rows all False): for checking the model."""
    p = list_probabilities(form, child, eu)
    n = len(form)
    cls = (rng.random(n) >= CLASS_WEIGHT[0]).astype(np.int64)
    return _refer(rng.random((n, 6)) < p[np.arange(n), cls], rng)


def _refer(hist: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Add the registrations that follow referrals from the lists that caught a person."""
    gate = 1 - np.exp(hist.astype(float) @ np.log1p(-REFERRAL))  # 1 - prod_i (1 - h_i r_ij)
    return hist | (rng.random(hist.shape) < gate)


def hidden_by_group(
    form: np.ndarray, child: np.ndarray, eu: np.ndarray, group: np.ndarray, groups: int,
    rng: np.random.Generator,
) -> np.ndarray:  # fmt: skip
    """True victims per group: registered plus a negative-binomial draw per capture cell."""
    pi = capture_probability(list_probabilities(form, child, eu))
    cell, inverse = np.unique(np.round(pi, 12), return_inverse=True)
    key = group * len(cell) + inverse
    counts = np.bincount(key, minlength=groups * len(cell))
    missed = rng.negative_binomial(np.maximum(counts, 1), np.tile(cell, groups)) * (counts > 0)
    registered = np.bincount(group, minlength=groups)
    return registered + missed.reshape(groups, len(cell)).sum(1)


def hidden_total(
    form: np.ndarray, child: np.ndarray, eu: np.ndarray, rng: np.random.Generator
) -> int:
    """True population size of one group of registered persons."""
    group = np.zeros(len(form), dtype=np.int64)
    return int(hidden_by_group(form, child, eu, group, 1, rng)[0])
