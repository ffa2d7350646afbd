"""Speed of the hidden-victim estimator against the reference R timings (one core, this machine).

Run: .venv/bin/python benchmarks/estimate_bench.py [--quick]
Reference (R 4.2.2, one core): stepwise UKdat 0.28 s; BIC over 32,768 models UKdat 107 s;
1,000-replicate stepwise BCa bootstrap UKdat 320 s.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from thb.estimate.bic import select_bic
from thb.estimate.bootstrap import bca_bootstrap
from thb.estimate.data import read_csv
from thb.estimate.methods import MethodSpec
from thb.estimate.selection import select_stepwise

SHARED = Path(os.environ.get("THB_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
DATA = SHARED / "data" / "mse" if (SHARED / "data" / "mse").is_dir() else SHARED


def _time(fn, repeat: int = 1) -> tuple[float, object]:  # noqa: ANN001
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    quick = "--quick" in sys.argv
    ref = json.loads((DATA / "reference.json").read_text())["reference_timings_cpu_s"]
    uk = read_csv(DATA / "UKdat.csv")
    y, m = uk.cell_counts(), uk.n_lists
    rows = []

    t, sel = _time(lambda: select_stepwise(y, m), repeat=20)
    rows.append(("stepwise UKdat", t, ref["SparseMSE stepwise UKdat"], f"{sel.fit.estimate:,.1f}"))

    t, (sel, _) = _time(lambda: select_bic(y, m, 2), repeat=1 if quick else 3)
    rows.append((
        "BIC, all 32,768 two-list models, UKdat", t,
        ref["MultipleSystemsEstimation BIC over 32768 models UKdat"], f"{sel.fit.estimate:,.1f}",
    ))  # fmt: skip

    n_boot = 200 if quick else 1000
    scale = 1000 / n_boot
    for workers in (1, 2):
        t, boot = _time(
            lambda w=workers: bca_bootstrap(MethodSpec(), uk, n_boot=n_boot, seed=1, workers=w)
        )
        lo, hi = boot.interval()
        rows.append((
            f"stepwise BCa, {n_boot} replicates, UKdat, {workers} worker(s)"
            + (" [x5 scaled]" if quick else ""), t * scale,
            ref["SparseMSE BCa 1000 replicates stepwise UKdat"], f"BCa {lo:,.0f}-{hi:,.0f}",
        ))  # fmt: skip

    print(f"{'task':58s} {'seconds':>9s} {'R (s)':>7s} {'speed-up':>9s}  result")
    for name, secs, r_secs, result in rows:
        print(f"{name:58s} {secs:9.3f} {r_secs:7.2f} {r_secs / secs:8.1f}x  {result}")


if __name__ == "__main__":
    main()
