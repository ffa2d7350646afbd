"""Time thb.synth: registration_records at 10^4..10^6 persons and generate at 14,145.

Run: .venv/bin/python benchmarks/synth_records.py [--max 1000000]
"""

from __future__ import annotations

import argparse
import time

from thb.synth import generate, marginals, registration_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max", type=int, default=1_000_000, help="largest person count")
    args = parser.parse_args()
    registration_records(1_000, seed=0)  # warm the name bank and imports
    n = 10_000
    while n <= args.max:
        start = time.perf_counter()
        frame = registration_records(n, seed=1)
        took = time.perf_counter() - start
        print(f"registration_records persons={n:>9,} records={len(frame):>9,} "
              f"ratio={len(frame) / n:.2f} seconds={took:6.2f}")  # fmt: skip
        n *= 10
    start = time.perf_counter()
    reg = generate(14_145, seed=1)
    took = time.perf_counter() - start
    m = marginals(reg)
    print(f"generate persons=14,145 seconds={took:.2f} hidden_total={reg.hidden_total:,} "
          f"prosecutions={m['prosecutions']:.0f} convictions={m['convictions']:.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
