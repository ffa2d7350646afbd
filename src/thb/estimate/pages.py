"""The hidden-victims page: capture histories (upload or registry) -> estimate, sensitivity, chart."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from thb.errors import DomainError, Forbidden
from thb.estimate.data import CaptureTable, EstimationInputError, from_frame, read_csv_text
from thb.estimate.service import EstimateResult, estimate_population
from thb.security.deps import DbSession
from thb.security.roles import Actor
from thb.web.pages import PageActor, check_csrf
from thb.web.templating import render

router = APIRouter(include_in_schema=False)

ROLES = ("statistician", "coordinator")
METHODS = ("stepwise", "bic", "main", "fixed", "lcmcr", "all")
MAX_UPLOAD = 2_000_000
# A request runs the bootstrap in its own thread (workers=1): no processes forked per request.
MAX_REPLICATES = 1000
# Input errors the estimator names by a data column or the CSV go next to the data source.
FORM_FIELDS = {"source", "country", "year_from", "year_to", "method", "terms", "bootstrap",
               "seed", "csv_file"}  # fmt: skip


def _defaults(actor: Actor) -> dict[str, Any]:
    return {"source": "registry", "country": actor.country or "", "year_from": "2017",
            "year_to": "2018", "method": "stepwise", "terms": "", "bootstrap": "0",
            "seed": ""}  # fmt: skip


def _require_role(actor: Actor) -> None:
    if actor.role not in ROLES:
        raise Forbidden("the hidden-victims estimate is for statisticians and coordinators")


def _page(request: Request, form: dict[str, Any], errors: dict[str, str], **extra: Any) -> Any:
    context = {"form": form, "errors": errors, "methods": METHODS, "result": None,
               "rows": None, "chart": None, "table": None, "linkage": None, **extra}  # fmt: skip
    return render(request, "estimate/page.html", context, status=422 if errors else 200)


@router.get("/estimate")
def estimate_page(request: Request, actor: PageActor) -> Response:
    try:
        _require_role(actor)
    except DomainError as exc:
        return render(request, "error.html", {"error": exc}, status=exc.status)
    return _page(request, _defaults(actor), {})


def _int(form: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    text = str(form.get(name) or "").strip()
    if not text and not required:
        return None
    try:
        return int(text)
    except ValueError as exc:
        raise EstimationInputError(f"{text!r} is not a whole number", field=name) from exc


async def _table(
    request: Request, session: Session, actor: Actor, form: dict[str, Any]
) -> tuple[CaptureTable, Any]:
    """The capture table from the uploaded CSV or from the registry's latest linkage run,
    and for the registry that run's quality check (``linkage.service.quality_estimate``)."""
    if form["source"] == "upload":
        upload = (await request.form()).get("csv_file")
        data = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) else b""
        if not data:
            raise EstimationInputError("choose a CSV file to upload", field="csv_file")
        if len(data) > MAX_UPLOAD:
            raise EstimationInputError("the file is larger than 2 MB", field="csv_file")
        try:
            return read_csv_text(data.decode("utf-8-sig")), None
        except UnicodeDecodeError as exc:
            raise EstimationInputError("the file is not UTF-8 text", field="csv_file") from exc
    from thb.linkage.service import capture_histories_for, quality_estimate

    year_from, year_to = _int(form, "year_from"), _int(form, "year_to")
    assert year_from is not None and year_to is not None
    histories = capture_histories_for(session=session, actor=actor, country=form["country"],
                                      year_from=year_from, year_to=year_to)  # fmt: skip
    linkage = quality_estimate(session=session, actor=actor, country=form["country"])
    return from_frame(histories), linkage


def _chart(result: EstimateResult | None) -> str | None:
    """The bootstrap (or posterior) histogram as a data URI, when there are draws."""
    if result is None or result.replicates is None:
        return None
    from thb.estimate.report import bootstrap_chart

    with tempfile.TemporaryDirectory() as tmp:
        path = bootstrap_chart(result, Path(tmp) / "chart.png")
        return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _run(table: CaptureTable, form: dict[str, Any]) -> dict[str, Any]:
    """The chosen estimate (unless 'all') and the sensitivity table across methods."""
    from thb.estimate.report import sensitivity

    method = form["method"]
    if method not in METHODS:
        raise EstimationInputError(f"unknown method {method!r}", field="method")
    bootstrap = _int(form, "bootstrap") or 0
    if not 0 <= bootstrap <= MAX_REPLICATES:
        raise EstimationInputError(
            f"use between 0 and {MAX_REPLICATES} replicates", field="bootstrap"
        )
    seed = _int(form, "seed", required=False)
    result = None
    if method != "all":
        result = estimate_population(
            table,
            method,
            terms=form["terms"].strip() or None,
            bootstrap=bootstrap,
            seed=seed,
            workers=1,
        )
    rows = sensitivity(table, bootstrap=bootstrap if method == "all" else 0, seed=seed, workers=1)
    return {"result": result, "rows": rows, "chart": _chart(result), "table": table}


def _field_errors(exc: DomainError) -> dict[str, str]:
    """Each message next to its field; estimator columns and CSV problems next to the file."""
    errors: dict[str, str] = {}
    for item in exc.errors or [{"field": "form", "message": exc.detail}]:
        name = str(item.get("field", "form"))
        name = name if name in FORM_FIELDS else "data"
        errors.setdefault(name, exc.detail if name == "data" else str(item.get("message")))
    return errors


@router.post("/estimate")
async def estimate_submit(
    request: Request,
    actor: PageActor,
    db: DbSession,
) -> Response:
    await check_csrf(request)
    try:
        _require_role(actor)
    except DomainError as exc:
        return render(request, "error.html", {"error": exc}, status=exc.status)
    raw = await request.form()
    form = {**_defaults(actor), **{k: str(v) for k, v in raw.items() if isinstance(v, str)}}
    form["country"] = form["country"].strip().upper()
    try:
        table, linkage = await _table(request, db, actor, form)
        outcome = _run(table, form)
    except DomainError as exc:
        return _page(request, form, _field_errors(exc))
    return _page(request, form, {}, **outcome, linkage=linkage)
