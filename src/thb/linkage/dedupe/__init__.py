"""Probabilistic deduplication of victim registrations (Splink on DuckDB or Spark).

Public API: :class:`Deduplicator`, :func:`dedupe_frame`, :func:`cluster_pairs`,
:func:`uncertain_pairs`, :func:`blocking_analysis`. Splink loads on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from thb.linkage.dedupe.errors import DecisionConflictError, DedupeInputError

_LAZY = {
    "Deduplicator": "thb.linkage.dedupe.estimator",
    "dedupe_frame": "thb.linkage.dedupe.estimator",
    "cluster_pairs": "thb.linkage.dedupe.clustering",
    "uncertain_pairs": "thb.linkage.dedupe.review",
    "blocking_analysis": "thb.linkage.dedupe.blocking",
    "pairwise_scores": "thb.linkage.dedupe.evaluate",
}

__all__ = ["DecisionConflictError", "DedupeInputError", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import the heavy modules (Splink, DuckDB) only when their names are used."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
