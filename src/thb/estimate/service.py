"""One entry point for every caller (CLI, API, pages): table + method -> EstimateResult."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from thb.estimate.bootstrap import DEFAULT_ALPHA, BootstrapResult, bca_bootstrap
from thb.estimate.data import CaptureTable, EstimationInputError
from thb.estimate.lcmcr import LatentClassEstimator
from thb.estimate.loglinear import one_blas_thread, pair_masks
from thb.estimate.methods import NTOP_BOOT, MethodSpec
from thb.estimate.models import hierarchy_name, parse_terms, term_name
from thb.estimate.selection import PTHRESH, Selection

METHODS = ("stepwise", "bic", "fixed", "main", "lcmcr")


@dataclass
class EstimateResult:
    """A population estimate with the model behind it and its uncertainty."""

    method: str
    lists: list[str]
    n_observed: int
    estimate: float
    interval: tuple[float, float] | None
    interval_kind: str
    terms: list[str] = field(default_factory=list)
    neg_inf_terms: list[str] = field(default_factory=list)
    model: str | None = None
    dark_figure: float | None = None
    aic: float | None = None
    bic: float | None = None
    bca_interval: tuple[float, float] | None = None
    bca_quantiles: dict[str, float] | None = None
    bca_acceleration: float | None = None
    bootstrap: int = 0
    seed: int | None = None
    bootstrap_failed: int = 0
    steps: list[dict[str, Any]] = field(default_factory=list)
    rejected_models: list[dict[str, str]] = field(default_factory=list)
    models_considered: int | None = None
    models_failing_checks: int | None = None
    top_models: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    replicates: np.ndarray | None = field(default=None, repr=False)

    def to_dict(self, *, include_replicates: bool = False) -> dict[str, Any]:
        """JSON-ready dict (replicates only on request: they are long)."""
        out = asdict(self)
        out.pop("replicates")
        if include_replicates and self.replicates is not None:
            out["replicates"] = [float(v) for v in self.replicates]
        return _jsonable(out)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        f = float(value)
        return f if np.isfinite(f) else None
    return value


def resolve_terms(table: CaptureTable, terms: str | Sequence[str] | None) -> list[int]:
    """User terms ('A:B,B:C', names or numbers, or 'all' for every pair) -> term masks."""
    if isinstance(terms, str) and terms.strip().lower() == "all":
        return sorted(pair_masks(table.n_lists))
    return parse_terms(terms, table.lists)


def estimate_population(
    table: CaptureTable,
    method: str = "stepwise",
    *,
    terms: str | Sequence[str] | None = None,
    maxorder: int = 2,
    pthresh: float = PTHRESH,
    bootstrap: int = 0,
    seed: int | None = None,
    workers: int | None = None,
    alpha: Sequence[float] = DEFAULT_ALPHA,
    lcmcr_iter: int = 10000,
    lcmcr_burn_in: int = 5000,
) -> EstimateResult:
    """Estimate the total population (seen + unseen) with the chosen method."""
    with one_blas_thread():
        return _estimate(
            table, method, terms=terms, maxorder=maxorder, pthresh=pthresh, bootstrap=bootstrap,
            seed=seed, workers=workers, alpha=alpha, lcmcr_iter=lcmcr_iter,
            lcmcr_burn_in=lcmcr_burn_in,
        )  # fmt: skip


def _estimate(
    table: CaptureTable,
    method: str,
    *,
    terms: str | Sequence[str] | None,
    maxorder: int,
    pthresh: float,
    bootstrap: int,
    seed: int | None,
    workers: int | None,
    alpha: Sequence[float],
    lcmcr_iter: int,
    lcmcr_burn_in: int,
) -> EstimateResult:
    if method not in METHODS:
        raise EstimationInputError(
            f"unknown method {method!r}; choose one of {', '.join(METHODS)}", field="method"
        )
    if bootstrap < 0:
        raise EstimationInputError("bootstrap must be 0 or more replicates", field="bootstrap")
    if not 0 < pthresh < 1:
        raise EstimationInputError("pthresh must lie between 0 and 1", field="pthresh")
    if method == "lcmcr":
        return _lcmcr(table, seed, lcmcr_iter, lcmcr_burn_in)
    term_masks = resolve_terms(table, terms)
    if method == "fixed" and terms is None:
        raise EstimationInputError(
            "method 'fixed' needs terms, e.g. 'A:B,B:C' or 'all'", field="terms"
        )
    if maxorder < 2:
        raise EstimationInputError("maxorder must be at least 2", field="maxorder")
    spec = MethodSpec(method, tuple(term_masks), pthresh, maxorder)
    y, m = table.cell_counts(), table.n_lists
    selection, spec = _select(spec, y, m)
    result = _from_selection(table, selection)
    result.settings = {"pthresh": pthresh, "maxorder": maxorder}
    if spec.models is not None:
        result.settings["bootstrap_models"] = len(spec.models)  # BIC: best models re-searched
    if bootstrap:
        boot = bca_bootstrap(spec, table, n_boot=bootstrap, seed=seed, alpha=alpha, workers=workers)
        _add_bootstrap(result, boot)
    return result


def _select(spec: MethodSpec, y: np.ndarray, m: int) -> tuple[Selection, MethodSpec]:
    """Run the selection; for BIC also fix the model set the bootstrap will search."""
    if spec.method != "bic":
        return spec.select(y, m), spec
    from thb.estimate.bic import select_bic

    selection, table = select_bic(y, m, spec.maxorder)
    ntop = NTOP_BOOT.get(m, 100)
    order = table.order() if ntop is None else table.order()[:ntop]
    top = tuple(table.models[i] for i in order)
    return selection, MethodSpec("bic", (), spec.pthresh, spec.maxorder, models=top)


def _from_selection(table: CaptureTable, sel: Selection) -> EstimateResult:
    fit, m, lists = sel.fit, table.n_lists, table.lists
    lo, hi = fit.wald_interval()
    return EstimateResult(
        method=sel.method,
        lists=list(lists),
        n_observed=table.n_observed,
        estimate=fit.estimate,
        interval=(float(lo), float(hi)),
        interval_kind="wald95",
        terms=[term_name(t, lists) for t in _ordered_terms(sel)],
        neg_inf_terms=[term_name(t, lists) for t in fit.neg_inf],
        model=hierarchy_name(fit.terms, m),
        dark_figure=fit.dark_figure,
        aic=fit.aic,
        bic=fit.bic,
        steps=[{"term": term_name(s.term, lists), "p_value": s.p_value} for s in sel.steps],
        rejected_models=[
            {"model": ", ".join(term_name(t, lists) for t in terms), "reason": check.message}
            for terms, check in sel.rejected
        ],
        models_considered=sel.n_models,
        models_failing_checks=sel.n_failed,
        top_models=[
            {"model": hierarchy_name(t, m), "estimate": est, "bic": b} for t, est, b in sel.ranking
        ],
    )


def _ordered_terms(sel: Selection) -> list[int]:
    """Stepwise: in order of entry; otherwise as given. Minus-infinity terms listed apart."""
    order = [s.term for s in sel.steps] if sel.steps else list(sel.fit.terms)
    return [t for t in order if t not in sel.fit.neg_inf]


def _add_bootstrap(result: EstimateResult, boot: BootstrapResult) -> None:
    result.bca_interval = boot.interval(0.95)
    result.bca_quantiles = {f"{k:g}": v for k, v in boot.quantiles.items()}
    result.bca_acceleration = boot.ahat
    result.bootstrap = boot.n_boot
    result.seed = boot.seed
    result.bootstrap_failed = boot.n_failed
    result.replicates = boot.replicates


def _lcmcr(table: CaptureTable, seed: int | None, n_iter: int, burn_in: int) -> EstimateResult:
    est = LatentClassEstimator(n_iter=n_iter, burn_in=burn_in, random_state=seed).fit(table)
    return EstimateResult(
        method="lcmcr",
        lists=list(table.lists),
        n_observed=table.n_observed,
        estimate=est.estimate_,
        interval=est.interval_,
        interval_kind="credible95",
        dark_figure=est.estimate_ - table.n_observed,
        seed=seed,
        settings={"n_classes": est.n_classes, "n_iter": n_iter, "burn_in": burn_in},
        replicates=est.samples_.astype(float),
    )
