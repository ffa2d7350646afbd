"""The quality check's sample and estimates: strata, seeded draws, stratified counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

from thb.linkage.dedupe.quality_check import (
    BANDS,
    allocation,
    draw_sample,
    estimate,
    offered,
    pair_numbers,
    pairs_in_reserve,
    strata,
    widened,
)


def _scored(n: int = 400, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pairs of records r0..r(2n-1) with spread probabilities; pairs above 0.5 share a cluster."""
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.0, 1.0, n) ** 3
    pairs = pd.DataFrame(
        {"record_id_l": [f"r{2 * i}" for i in range(n)],
         "record_id_r": [f"r{2 * i + 1}" for i in range(n)], "match_probability": p}
    )  # fmt: skip
    cluster = [f"c{i}" if p[i] >= 0.5 else f"c{i}-{side}" for i in range(n) for side in "lr"]
    clusters = pd.DataFrame({"record_id": [f"r{i}" for i in range(2 * n)], "cluster_id": cluster})
    return pairs, clusters


def test_each_pair_falls_in_one_band_and_the_run_says_whether_it_linked_it() -> None:
    pairs = pd.DataFrame(
        {"record_id_l": ["a", "a", "b", "c", "d"], "record_id_r": ["b", "c", "c", "d", "e"],
         "match_probability": [0.009, 0.05, 0.4999, 0.99, 1.0]}
    )  # fmt: skip
    clusters = pd.DataFrame({"record_id": list("abcde"), "cluster_id": [1, 1, 2, 2, 2]})
    out = strata(pairs, clusters)
    assert out["band"].tolist() == [-1, 1, 1, 4, 4]
    assert out["linked"].tolist() == [True, False, False, True, True]
    assert BANDS[0] == 0.01 and BANDS[-1] == 1.0


def test_the_sample_takes_a_few_pairs_of_every_stratum_and_all_of_a_small_one() -> None:
    pairs, clusters = _scored()
    sample, summary = draw_sample(pairs, clusters, size=60, minimum=4, seed=3)
    kept = strata(pairs, clusters).query("band >= 0")
    assert sum(s["pairs"] for s in summary) == len(kept)
    sizes = sample.groupby("stratum").size()
    expected = allocation(np.array([s["pairs"] for s in summary]),
                          np.array([s["mean_probability"] for s in summary]), 60, 4)  # fmt: skip
    assert sizes.tolist() == expected.tolist() == [s["sampled"] for s in summary]
    for i, s in enumerate(summary):
        assert min(4, s["pairs"]) <= sizes[i] <= s["pairs"]
        mine = sample[sample["stratum"] == i]["match_probability"]
        assert mine.between(s["band_low"], s["band_high"]).all()
        assert s["band_low"] <= s["mean_probability"] <= s["band_high"]
    assert {s["linked"] for s in summary} == {True, False}
    assert not sample.duplicated(["record_id_l", "record_id_r"]).any()


def test_doubtful_strata_get_more_of_the_sample_than_near_certain_ones() -> None:
    """Neyman's allocation: pairs times sqrt(p(1 - p)), at least the minimum, at most all."""
    sizes = np.array([1000, 1000, 3, 10_000])
    expected = np.array([0.5, 0.999, 0.5, 0.02])
    counts = allocation(sizes, expected, 100, 5)
    spread = sizes * np.sqrt(expected * (1 - expected))
    assert counts[0] > counts[1] == 5  # as many pairs, but the model is sure of the second
    assert counts[2] == 3  # a stratum smaller than the minimum is taken whole
    assert counts[3] == round(100 * spread[3] / spread.sum())


def test_the_sample_is_seeded() -> None:
    pairs, clusters = _scored()
    first = draw_sample(pairs, clusters, seed=5)[0]
    pd.testing.assert_frame_equal(first, draw_sample(pairs, clusters, seed=5)[0])
    assert not first.equals(draw_sample(pairs, clusters, seed=6)[0])


