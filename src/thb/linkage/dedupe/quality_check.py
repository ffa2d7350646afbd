"""A run's quality check: a random sample of its scored pairs, and what the answers tell.

The review queue is ordered where a decision matters most, so its answers say little about
the pairs nobody looks at. A small random sample drawn from every level of certainty, linked
and left apart, does: once a reviewer has answered it, the share found to be one person in
each stratum, weighted by the stratum's size, estimates how many of the run's links are right
and how many pairs it left apart are one person. The strata are the model's probability bands
crossed with whether the run linked the pair (clustering can keep a likely pair apart or join
an unlikely one through other records).

Pairs scored under the lowest band and pairs no blocking rule compared are outside the
sample, so the recall estimated here is recall among scored pairs: an upper bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import binomtest, norm

# Probability bands; a pair's band is the one whose [low, high) holds it (1.0 in the last).
BANDS = (0.01, 0.05, 0.5, 0.9, 0.99, 1.0)
# About an hour's answers for a coordinator; every stratum gets at least a few.
SAMPLE_PAIRS, MIN_PER_STRATUM = 100, 5
# A registry run keeps pairs for a sample this large, so a coordinator who wants narrower
# intervals answers more (SAMPLE_PAIRS at a time, ``widened``) without a new run.
RESERVE_PAIRS = 500
CONFIDENCE = 0.95


def strata(pairs: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` with ``band`` (index into BANDS' intervals, -1 below) and ``linked``.

    ``pairs`` has record_id_l, record_id_r, match_probability; ``clusters`` has record_id
    and cluster_id.
    """
    cluster = clusters.set_index(clusters["record_id"].astype(str))["cluster_id"]
    left = cluster.reindex(pairs["record_id_l"].astype(str)).to_numpy()
    right = cluster.reindex(pairs["record_id_r"].astype(str)).to_numpy()
    p = pairs["match_probability"].to_numpy(float)
    band = np.searchsorted(np.asarray(BANDS[1:-1]), p, side="right")
    band = np.where(p < BANDS[0], -1, band)
    return pairs.assign(band=band, linked=left == right)


def draw_sample(
    pairs: pd.DataFrame,
    clusters: pd.DataFrame,
    *,
    size: int = SAMPLE_PAIRS,
    minimum: int = MIN_PER_STRATUM,
    seed: int = 0,
    reserve: int | None = None,
) -> tuple[pd.DataFrame, list[dict[str, float | int | bool]]]:
    """The drawn pairs (with ``stratum``, an index into the summary, and ``rank``, their
    order within it) and every stratum's size and the model's mean probability there; see
    ``allocation`` for how many pairs each stratum gives.

    With ``reserve`` (a larger size), the pairs a sample of that size would take are drawn
    too: a stratum's summary says how many it offers now (``sampled``, its first by rank)
    and how many it holds (``reserve``); ``offered`` keeps the pairs offered now.
    """
    if minimum < 1 or size < minimum:
        raise ValueError(f"need 1 <= minimum <= size, got minimum={minimum}, size={size}")
    reserve = max(size, reserve or size)
    scored = strata(pairs, clusters)
    groups = list(scored[scored["band"] >= 0].groupby(["band", "linked"]))
    groups.sort(key=lambda g: (not g[0][1], -g[0][0]))  # links first, surest first
    summary: list[dict[str, float | int | bool]] = [
        {"band_low": BANDS[int(band)], "band_high": BANDS[int(band) + 1], "linked": bool(linked),
         "pairs": len(group), "mean_probability": float(group["match_probability"].mean())}
        for (band, linked), group in groups
    ]  # fmt: skip
    if not groups:
        return scored.drop(columns=["band", "linked"]).assign(stratum=0).head(0), summary
    counts = _allocated(summary, size, minimum)
    kept = _allocated(summary, reserve, minimum)  # at least counts: allocation grows with size
    for stratum, n, k in zip(summary, counts, kept, strict=True):
        stratum["sampled"], stratum["reserve"] = int(n), int(k)
    taken = []
    for i, ((_, group), k) in enumerate(zip(groups, kept, strict=True)):
        first = np.argsort(pair_numbers(group, seed), kind="stable")[:k]
        taken.append(group.iloc[first].assign(stratum=i, rank=np.arange(len(first))))
    return pd.concat(taken, ignore_index=True).drop(columns=["band", "linked"]), summary


def is_offered(
    summary: list[dict[str, float | int | bool]], stratum: int, rank: int | None
) -> bool:
    """Whether the sample offers a drawn pair now: it is among its stratum's first
    ``sampled`` by rank (a pair drawn before the reserve has no rank and always is)."""
    return rank is None or rank < int(summary[stratum]["sampled"])


