"""Pure clustering of scored pairs into person identities, with human review overrides.

Plain connected components at a threshold chain people together: A~B and B~C join A and
C even when the model scored A–C as a clear non-match. Here a cluster must be coherent:
no two of its records may form a scored pair below ``cannot_link_below`` (model
cannot-link) or a pair a reviewer marked ``not_a_match`` (hard cannot-link). Components
that violate this, or where a record's average match weight to its fellow members is
below the threshold's, are rebuilt greedily, strongest link first, refusing any merge
that would join a cannot-link pair or bring the average weight between the two merged
clusters below the threshold (average linkage). Pairs a reviewer marked ``match`` are
merged first and always end in the same cluster; ``unsure`` leaves the model's score in
force.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from thb.linkage.dedupe.errors import DecisionConflictError, DedupeInputError

Decision = Literal["match", "not_a_match", "unsure"]
DECISIONS: frozenset[str] = frozenset({"match", "not_a_match", "unsure"})
PAIR_COLUMNS = ("record_id_l", "record_id_r", "match_probability")
DEFAULT_THRESHOLD = 0.99
DEFAULT_EXPECTED_PRECISION = 0.98
MIN_THRESHOLD = 0.5
# A pair the model scores 9 to 1 against may not share a person: at 10^6 records a looser
# 0.05 let two Yanli Yang born in 1997 (one by a year-only estimate) meet in one cluster.
DEFAULT_CANNOT_LINK_BELOW = 0.1


def expected_precision_threshold(
    probabilities: np.ndarray | pd.Series, expected_precision: float = DEFAULT_EXPECTED_PRECISION
) -> float:
    """Smallest match probability whose links (pairs scored at or above it) have, by the
    model's own probabilities, the expected precision asked for; no truth needed.

    With calibrated probabilities the mean probability of the linked pairs is their
    expected share of true matches. Never below 0.5: a link must be likelier a match than
    not, however many sure pairs carry the mean. Falls back to ``DEFAULT_THRESHOLD``
    without pairs.
    """
    if not 0.0 < expected_precision < 1.0:
        raise ValueError(f"expected_precision must be in (0, 1), got {expected_precision}")
    p = np.sort(np.asarray(probabilities, dtype=float))[::-1]
    p = p[~np.isnan(p)]
    if not len(p) or p[0] < expected_precision:
        return DEFAULT_THRESHOLD
    mean = np.cumsum(p) / np.arange(1, len(p) + 1)
    return max(float(p[np.flatnonzero(mean >= expected_precision).max()]), MIN_THRESHOLD)


def decisions_frame(
    decisions: pd.DataFrame | Iterable[tuple[str, str, str]] | None,
) -> pd.DataFrame:
    """Normalise review decisions to a frame (record_id_l, record_id_r, decision)."""
    cols = ["record_id_l", "record_id_r", "decision"]
    if decisions is None:
        return pd.DataFrame(columns=cols, dtype=object)
    if isinstance(decisions, pd.DataFrame):
        frame = decisions
    else:
        frame = pd.DataFrame([tuple(d) for d in decisions], columns=cols, dtype=object)
    bad = ~frame["decision"].isin(DECISIONS)
    if bad.any():
        raise DedupeInputError(
            f"unknown review decision {frame['decision'][bad].iloc[0]!r}; "
            f"expected one of {sorted(DECISIONS)}"
        )
    return frame[cols].astype({"record_id_l": str, "record_id_r": str})


# Two clusters that each already hold two or more records merge only while the average
# weight between them clears the threshold's by this many bits (odds twice as high). Their
# own pairs show what one person's records look like; cross pairs only at the threshold
# are more likely two namesakes. At 10^6 records it kept two Amesh Sharmas, of 4 and 3
# records, apart (largest cluster 7 -> 6, the true largest) for a recall of -0.0001.
GROUP_MERGE_MARGIN = 1.0


class _ConstrainedUnion:
    """Union-find whose roots carry the roots they must never join and their link weights."""

    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)
        self.size = np.ones(n, dtype=np.int64)
        self.cannot: dict[int, set[int]] = {}
        self.links: dict[int, dict[int, list[float]]] = {}

    def add_link(self, a: int, b: int, weight: float) -> None:
        for x, y in ((a, b), (b, a)):
            entry = self.links.setdefault(x, {}).setdefault(y, [0.0, 0.0])
            entry[0] += weight
            entry[1] += 1

    def mean_weight(self, a: int, b: int) -> float:
        """Average match weight over the scored pairs between the clusters of a and b."""
        total, count = self.links.get(self.find(a), {}).get(self.find(b), [0.0, 0.0])
        return total / count if count else float("inf")

    def find(self, a: int) -> int:
        root = a
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[a] != root:
            self.parent[a], a = root, self.parent[a]
        return int(root)

    def forbid(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        self.cannot.setdefault(ra, set()).add(rb)
        self.cannot.setdefault(rb, set()).add(ra)

    def allowed(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        return ra == rb or rb not in self.cannot.get(ra, ())

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        moved = self.cannot.pop(rb, set())
        for other in moved:
            self.cannot[other].discard(rb)
            self.cannot[other].add(ra)
        self.cannot.setdefault(ra, set()).update(moved)
        mine = self.links.setdefault(ra, {})
        mine.pop(rb, None)
        for other in self.links.pop(rb, {}):
            if other == ra:
                continue
            theirs = self.links[other]
            old = theirs.pop(rb)
            entry = theirs.setdefault(ra, [0.0, 0.0])
            entry[0] += old[0]
            entry[1] += old[1]
            mine[other] = entry.copy()


def _greedy(
    n: int,
    must: np.ndarray,
    hard: np.ndarray,
    soft: np.ndarray,
    edges: np.ndarray,
    ids: np.ndarray,
    weighted: tuple[np.ndarray, np.ndarray] | None = None,
    min_mean_weight: float = -np.inf,
) -> np.ndarray:
    """Labels for one component: must-links, then strongest edges that break no cannot-link
    and keep the average match weight between the merged clusters at the threshold (above
    it by ``GROUP_MERGE_MARGIN`` where both hold two or more records)."""
    uf = _ConstrainedUnion(n)
    if weighted is not None:
        for (a, b), w in zip(weighted[0], weighted[1], strict=True):
            uf.add_link(int(a), int(b), float(w))
    for a, b in hard:
        uf.forbid(a, b)
    for a, b in must:
        if not uf.allowed(a, b):
            raise DecisionConflictError(
                f"review decisions conflict: 'match' of {ids[a]!r} and {ids[b]!r} would join "
                "a pair marked 'not_a_match'"
            )
        uf.union(a, b)
    for a, b in soft:
        if uf.find(a) != uf.find(b):
            uf.forbid(a, b)
    for a, b in edges:
        groups = min(uf.size[uf.find(a)], uf.size[uf.find(b)]) >= 2
        bar = min_mean_weight + (GROUP_MERGE_MARGIN if groups else 0.0)
        if uf.allowed(a, b) and uf.mean_weight(a, b) >= bar:
            uf.union(a, b)
    return np.array([uf.find(i) for i in range(n)])


def _index_pairs(index: pd.Index, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Integer positions of both ends of each pair; raise on unknown record ids."""
    left = index.get_indexer(frame["record_id_l"].astype(str))
    right = index.get_indexer(frame["record_id_r"].astype(str))
    if (left < 0).any() or (right < 0).any():
        bad = frame["record_id_l"][left < 0].tolist() + frame["record_id_r"][right < 0].tolist()
        raise DedupeInputError(f"pair refers to unknown record_id {bad[0]!r}")
    return left, right


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected-component label of each of n nodes."""
    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _label_lookup(index: pd.Index, dec: pd.DataFrame) -> pd.DataFrame:
    """Decisions keyed by unordered integer pair."""
    left, right = _index_pairs(index, dec)
    return pd.DataFrame(
        {"a": np.minimum(left, right), "b": np.maximum(left, right), "decision": dec["decision"]}
    ).drop_duplicates(["a", "b"], keep="last")


def cluster_pairs(
    record_ids: Iterable[str],
    pairs: pd.DataFrame,
    *,
    threshold: float,
    cannot_link_below: float | None = DEFAULT_CANNOT_LINK_BELOW,
    decisions: pd.DataFrame | Iterable[tuple[str, str, str]] | None = None,
    exclusive_groups: Sequence[object] | np.ndarray | None = None,
    average_linkage: bool = True,
) -> pd.DataFrame:
    """Cluster records into identities; returns record_id, cluster_id, match_probability_to_cluster.

    ``exclusive_groups`` (one label per record, e.g. the registering organisation, None for
    unknown) adds a cannot-link between two records of one group in one component unless
    the pair itself is linked: an organisation keeps one registration per person.

    ``pairs`` has record_id_l, record_id_r, match_probability. Pairs at or above
    ``threshold`` link; pairs below ``cannot_link_below`` (None: never) may not end in one
    cluster. With ``average_linkage`` a cluster must also be coherent: two clusters merge
    only while the average match weight of the scored pairs between them stays at the
    threshold's weight, so one strong link cannot pull in a record the rest disown. ``cluster_id`` is the smallest record_id of the cluster; a record's
    ``match_probability_to_cluster`` is its best score to another member (1.0 alone).
    """
    index = pd.Index(pd.Series(list(record_ids), dtype=str).unique())
    n = len(index)
    left, right = _index_pairs(index, pairs)
    a, b = np.minimum(left, right), np.maximum(left, right)
    scored = pd.DataFrame({"a": a, "b": b, "p": pairs["match_probability"].to_numpy(float)})
    # in record order, not the engine's: Spark and DuckDB list the same pairs differently
    scored = scored.sort_values(["a", "b"], kind="stable", ignore_index=True)
    labels = _label_lookup(index, decisions_frame(decisions))
    if len(labels):
        scored = scored.merge(labels, on=["a", "b"], how="outer")
    else:
        scored["decision"] = np.nan
    decision = scored["decision"].fillna("unsure")
    scored.loc[decision == "match", "p"] = 1.0
    is_edge = (decision == "match") | ((decision != "not_a_match") & (scored["p"] >= threshold))
    floor = -1.0 if cannot_link_below is None else cannot_link_below
    is_soft = (decision == "unsure") & (scored["p"] < floor)
    comp = _components(n, scored["a"][is_edge].to_numpy(), scored["b"][is_edge].to_numpy())
    if exclusive_groups is not None:
        same = _same_group_pairs(comp, exclusive_groups)
        key = same["a"].to_numpy() * n + same["b"].to_numpy()
        known = np.isin(scored["a"].to_numpy() * n + scored["b"].to_numpy(), key)
        is_soft = is_soft | (known & ~is_edge & (decision == "unsure"))
        seen = np.isin(key, scored["a"].to_numpy() * n + scored["b"].to_numpy())
        scored = pd.concat(
            [scored, same[~seen].assign(p=np.nan, decision=np.nan)], ignore_index=True
        )
        decision = scored["decision"].fillna("unsure")
        is_edge = is_edge.reindex(scored.index, fill_value=False)
        is_soft = is_soft.reindex(scored.index, fill_value=True)
    scored["comp"] = comp[scored["a"].to_numpy()]
    inside = scored["comp"].to_numpy() == comp[scored["b"].to_numpy()]
    constrained = inside & ((decision != "unsure") | is_soft).to_numpy()
    labels_out = comp.copy()
    rows = scored[inside]
    todo = set(np.unique(scored["comp"][constrained]).tolist())
    min_weight = float(_weight(np.array([threshold]))[0]) if average_linkage else -np.inf
    if average_linkage:
        todo |= _incoherent(rows, decision, min_weight)
    rows = rows[rows["comp"].isin(todo)]
    chosen = np.flatnonzero(np.isin(comp, list(todo)))
    node_groups = {
        c: chosen[pos] for c, pos in pd.Series(comp[chosen]).groupby(comp[chosen]).indices.items()
    }
    # plain arrays by row of ``scored``: pandas indexing per component cost 13 s at 10^6
    columns = _Rows(
        a=scored["a"].to_numpy(),
        b=scored["b"].to_numpy(),
        p=scored["p"].to_numpy(float),
        decision=decision.to_numpy(),
        edge=is_edge.to_numpy(bool),
        soft=is_soft.to_numpy(bool),
    )
    at_rows = rows.index.to_numpy()
    for c, at in rows.groupby("comp").indices.items():
        sub = _recluster_component(node_groups[c], at_rows[at], columns, index, min_weight)
        labels_out[node_groups[c]] = n + node_groups[c][sub]
    return _result(index, labels_out, scored)


@dataclass(frozen=True)
class _Rows:
    """The scored pairs' columns, by row: record positions, probability, review
    decision, and whether the pair links (edge) or may not share a cluster (soft)."""

    a: np.ndarray
    b: np.ndarray
    p: np.ndarray
    decision: np.ndarray
    edge: np.ndarray
    soft: np.ndarray


def _incoherent(rows: pd.DataFrame, decision: pd.Series, min_weight: float) -> set[int]:
    """Components where some record's mean weight to its fellow members is below the bar."""
    ok = rows["p"].notna() & (decision[rows.index] != "not_a_match")
    w = _weight(rows["p"][ok].to_numpy())
    ends = pd.DataFrame(
        {
            "node": np.concatenate([rows["a"][ok].to_numpy(), rows["b"][ok].to_numpy()]),
            "comp": np.concatenate([rows["comp"][ok].to_numpy()] * 2),
            "w": np.concatenate([w, w]),
        }
    )
    mean = ends.groupby(["comp", "node"])["w"].mean()
    return set(mean[mean < min_weight].index.get_level_values("comp").tolist())