def test_a_pair_keeps_its_number_and_a_stratum_its_sample_as_the_run_changes() -> None:
    """Permanent random numbers: the next run, with more pairs elsewhere, samples the same."""
    pairs, clusters = _scored()
    swapped = pairs.rename(columns={"record_id_l": "record_id_r", "record_id_r": "record_id_l"})
    assert (pair_numbers(pairs) == pair_numbers(swapped)).all()
    assert (pair_numbers(pairs) != pair_numbers(pairs, seed=1)).any()
    extra = pd.DataFrame({"record_id_l": [f"x{i}" for i in range(300)],
                          "record_id_r": [f"y{i}" for i in range(300)],
                          "match_probability": 0.995})  # fmt: skip
    # sure links, in the stratum drawn first: a draw from one random stream would shift
    more = pd.concat([clusters, pd.DataFrame({"record_id": [*extra["record_id_l"],
                      *extra["record_id_r"]], "cluster_id": [*range(300), *range(300)]})])  # fmt: skip
    before, first = draw_sample(pairs, clusters)
    after, second = draw_sample(pd.concat([pairs, extra]), more)
    for i, stratum in enumerate(first):
        j = next(k for k, s in enumerate(second) if s["band_low"] == stratum["band_low"]
                 and s["linked"] == stratum["linked"])  # fmt: skip
        old, new = (
            set(frame.loc[frame["stratum"] == n, ["record_id_l", "record_id_r"]].itertuples(
                index=False, name=None))
            for frame, n in ((before, i), (after, j))
        )  # fmt: skip
        if not (stratum["band_low"] == 0.99 and stratum["linked"]):  # unchanged: nested
            assert old <= new or new <= old


