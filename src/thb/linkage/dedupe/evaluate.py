"""Pairwise and cluster-size quality of a clustering against known identities."""

from __future__ import annotations

import pandas as pd


def _pair_count(sizes: pd.Series) -> int:
    """Number of within-group pairs for group sizes."""
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_scores(clusters: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    """Pairwise precision, recall and F1, and largest predicted vs largest true cluster.

    ``clusters`` has record_id, cluster_id; ``truth`` has record_id, true_person_id.
    """
    merged = clusters[["record_id", "cluster_id"]].merge(
        truth[["record_id", "true_person_id"]].astype({"record_id": str}), on="record_id"
    )
    predicted = _pair_count(merged.groupby("cluster_id").size())
    actual = _pair_count(merged.groupby("true_person_id").size())
    correct = _pair_count(merged.groupby(["cluster_id", "true_person_id"]).size())
    precision = correct / predicted if predicted else 1.0
    recall = correct / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "largest_cluster": int(merged.groupby("cluster_id").size().max()),
        "largest_true_cluster": int(merged.groupby("true_person_id").size().max()),
        "clusters": int(merged["cluster_id"].nunique()),
        "persons": int(merged["true_person_id"].nunique()),
    }
