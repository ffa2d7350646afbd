"""Benchmark: deduplicate the synthetic registry (thb.synth) and print speed and quality.

    .venv/bin/python benchmarks/linkage_dedupe_bench.py --records 100000
    .venv/bin/python benchmarks/linkage_dedupe_bench.py --records 1000000
    .venv/bin/python benchmarks/linkage_dedupe_bench.py --records 100000 --analyse
    .venv/bin/python benchmarks/linkage_dedupe_bench.py --records 100000 --also 0.993 0.99
    .venv/bin/python benchmarks/linkage_dedupe_bench.py --records 100000 --review
    .venv/bin/python benchmarks/linkage_dedupe_bench.py --records 100000 --by-citizenship
    .venv/bin/python benchmarks/linkage_dedupe_bench.py --records 100000 --without-documents
    .venv/bin/python benchmarks/linkage_dedupe_bench.py --records 100000 --quality-check 50

Prints seconds for the whole fit (training, scoring, clustering; data generation excluded),
pairs compared, the threshold (by default the smallest probability at which the links'
expected precision, from the model's own probabilities, is 0.98), pairwise precision /
recall / F1, and the largest cluster against the largest true one, for the coherent
clustering and for plain connected components at the same threshold (the baseline the
safeguards are measured against); ``--also`` re-clusters at further expected precisions;
``--review`` re-clusters after a reviewer answers growing shares of the review queue;
``--by-citizenship`` prints the recall of each citizenship (the person's most frequent
recorded one) with the most true pairs missed; ``--without-documents`` leaves out the
identity document numbers a third of the registrations carry, keeping the columns the
issue names; ``--quality-check N`` draws the quality check's sample N times (seeds 0..N-1),
answers it with the truth and prints how far its estimates fall from the truth among the
scored pairs, and how often their intervals hold it.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from thb.linkage.dedupe.blocking import blocking_analysis
from thb.linkage.dedupe.clustering import (
    DEFAULT_EXPECTED_PRECISION,
    cluster_pairs,
    expected_precision_threshold,
)
from thb.linkage.dedupe.estimator import Deduplicator
from thb.linkage.dedupe.evaluate import pairwise_scores
from thb.linkage.dedupe.normalise import prepare_records
from thb.linkage.dedupe.quality_check import (
    MIN_PER_STRATUM,
    SAMPLE_PAIRS,
    draw_sample,
    estimate,
    strata,
)
from thb.linkage.dedupe.review import by_impact, review_band, uncertain_pairs
from thb.synth import registration_records


def synthetic_registry(records: int, seed: int) -> pd.DataFrame:
    """About ``records`` registrations: persons scaled by the records-per-person of a pilot."""
    pilot = registration_records(2000, seed=seed)
    persons = max(1, round(records * 2000 / len(pilot)))
    return registration_records(persons, seed=seed)


def _line(name: str, scores: dict[str, float]) -> str:
    """One printed result line."""
    return (
        f"{name:<28} precision {scores['precision']:.4f}  recall {scores['recall']:.4f}  "
        f"F1 {scores['f1']:.4f}  largest cluster {scores['largest_cluster']} "
        f"(true {scores['largest_true_cluster']})  clusters {scores['clusters']} "
        f"(persons {scores['persons']})"
    )


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engine", default="duckdb", choices=["duckdb", "spark"])
    parser.add_argument(
        "--threshold", type=float, default=None, help="default: from the expected precision"
    )
    parser.add_argument("--expected-precision", type=float, default=DEFAULT_EXPECTED_PRECISION)
    parser.add_argument(
        "--also",
        type=float,
        nargs="*",
        default=[],
        help="further expected precisions to re-cluster at (no re-scoring)",
    )
    parser.add_argument("--analyse", action="store_true", help="print the blocking analysis")
    parser.add_argument(
        "--without-documents",
        action="store_true",
        help="leave out identity_number: only the columns the issue names",
    )
    parser.add_argument(
        "--review", action="store_true", help="also answer the review queue with the truth"
    )
    parser.add_argument(
        "--by-citizenship", action="store_true", help="print recall by the person's citizenship"
    )
    parser.add_argument(
        "--quality-check", type=int, default=0, metavar="N",
        help="draw and answer the quality check's sample N times",
    )  # fmt: skip
    parser.add_argument(
        "--sample", type=lambda v: tuple(int(x) for x in v.split(":")), nargs="*",
        default=[(SAMPLE_PAIRS, MIN_PER_STRATUM)], metavar="SIZE:MINIMUM",
        help="the quality check's sample size and minimum per stratum (several to compare)",
    )  # fmt: skip
    args = parser.parse_args()

    start = time.perf_counter()
    df = synthetic_registry(args.records, args.seed)
    if args.without_documents:
        df = df.drop(columns=["identity_number"])
    print(f"generated {len(df):,} registrations of {df['true_person_id'].nunique():,} persons "
          f"in {time.perf_counter() - start:.1f}s")  # fmt: skip
    truth = df[["record_id", "true_person_id"]]
    if args.analyse:
        prepared = prepare_records(df).assign(true_person_id=df["true_person_id"].to_numpy())
        table = blocking_analysis(prepared, label_column="true_person_id")
        print(table.to_string(index=False))

    start = time.perf_counter()
    model = Deduplicator(
        threshold=args.threshold, engine=args.engine, expected_precision=args.expected_precision
    ).fit(df.drop(columns=["true_person_id"]))
    seconds = time.perf_counter() - start
    print(f"engine {args.engine}: {seconds:.1f}s for {len(df):,} records, "
          f"{model.n_comparisons_:,} pairs compared, threshold {model.threshold_:.4f}, "
          f"same-organisation share of sure matches {model.same_source_share_:.4f} -> one per organisation: {model.exclusive_sources_}")  # fmt: skip
    print(_line("coherent clusters", pairwise_scores(model.clusters_, truth)))
    plain = cluster_pairs(
        model.record_ids_,
        model.predict_pairs_,
        threshold=model.threshold_,
        cannot_link_below=None,
        average_linkage=False,
    )
    print(_line("plain connected components", pairwise_scores(plain, truth)))
    for target in args.also:
        threshold = expected_precision_threshold(model.predict_pairs_["match_probability"], target)
        scores = pairwise_scores(model.cluster(threshold=threshold), truth)
        print(_line(f"expected {target} (t {threshold:.3f})", scores))
    if args.review:
        _review(model, df, truth)
    if args.by_citizenship:
        _by_citizenship(model.clusters_, df)
    if args.quality_check:
        for size, minimum in args.sample:
            _quality_check(model, df, args.quality_check, size, minimum)


def _quality_check(
    model: Deduplicator, df: pd.DataFrame, draws: int, size: int, minimum: int
) -> None:
    """The quality check's estimates from ``draws`` samples answered with the truth, against
    the truth among the scored pairs (what they estimate)."""
    person = df.set_index("record_id")["true_person_id"]

    def one_person(pairs: pd.DataFrame) -> np.ndarray:
        left, right = (person[pairs[c]].to_numpy() for c in ("record_id_l", "record_id_r"))
        return left == right

    scored = strata(model.predict_pairs_, model.clusters_).query("band >= 0")
    truth = one_person(scored)
    linked = scored["linked"].to_numpy()
    true_values = {
        "links_right": truth[linked].mean(),
        "missed": float(truth[~linked].sum()),
        "recall": truth[linked].sum() / truth.sum(),
    }
    rows, marked = [], []
    for seed in range(draws):
        sample, summary = draw_sample(
            model.predict_pairs_, model.clusters_, seed=seed, size=size, minimum=minimum
        )
        answers = sample[["stratum"]].assign(
            decision=np.where(one_person(sample), "match", "not_a_match")
        )
        result = estimate(summary, answers)
        for name, true in true_values.items():
            e = getattr(result, name)
            rows.append((name, true, e.value, e.low, e.high, result.sampled))
        marked.append([s.model_off for s in result.strata])
    table = pd.DataFrame(rows, columns=["estimate", "truth", "value", "low", "high", "sampled"])
    table["held"] = table["low"].le(table["truth"]) & table["truth"].le(table["high"])
    table["error"] = table["value"] - table["truth"]
    summary_table = table.groupby("estimate").agg(
        truth=("truth", "first"), mean=("value", "mean"), rmse=("error", lambda e: (e**2).mean() ** 0.5),
        low=("low", "mean"), high=("high", "mean"), held=("held", "mean"), sampled=("sampled", "mean"),
    )  # fmt: skip
    print(f"quality check, {draws} samples of {size} (at least {minimum} a stratum) answered with the truth "
          f"(strata: {len(summary)}, pairs scored >= 0.01: {len(scored):,}):")  # fmt: skip
    print(summary_table.to_string(float_format=lambda x: f"{x:.4f}"))
    by_stratum = scored.assign(truth=truth).groupby(["linked", "band"])
    calibration = pd.DataFrame({
        "pairs": by_stratum.size(), "model": by_stratum["match_probability"].mean(),
        "truth": by_stratum["truth"].mean(),
    }).sort_index(ascending=False)  # fmt: skip
    calibration["marked off"] = np.mean(marked, axis=0)
    print("by stratum: the model's mean probability, the true share of one person, and how often")
    print("the check marked the model off there:")
    print(calibration.to_string(float_format=lambda x: f"{x:.4f}"))


def _review(model: Deduplicator, df: pd.DataFrame, truth: pd.DataFrame) -> None:
    """Re-cluster after a reviewer answers the first 5, 10, 25, 50 and 100% of the review
    queue (the review page's order) with the truth."""
    queue = by_impact(
        uncertain_pairs(model.predict_pairs_, *review_band(model.threshold_)), model.clusters_
    )
    person = df.set_index("record_id")["true_person_id"]
    same = person[queue["record_id_l"]].to_numpy() == person[queue["record_id_r"]].to_numpy()
    answers = queue[["record_id_l", "record_id_r"]].assign(
        decision=np.where(same, "match", "not_a_match")
    )
    print(f"review queue: {len(queue):,} pairs, {int(same.sum()):,} of them one person")
    for share in (0.05, 0.1, 0.25, 0.5, 1.0):
        n = round(share * len(queue))
        scores = pairwise_scores(model.cluster(answers.head(n)), truth)
        print(_line(f"after {n:,} decisions", scores))


def _by_citizenship(clusters: pd.DataFrame, df: pd.DataFrame, rows: int = 25) -> None:
    """Pairwise recall per citizenship of the true person, most true pairs missed first."""
    records = df.assign(record_id=df["record_id"].astype(str)).merge(
        clusters.assign(record_id=clusters["record_id"].astype(str)), on="record_id"
    )
    recorded = records[records["citizenship"] != ""]
    citizenship = recorded.groupby("true_person_id")["citizenship"].agg(lambda s: s.mode()[0])
    person = records["true_person_id"]
    records["person_citizenship"] = person.map(citizenship).fillna("(none)").to_numpy()

    def pairs(counts: pd.Series) -> pd.Series:
        return counts * (counts - 1) // 2

    true = pairs(records.groupby(["person_citizenship", "true_person_id"]).size())
    linked = pairs(records.groupby(["person_citizenship", "true_person_id", "cluster_id"]).size())
    table = pd.DataFrame(
        {
            "true_pairs": true.groupby(level=0).sum(),
            "linked": linked.groupby(level=0).sum(),
        }
    )
    table["missed"] = table["true_pairs"] - table["linked"]
    table["recall"] = (table["linked"] / table["true_pairs"]).round(3)
    print(table.sort_values("missed", ascending=False).head(rows).to_string())


if __name__ == "__main__":
    main()