def _same_group_pairs(comp: np.ndarray, groups: Sequence[object] | np.ndarray) -> pd.DataFrame:
    """Pairs (a < b) of same-group records inside one component of three or more."""
    nodes = pd.DataFrame({"node": np.arange(len(comp)), "comp": comp, "g": list(groups)})
    nodes = nodes[nodes["g"].notna() & (np.bincount(comp)[comp] >= 3)]
    both = nodes.merge(nodes, on=["comp", "g"])
    both = both[both["node_x"] < both["node_y"]]
    return pd.DataFrame({"a": both["node_x"].to_numpy(), "b": both["node_y"].to_numpy()})


def _recluster_component(
    nodes: np.ndarray, at: np.ndarray, rows: _Rows, index: pd.Index, min_mean_weight: float
) -> np.ndarray:
    """Split one component (its records ``nodes``, ascending; its pairs, rows ``at``)
    with the constrained greedy merge; local root of each node."""
    both = np.column_stack([np.searchsorted(nodes, rows.a[at]), np.searchsorted(nodes, rows.b[at])])
    dec, p = rows.decision[at], rows.p[at]
    edge = rows.edge[at] & (dec != "match")
    # strongest first; ties (to float noise, which differs between engines) in record order
    order = np.lexsort((rows.b[at], rows.a[at], -np.round(p, 12)))
    return _greedy(
        len(nodes),
        must=both[dec == "match"],
        hard=both[dec == "not_a_match"],
        soft=both[rows.soft[at]],
        edges=both[order][edge[order]],
        ids=index[nodes].to_numpy(),
        weighted=_weighted(both, p, dec),
        min_mean_weight=min_mean_weight,
    )


