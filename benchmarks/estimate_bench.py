"""Speed of the hidden-victim estimator against the reference R timings (one core, this machine).

Run: .venv/bin/python benchmarks/estimate_bench.py [--quick]
Reference (R 4.2.2, one core): stepwise UKdat 0.28 s; BIC over 32,768 models UKdat 107 s;
1,000-replicate stepwise BCa bootstrap UKdat 320 s. The machine is shared: the load average
is printed, and single-process tasks also report CPU seconds, which contention barely moves.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from thb.estimate.bic import select_bic
from thb.estimate.bootstrap import bca_bootstrap
from thb.estimate.data import read_csv
from thb.estimate.methods import MethodSpec
from thb.estimate.selection import select_stepwise
from thb.estimate.service import estimate_population

SHARED = Path(os.environ.get("THB_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
DATA = SHARED / "data" / "mse" if (SHARED / "data" / "mse").is_dir() else SHARED


def _time(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, float, Any]:
    """Best wall and CPU seconds over `repeat` runs, and the last result."""
    best_wall, best_cpu, out = float("inf"), float("inf"), None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu, out


def main() -> None:
    quick = "--quick" in sys.argv
    ref = json.loads((DATA / "reference.json").read_text())["reference_timings_cpu_s"]
    uk = read_csv(DATA / "UKdat.csv")
    y, m = uk.cell_counts(), uk.n_lists
    rows: list[tuple[str, float, float | None, float | None, str]] = []

    w, c, sel = _time(lambda: select_stepwise(y, m), repeat=20)
    rows.append(
        ("stepwise UKdat", w, c, ref["SparseMSE stepwise UKdat"], f"{sel.fit.estimate:,.1f}")
    )

    w, c, (sel, _) = _time(lambda: select_bic(y, m, 2), repeat=1 if quick else 3)
    r_bic = ref["MultipleSystemsEstimation BIC over 32768 models UKdat"]
    rows.append(("BIC, all 32,768 two-list models, UKdat", w, c, r_bic, f"{sel.fit.estimate:,.1f}"))

    n_boot = 200 if quick else 1000
    scale = 1000 / n_boot
    r_boot = ref["SparseMSE BCa 1000 replicates stepwise UKdat"]
    for workers in (1, 2):
        w, _, boot = _time(
            lambda k=workers: bca_bootstrap(MethodSpec(), uk, n_boot=n_boot, seed=1, workers=k)
        )
        lo, hi = boot.interval()
        label = f"stepwise BCa, 1000 replicates, UKdat, {workers} process(es)"
        label += f" [{n_boot} run, scaled]" if quick else ""
        rows.append((label, w * scale, None, r_boot, f"BCa {lo:,.0f}-{hi:,.0f}"))

    n_bic = 100 if quick else 200
    w, _, res = _time(lambda: estimate_population(uk, "bic", bootstrap=n_bic, seed=1, workers=2))
    lo, hi = res.bca_interval
    rows.append((
        f"BIC + BCa (top 100 models), {n_bic} replicates, UKdat, 2 processes",
        w, None, None, f"{res.estimate:,.1f}; BCa {lo:,.0f}-{hi:,.0f}",
    ))  # fmt: skip

    print(f"load average (1 min) before/after: {LOAD0:.1f} / {os.getloadavg()[0]:.1f} on 2 cores")
    print(f"{'task':66s} {'wall s':>8s} {'cpu s':>7s} {'R s':>6s} {'speed-up':>9s}  result")
    for name, wall, cpu, r_secs, result in rows:
        cpu_s = f"{cpu:7.3f}" if cpu is not None else " " * 7
        r_s = f"{r_secs:6.2f}" if r_secs else " " * 6
        ratio = f"{r_secs / wall:8.1f}x" if r_secs else " " * 9
        print(f"{name:66s} {wall:8.3f} {cpu_s} {r_s} {ratio}  {result}")


LOAD0 = os.getloadavg()[0]

if __name__ == "__main__":
    main()
