"""Presenting estimates: the cross-method sensitivity table and the bootstrap chart.

Different defensible methods give very different numbers on the same lists; the sensitivity
table puts them side by side so no single figure is read as the truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from thb.estimate.data import CaptureTable, EstimationInputError
from thb.estimate.service import EstimateResult, estimate_population

SENSITIVITY_METHODS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("main effects", "main", {}),
    ("stepwise (p < 0.02)", "stepwise", {}),
    ("BIC, two-list terms", "bic", {"maxorder": 2}),
    ("BIC, up to order 3", "bic", {"maxorder": 3}),
    ("fixed: all pairs", "fixed", {"terms": "all"}),
    ("latent classes (LCMCR)", "lcmcr", {}),
)


@dataclass
class SensitivityRow:
    """One method's result, or why it could not be computed."""

    label: str
    result: EstimateResult | None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "label": self.label,
            "error": self.error,
            "result": self.result.to_dict() if self.result else None,
        }


def sensitivity(
    table: CaptureTable,
    *,
    bootstrap: int = 0,
    seed: int | None = None,
    workers: int | None = None,
    methods: Sequence[tuple[str, str, dict[str, Any]]] = SENSITIVITY_METHODS,
) -> list[SensitivityRow]:
    """Every method on the same table (models that cannot be fitted are reported, not hidden)."""
    rows = []
    for label, method, options in methods:
        if method == "bic" and options.get("maxorder", 2) > 2 and table.n_lists > 5:
            rows.append(SensitivityRow(label, None, "too many models for six or more lists"))
            continue
        boot = bootstrap if method != "lcmcr" else 0
        try:
            res = estimate_population(
                table, method, bootstrap=boot, seed=seed, workers=workers, **options
            )
            rows.append(SensitivityRow(label, res))
        except EstimationInputError as exc:
            rows.append(SensitivityRow(label, None, str(exc)))
    return rows


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


def _interval(iv: tuple[float, float] | None) -> str:
    return "-" if iv is None else f"{iv[0]:,.0f} – {iv[1]:,.0f}"


def sensitivity_table(rows: Sequence[SensitivityRow]) -> Table:
    """A Rich table of the sensitivity analysis."""
    t = Table(title="Population estimate by method (same data)")
    for col in ("method", "estimate", "95% interval", "BCa 95%", "model"):
        t.add_column(col, justify="right" if col != "method" else "left")
    for row in rows:
        r = row.result
        if r is None:
            t.add_row(row.label, "-", "-", "-", Text(row.error or "", style="red"))
            continue
        kind = " (credible)" if r.interval_kind.startswith("credible") else ""
        t.add_row(
            row.label,
            _fmt(r.estimate),
            _interval(r.interval) + kind,
            _interval(r.bca_interval),
            Text(r.model or "-"),
        )
    return t


def result_table(r: EstimateResult) -> Table:
    """A Rich table for one estimate."""
    t = Table(title=f"Population estimate ({r.method})", show_header=False)
    t.add_column("what")
    t.add_column("value", justify="right")
    t.add_row("lists", Text(", ".join(r.lists)))
    t.add_row("people seen", f"{r.n_observed:,}")
    t.add_row("estimated total", _fmt(r.estimate))
    label = "95% credible interval" if r.interval_kind.startswith("credible") else "95% Wald"
    t.add_row(
        label + " (model-conditional)" if "wald" in r.interval_kind else label,
        _interval(r.interval),
    )
    if r.bca_interval is not None:
        t.add_row(f"95% BCa ({r.bootstrap} replicates, seed {r.seed})", _interval(r.bca_interval))
    if r.model:
        t.add_row("model", Text(r.model))
        t.add_row("interaction terms", Text(", ".join(r.terms) or "none (main effects)"))
    if r.neg_inf_terms:
        t.add_row("minus-infinity terms (lists share nobody)", Text(", ".join(r.neg_inf_terms)))
    if r.models_considered and r.method == "bic":
        t.add_row(
            "models considered / failing checks",
            f"{r.models_considered:,} / {r.models_failing_checks:,}",
        )
    for item in r.rejected_models:
        t.add_row("rejected candidate", Text(f"{item['model']}: {item['reason']}"))
    return t


def bootstrap_chart(r: EstimateResult, path: str | Path) -> Path:
    """PNG histogram of the bootstrap (or posterior) draws with the estimate and intervals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    if r.replicates is None or not np.isfinite(r.replicates).any():
        raise EstimationInputError(
            "a chart needs bootstrap replicates (--bootstrap N) or the lcmcr method", field="chart"
        )
    reps = r.replicates[np.isfinite(r.replicates)]
    fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
    hi_cut = np.quantile(reps, 0.995)
    ax.hist(reps[reps <= hi_cut], bins=50, color="#9bb7d4", edgecolor="white")
    ax.axvline(r.estimate, color="black", lw=2, label=f"estimate {r.estimate:,.0f}")
    if r.bca_interval:
        for x in r.bca_interval:
            ax.axvline(x, color="#c0392b", ls="--", label=None)
        ax.plot([], [], color="#c0392b", ls="--", label="BCa 95%")
    if r.interval:
        for x in r.interval:
            ax.axvline(x, color="#7f8c8d", ls=":")
        ax.plot([], [], color="#7f8c8d", ls=":", label=r.interval_kind)
    what = "posterior draws" if r.method == "lcmcr" else f"{r.bootstrap} bootstrap replicates"
    ax.set_title(f"{r.method}: {what}")
    ax.set_xlabel("total population")
    ax.set_ylabel("count")
    ax.legend(fontsize=8)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, format="png")
    plt.close(fig)
    return out