def offered(drawn: pd.DataFrame, summary: list[dict[str, float | int | bool]]) -> pd.DataFrame:
    """The drawn pairs the sample offers now (``is_offered``)."""
    pairs = zip(drawn["stratum"].tolist(), drawn["rank"].tolist(), strict=True)
    return drawn[[is_offered(summary, stratum, rank) for stratum, rank in pairs]]


def widened(
    summary: list[dict[str, float | int | bool]],
    more: int = SAMPLE_PAIRS,
    minimum: int = MIN_PER_STRATUM,
) -> list[dict[str, float | int | bool]]:
    """The summary of a sample ``more`` pairs larger (or all the reserve), shared among
    strata as a larger sample would be, within what each stratum holds in reserve. Since a
    stratum's pairs are offered by rank, the larger sample holds the smaller one: every
    answer given still counts."""
    current = np.array([int(s["sampled"]) for s in summary], dtype=int)
    reserve = np.array([_reserve(s) for s in summary], dtype=int)
    wanted, size = min(current.sum() + more, reserve.sum()), current.sum()
    grown = current
    while grown.sum() < wanted:
        # Small strata taken whole leave part of a size unallocated: ask a larger one.
        size += more
        grown = np.maximum(current, np.minimum(_allocated(summary, size, minimum), reserve))
    return [{**s, "sampled": int(n)} for s, n in zip(summary, grown, strict=True)]


def pairs_in_reserve(summary: list[dict[str, float | int | bool]]) -> int:
    """Drawn pairs the sample does not offer yet (0 for a run drawn without a reserve)."""
    return sum(_reserve(s) - int(s["sampled"]) for s in summary)


def _reserve(stratum: dict[str, float | int | bool]) -> int:
    return int(stratum.get("reserve", stratum["sampled"]))


def _allocated(summary: list[dict[str, float | int | bool]], size: int, minimum: int) -> np.ndarray:
    return allocation(
        np.array([s["pairs"] for s in summary]),
        np.array([s["mean_probability"] for s in summary]),
        size,
        minimum,
    )


def pair_numbers(pairs: pd.DataFrame, seed: int = 0) -> np.ndarray:
    """A random number per pair that does not change between runs: a keyed hash of its two
    record ids, in either order.

    Taking a stratum's n pairs with the smallest numbers is a simple random sample of it,
    and the next run, whose strata hold mostly the same pairs, takes mostly the same ones
    (permanent random numbers, as statistical offices coordinate their surveys): the
    answers given to one run's sample count again in the next.
    """
    left = pairs["record_id_l"].astype(str).to_numpy()
    right = pairs["record_id_r"].astype(str).to_numpy()
    first = np.where(left < right, left, right)
    second = np.where(left < right, right, left)
    ids = pd.DataFrame({"a": first, "b": second})
    key = f"{seed:016d}"[-16:]
    return pd.util.hash_pandas_object(ids, index=False, hash_key=key).to_numpy()


def allocation(sizes: np.ndarray, expected: np.ndarray, size: int, minimum: int) -> np.ndarray:
    """Pairs to draw per stratum: Neyman's allocation, in proportion to the stratum's pairs
    times the spread the model expects there (sqrt(p(1 - p))), so a few answers settle the
    near-certain strata and the doubtful ones get more; at least ``minimum`` (a model wrong
    where it is sure still shows), at most the stratum."""
    spread = sizes * np.sqrt(expected * (1.0 - expected))
    share = spread / spread.sum() if spread.sum() > 0 else sizes / sizes.sum()
    return np.minimum(np.maximum(minimum, np.round(size * share)), sizes).astype(int)


def answer_order(stratum: Sequence[int]) -> list[int]:
    """Positions of sampled pairs in the order to answer them: one pair of each stratum in
    turn (in their order within it), so that every stratum soon has an answer and the
    estimate a value."""
    turn = pd.Series(list(stratum), dtype="int64").groupby(list(stratum)).cumcount()
    keys = sorted(zip(turn, stratum, range(len(turn)), strict=True))
    return [position for *_, position in keys]