def _pair_set(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(frame[["record_id_l", "record_id_r"]].itertuples(index=False, name=None))


def test_a_reserve_offers_the_sample_first_and_widens_to_the_larger_sample() -> None:
    """The pairs held in reserve are those a sample of that size would take; the sample
    offers its own first, and widening offers what a larger sample would, answers kept."""
    pairs, clusters = _scored()
    drawn, summary = draw_sample(pairs, clusters, size=30, minimum=3, reserve=120)
    alone, alone_summary = draw_sample(pairs, clusters, size=30, minimum=3)
    assert _pair_set(offered(drawn, summary)) == _pair_set(alone)
    assert [s["sampled"] for s in summary] == [s["sampled"] for s in alone_summary]
    big, big_summary = draw_sample(pairs, clusters, size=120, minimum=3)
    assert _pair_set(drawn) == _pair_set(big)
    assert [s["reserve"] for s in summary] == [s["sampled"] for s in big_summary]
    assert pairs_in_reserve(summary) == len(drawn) - len(alone) > 0
    for i in range(len(summary)):  # ranks run 0, 1, 2... within each stratum
        assert sorted(drawn.loc[drawn["stratum"] == i, "rank"]) == list(
            range(summary[i]["reserve"])
        )

    wider = widened(summary, more=30, minimum=3)
    larger = draw_sample(pairs, clusters, size=len(alone) + 30, minimum=3)[0]
    assert _pair_set(offered(drawn, wider)) == _pair_set(larger) > _pair_set(alone)
    assert summary[0]["sampled"] == alone_summary[0]["sampled"]  # the old summary is kept
    widest = widened(widened(wider, more=1000, minimum=3), more=1000, minimum=3)
    assert [s["sampled"] for s in widest] == [s["reserve"] for s in summary]
    assert pairs_in_reserve(widest) == 0 and len(offered(drawn, widest)) == len(drawn)


@pytest.mark.parametrize("n", [12, 40, 400])
def test_widening_offers_the_pairs_asked_for_until_the_reserve_is_spent(n: int) -> None:
    """Small strata taken whole leave part of an allocation unused: widening still grows
    the sample by what was asked for, or to the whole reserve."""
    pairs, clusters = _scored(n, seed=n)
    drawn, summary = draw_sample(pairs, clusters, size=10, minimum=2, reserve=500)
    for _ in range(60):
        if not pairs_in_reserve(summary):
            break
        before = len(offered(drawn, summary))
        summary = widened(summary, more=10, minimum=2)
        assert len(offered(drawn, summary)) >= min(before + 10, len(drawn))
    assert pairs_in_reserve(summary) == 0 and len(offered(drawn, summary)) == len(drawn)


def test_a_summary_drawn_without_a_reserve_cannot_widen() -> None:
    pairs, clusters = _scored()
    drawn, summary = draw_sample(pairs, clusters)
    assert pairs_in_reserve(summary) == 0
    assert widened(summary) == summary
    old = [{k: v for k, v in s.items() if k != "reserve"} for s in summary]  # before 0008
    assert pairs_in_reserve(old) == 0 and widened(old) == old


def test_a_sample_of_nothing_is_empty_and_a_stratum_needs_a_pair() -> None:
    pairs, clusters = _scored()
    sample, summary = draw_sample(pairs.head(0), clusters)
    assert sample.empty and summary == []
    with pytest.raises(ValueError, match="minimum"):
        draw_sample(pairs, clusters, minimum=0)
    with pytest.raises(ValueError, match="size"):
        draw_sample(pairs, clusters, size=3, minimum=5)


def _summary() -> list[dict]:
    return [
        {"band_low": 0.9, "band_high": 0.99, "linked": True, "pairs": 100, "mean_probability": 0.95},
        {"band_low": 0.05, "band_high": 0.5, "linked": False, "pairs": 1000, "mean_probability": 0.1},
    ]  # fmt: skip


def _answers(linked: list[str | None], apart: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {"stratum": [0] * len(linked) + [1] * len(apart), "decision": linked + apart}
    )


def test_the_answers_weighted_by_stratum_size_estimate_links_right_and_pairs_missed() -> None:
    result = estimate(_summary(), _answers(["match"] * 9 + ["not_a_match"],
                                           ["match"] + ["not_a_match"] * 9))  # fmt: skip
    assert result.links_right.value == pytest.approx(0.9)
    assert result.missed.value == pytest.approx(100.0)
    assert result.recall.value == pytest.approx(90 / 190)
    # Each stratum's Wilson half-width, shrunk by the share of the stratum not answered.
    wilson = binomtest(9, 10).proportion_ci(0.95, "wilson")
    half = (wilson.high - wilson.low) / 2 * (90 / 99) ** 0.5
    assert result.links_right.low == pytest.approx(0.9 - half)
    assert result.links_right.high == pytest.approx(min(1.0, 0.9 + half))
    low, high = binomtest(1, 10).proportion_ci(0.95, "wilson")
    half = 1000 * (high - low) / 2 * (990 / 999) ** 0.5
    assert (result.missed.low, result.missed.high) == pytest.approx(
        (max(0, 100 - half), 100 + half)
    )
    right = 100 * result.links_right.low
    assert result.recall.low == pytest.approx(right / (right + result.missed.high))
    assert result.recall.low < result.recall.value < result.recall.high
    assert (result.sampled, result.answered) == (20, 20)


def test_unsure_and_unanswered_pairs_leave_a_stratum_open() -> None:
    result = estimate(_summary(), _answers(["match", "unsure", None], [None, None]))
    first, second = result.strata
    assert (first.sampled, first.answered, first.one_person, first.share) == (3, 1, 1, 1.0)
    assert second.share is None and second.interval == (0.0, 1.0)
    # Links right is known from its own stratum; what was missed is not, yet.
    assert result.links_right.value == 1.0
    assert result.missed.value is None and result.recall.value is None
    assert (result.missed.low, result.missed.high) == (0.0, 1000.0)
    assert 0.0 < result.recall.low < 0.1 and result.recall.high == 1.0


def test_a_sample_answered_whole_gives_the_exact_counts() -> None:
    """Strata smaller than the sample are taken whole: the estimate is then the truth."""
    pairs, clusters = _scored(n=40)
    truth = np.random.default_rng(2).uniform(size=len(pairs)) < pairs["match_probability"]
    sample, summary = draw_sample(pairs, clusters, size=10_000, minimum=1000)
    key = dict(
        zip(zip(pairs["record_id_l"], pairs["record_id_r"], strict=True), truth, strict=True)
    )
    decisions = [
        "match" if key[(a, b)] else "not_a_match"
        for a, b in zip(sample["record_id_l"], sample["record_id_r"], strict=True)
    ]
    result = estimate(summary, sample[["stratum"]].assign(decision=decisions))
    scored = strata(pairs, clusters).assign(truth=truth).query("band >= 0")
    linked = scored[scored["linked"]]
    assert result.links_right.value == pytest.approx(linked["truth"].mean())
    assert result.missed.value == pytest.approx(scored[~scored["linked"]]["truth"].sum())


def test_a_stratum_whose_answers_leave_out_the_models_probability_is_marked() -> None:
    summary = _summary()  # the model expects 0.95, then 0.1
    answers = _answers(["match", "not_a_match"] * 5, ["match"] + ["not_a_match"] * 9)
    over, fair = estimate(summary, answers).strata
    assert over.interval[1] < 0.95 and over.model_off  # half where the model says 95%
    assert fair.interval[0] < 0.1 < fair.interval[1] and not fair.model_off
    assert not estimate(summary, _answers([], [])).strata[0].model_off  # no answer, no verdict
