"""Speed of encoded matching: Dice comparisons per second per core, full comparison, one process.

Run: .venv/bin/python benchmarks/linkage_pprl_bench.py [--size 20000]
Filters are real encodings of synthetic records (default thb-person schema, 512 stored bits) and,
for comparison, random filters of 1024 bits at the same density, each through the compiled
kernel (linkage/pprl/kernel.py, the default) and the vectorised NumPy tiles. Both run on one
core; the rate per CPU second of this process is the per-core figure (robust to other load), the rate
per wall second is printed beside it.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from thb.linkage.pprl import PERSON_V1, encode_records
from thb.linkage.pprl.similarity import iter_dice_above

SECRET = b"benchmark secret, synthetic data only"


def synthetic_people(n: int, seed: int = 0) -> pd.DataFrame:
    """Records with random names and dates (no real data)."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))

    def names(k: int) -> list[str]:
        return ["".join(rng.choice(letters, rng.integers(4, 10))) for _ in range(k)]

    years, months, days = (
        rng.integers(1950, 2008, n),
        rng.integers(1, 13, n),
        rng.integers(1, 29, n),
    )
    return pd.DataFrame(
        {
            "record_id": [f"r{k}" for k in range(n)],
            "given_name": names(n),
            "family_name": names(n),
            "birth_date": [
                f"{y}-{m:02d}-{d:02d}" for y, m, d in zip(years, months, days, strict=True)
            ],
            "sex": rng.choice(["F", "M"], n),
            "citizenship": rng.choice(["RO", "BG", "NG", "UA", "FR"], n),
        }
    )


def rate(
    a: np.ndarray,
    b: np.ndarray,
    threshold: float,
    repeats: int,
    early_abandon: bool,
    compiled: bool,
) -> tuple[float, float, int]:
    """Best-of-`repeats` comparisons per CPU second (this process) and per wall second."""
    best_cpu, best_wall, found = 0.0, 0.0, 0
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        pairs = iter_dice_above(a, b, threshold, early_abandon=early_abandon, compiled=compiled)
        found = sum(len(i) for i, _, _ in pairs)
        best_cpu = max(best_cpu, len(a) * len(b) / (time.process_time() - cpu))
        best_wall = max(best_wall, len(a) * len(b) / (time.perf_counter() - wall))
    return best_cpu, best_wall, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=20_000, help="records per side")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    people = synthetic_people(2 * args.size)
    encoded = encode_records(people, PERSON_V1, SECRET)
    enc_rate = len(people) / (time.perf_counter() - start)
    a, b = encoded.filters[: args.size], encoded.filters[args.size :].copy()
    b[: args.size // 100] = a[: args.size // 100]  # 1% of records also registered by party B
    density = np.bitwise_count(a).sum() / a.size / 64
    print(f"numpy {np.__version__}; {args.size} x {args.size} = {args.size**2:,} comparisons")
    print(f"encoding: {enc_rate:,.0f} records/s (thb-person schema, HMAC-SHA256)")
    rng = np.random.default_rng(1)
    wide = [
        np.packbits(rng.random((args.size, 1024)) < density, axis=1).view("<u8").copy()
        for _ in range(2)
    ]
    wide[1][: args.size // 100] = wide[0][: args.size // 100]  # 1% true pairs
    cases = [("512-bit thb-person encodings", a, b), ("1024-bit random filters", *wide)]
    list(iter_dice_above(a[:2], b[:2], 0.8))  # compile the kernel (or load it) before timing
    for label, left, right in cases:
        for compiled, early in ((True, False), (True, True), (False, False), (False, True)):
            per_cpu, per_wall, found = rate(left, right, 0.8, args.repeats, early, compiled)
            how = "exact early abandon" if early else "every word popcounted"
            path = "numba kernel" if compiled else "numpy tiles"
            print(
                f"{label}, {path}, {how}: {per_cpu / 1e6:,.0f} million comparisons/s/core "
                f"(per CPU second; {per_wall / 1e6:,.0f} million per wall second; "
                f"{found} pairs >= 0.8)"
            )


if __name__ == "__main__":
    main()