def _weight(p: np.ndarray) -> np.ndarray:
    """Match weight (log2 odds) of probabilities, bounded so 0 and 1 stay finite."""
    q = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log2(q / (1 - q))


def _weighted(both: np.ndarray, p: np.ndarray, dec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scored pairs (not decided 'not a match') with their weights, for average linkage."""
    keep = ~np.isnan(p) & (dec != "not_a_match")
    return both[keep], _weight(p[keep])


def _result(index: pd.Index, labels: np.ndarray, scored: pd.DataFrame) -> pd.DataFrame:
    """Assemble the cluster table with readable ids and per-record cluster probability."""
    ids = index.to_numpy()
    order = np.argsort(ids.astype(str), kind="stable")
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    first = pd.Series(rank).groupby(labels).transform("min").to_numpy()  # int: fast path
    frame = pd.DataFrame({"record_id": ids, "cluster_id": ids[order[first]]})
    same = labels[scored["a"].to_numpy()] == labels[scored["b"].to_numpy()]
    inner = scored[same]
    best = (
        pd.concat([inner[["a", "p"]], inner[["b", "p"]].rename(columns={"b": "a"})])
        .groupby("a")["p"]
        .max()
    )
    prob = pd.Series(1.0, index=range(len(index)))
    prob[best.index] = best.to_numpy()
    frame["match_probability_to_cluster"] = prob.to_numpy()
    return frame[["record_id", "cluster_id", "match_probability_to_cluster"]]
