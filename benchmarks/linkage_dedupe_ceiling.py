"""Benchmark: how far the unsupervised model is from what its comparisons could give.

    .venv/bin/python benchmarks/linkage_dedupe_ceiling.py --records 100000
    .venv/bin/python benchmarks/linkage_dedupe_ceiling.py --records 1000000

Fits the Deduplicator, keeps every scored pair at or above 0.05 with its comparison levels,
and trains a gradient-boosted classifier on the *true* labels (2-fold cross-fitted, so no
pair is scored by a model that saw it). The classifier sees what the Fellegi–Sunter model
sees, each comparison's level and the weight it added (which carries the names' term
frequencies), but learns every interaction between them from the truth; its
pairwise recall at a given precision is a ceiling for any model built on these blocking
rules and comparisons. Prints, per precision, the recall of the model's own probabilities
and of the ceiling (pairs, before clustering), and the share of true pairs blocked.
"""

from __future__ import annotations

import argparse

import numpy as np
from linkage_dedupe_bench import synthetic_registry
from sklearn.ensemble import HistGradientBoostingClassifier

from thb.linkage.dedupe.estimator import Deduplicator

PRECISIONS = (0.99, 0.98, 0.97, 0.95)


def top_cut(scores: np.ndarray, truth: np.ndarray, precision: float) -> tuple[np.ndarray, int]:
    """Pairs by falling score, and how many of the first form the largest set whose precision
    is at least ``precision``."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(truth[order])
    ok = np.flatnonzero(hits / np.arange(1, len(order) + 1) >= precision)
    return order, int(ok.max()) + 1 if len(ok) else 0


def recall_at(scores: np.ndarray, truth: np.ndarray, true_pairs: int, precision: float) -> float:
    """Pairwise recall of the largest top-scored set whose precision is at least ``precision``."""
    order, cut = top_cut(scores, truth, precision)
    return float(truth[order[:cut]].sum() / true_pairs)


def cross_fitted(features: np.ndarray, truth: np.ndarray, seed: int) -> np.ndarray:
    """Out-of-fold match probabilities from a classifier trained on the truth."""
    fold = np.random.default_rng(seed).integers(0, 2, len(truth))
    out = np.zeros(len(truth))
    for f in (0, 1):
        clf = HistGradientBoostingClassifier(max_iter=300, random_state=seed)
        clf.fit(features[fold != f], truth[fold != f])
        out[fold == f] = clf.predict_proba(features[fold == f])[:, 1]
    return out


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    df = synthetic_registry(args.records, args.seed)
    model = Deduplicator(keep_pairs_above=0.05, keep_levels=True, cannot_link_below=None)
    pairs = model.fit(df.drop(columns=["true_person_id"])).predict_pairs_
    person = df.set_index(df["record_id"].astype(str))["true_person_id"]
    truth = (
        person.reindex(pairs["record_id_l"]).to_numpy()
        == person.reindex(pairs["record_id_r"]).to_numpy()
    )
    sizes = df["true_person_id"].value_counts()
    true_pairs = int((sizes * (sizes - 1) // 2).sum())
    seen = [c for c in pairs.columns if c.startswith(("gamma_", "weight_"))]
    ceiling = cross_fitted(pairs[seen].to_numpy(float), truth, args.seed)
    print(f"{len(df):,} registrations, {true_pairs:,} true pairs; scored >= 0.05: "
          f"{len(pairs):,} pairs holding {truth.sum() / true_pairs:.4f} of the true pairs")  # fmt: skip
    for precision in PRECISIONS:
        own = recall_at(pairs["match_probability"].to_numpy(), truth, true_pairs, precision)
        best = recall_at(ceiling, truth, true_pairs, precision)
        print(f"pairwise precision >= {precision}: recall {own:.4f} (model)  {best:.4f} (ceiling)")


if __name__ == "__main__":
    main()