@dataclass(frozen=True)
class StratumResult:
    """One stratum: its size, what the model expected and what the answers found."""

    band_low: float
    band_high: float
    linked: bool
    pairs: int
    mean_probability: float
    sampled: int
    answered: int
    one_person: int

    @property
    def share(self) -> float | None:
        """Share of answered pairs found to be one person (None before any answer)."""
        return self.one_person / self.answered if self.answered else None

    @property
    def interval(self) -> tuple[float, float]:
        """Wilson interval of that share; (0, 1) before any answer."""
        if not self.answered:
            return 0.0, 1.0
        ci = binomtest(self.one_person, self.answered).proportion_ci(CONFIDENCE, "wilson")
        return float(ci.low), float(ci.high)

    @property
    def model_off(self) -> bool:
        """Whether the answers' interval leaves out the model's mean probability: the model
        is over- or under-confident here."""
        low, high = self.interval
        return self.answered > 0 and not low <= self.mean_probability <= high


@dataclass(frozen=True)
class Estimate:
    """A count or share with its 95% interval; ``value`` is None until every stratum it
    needs has an answer."""

    value: float | None
    low: float
    high: float


@dataclass(frozen=True)
class QualityEstimate:
    """What the answered sample says of the run's scored pairs."""

    strata: list[StratumResult]
    links_right: Estimate  # share of linked scored pairs that are one person
    missed: Estimate  # pairs left apart that are one person
    recall: Estimate  # links right / (links right + missed), among scored pairs
    sampled: int
    answered: int


def estimate(
    summary: list[dict[str, float | int | bool]], answers: pd.DataFrame
) -> QualityEstimate:
    """Estimates from the strata ``summary`` of ``draw_sample`` and the sampled pairs'
    ``answers`` (``stratum`` and ``decision``: match, not_a_match, unsure or None).

    Each stratum's share found to be one person, times its pairs, summed (see ``_total``
    for the intervals); links right is that total over the linked pairs. Recall's interval
    puts the ends of the other two together, so it is wider than 95%. "unsure" and pairs
    not yet answered count as unanswered.
    """
    results = [_stratum(i, s, answers) for i, s in enumerate(summary)]
    linked = [r for r in results if r.linked]
    apart = [r for r in results if not r.linked]
    right, n_linked = _total(linked), sum(r.pairs for r in linked)
    missed = _total(apart)
    links_right = Estimate(
        None if right.value is None or not n_linked else right.value / n_linked,
        right.low / n_linked if n_linked else 0.0,
        right.high / n_linked if n_linked else 1.0,
    )
    return QualityEstimate(
        results, links_right, missed, _recall(right, missed),
        sampled=sum(r.sampled for r in results), answered=sum(r.answered for r in results),
    )  # fmt: skip


def _stratum(
    index: int, summary: dict[str, float | int | bool], answers: pd.DataFrame
) -> StratumResult:
    mine = answers.loc[answers["stratum"] == index, "decision"]
    decided = mine[mine.isin(["match", "not_a_match"])]
    return StratumResult(
        float(summary["band_low"]), float(summary["band_high"]), bool(summary["linked"]),
        int(summary["pairs"]), float(summary["mean_probability"]), sampled=len(mine),
        answered=len(decided), one_person=int((decided == "match").sum()),
    )  # fmt: skip


def _total(results: list[StratumResult]) -> Estimate:
    """Pairs that are one person across strata.

    Each stratum's Wilson interval is read as a standard error (its half-width over z, so a
    stratum answered all one way still counts as uncertain), shrunk by the finite-population
    correction (a stratum answered whole is known), and the strata's errors are added in
    quadrature. While a stratum has no answer the total has no value, and its interval is
    the sum of every stratum's bounds, (0, 1) for an unanswered one.
    """
    if any(r.share is None for r in results):
        low = sum(r.pairs * r.interval[0] for r in results)
        return Estimate(None, low, sum(r.pairs * r.interval[1] for r in results))
    z = float(norm.ppf(0.5 + CONFIDENCE / 2))
    value = sum(r.pairs * (r.share or 0.0) for r in results)
    variance = sum(
        (r.pairs * (r.interval[1] - r.interval[0]) / (2 * z)) ** 2 * _unseen_share(r)
        for r in results
    )
    half = z * variance**0.5
    return Estimate(value, max(0.0, value - half), min(sum(r.pairs for r in results), value + half))


def _unseen_share(r: StratumResult) -> float:
    """The finite-population correction: the share of the stratum's pairs not answered."""
    return (r.pairs - r.answered) / (r.pairs - 1) if r.pairs > 1 else 0.0


def _recall(right: Estimate, missed: Estimate) -> Estimate:
    def ratio(found: float | None, lost: float | None) -> float | None:
        if found is None or lost is None:
            return None
        return found / (found + lost) if found + lost else 1.0

    low = ratio(right.low, missed.high)
    high = ratio(right.high, missed.low)
    return Estimate(ratio(right.value, missed.value), low or 0.0, 1.0 if high is None else high)
