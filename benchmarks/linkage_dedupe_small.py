"""Benchmark: deduplicate national registries of realistic size, one country at a time.

    .venv/bin/python benchmarks/linkage_dedupe_small.py
    .venv/bin/python benchmarks/linkage_dedupe_small.py --seeds 40 --persons 300 1000

A national registry holds hundreds to a few thousand registrations a year, where the
single-registry benchmark holds 10^5-10^6. Small registries fail differently: EM sessions
can fail for want of pairs, and a name is rarely shared. For each registry size and seed
this runs ``thb.synth`` for the countries given, fits one model per reporting country (as
``thb link registry`` does) and prints the mean pairwise precision and recall over all
registries, over those where an EM session was skipped, and over the others.
"""

from __future__ import annotations

import argparse
import logging
import time

import pandas as pd

from thb.linkage.dedupe.estimator import MIN_RECORDS, Deduplicator
from thb.linkage.dedupe.evaluate import pairwise_scores
from thb.synth import registration_records


def _registries(persons: int, seed: int, countries: list[str]) -> list[pd.DataFrame]:
    """One frame per reporting country with enough records to train on."""
    df = registration_records(persons, seed=seed, countries=countries)
    by_country = [group for _, group in df.groupby("reporting_country")]
    return [g.reset_index(drop=True) for g in by_country if len(g) >= MIN_RECORDS]


def _scores(frame: pd.DataFrame) -> tuple[dict[str, float], bool]:
    model = Deduplicator().fit(frame.drop(columns=["true_person_id"]))
    scores = pairwise_scores(model.clusters_, frame[["record_id", "true_person_id"]])
    return scores, bool(model.em_sessions_skipped_)


def _mean(rows: list[dict[str, float]], key: str) -> str:
    return f"{sum(r[key] for r in rows) / len(rows):.4f}" if rows else "   -  "


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--countries", nargs="+", default=["RO", "DK"])
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # Splink warns about untrained levels in tiny registries
    for persons in args.persons:
        start = time.perf_counter()
        plain, skipped = [], []
        for seed in range(args.seeds):
            for frame in _registries(persons, seed, args.countries):
                scores, was_skipped = _scores(frame)
                (skipped if was_skipped else plain).append(scores)
        every = plain + skipped
        print(f"{persons} persons over {args.countries}, {args.seeds} seeds: "
              f"{len(every)} registries in {time.perf_counter() - start:.0f}s")  # fmt: skip
        for name, rows in (("all", every), ("EM session skipped", skipped), ("others", plain)):
            print(f"  {name:<20} {len(rows):>4}  precision {_mean(rows, 'precision')}  "
                  f"recall {_mean(rows, 'recall')}")  # fmt: skip


if __name__ == "__main__":
    main()
