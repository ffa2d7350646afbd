"""JSON API of linkage over the registry: runs, the review queue, decisions, capture histories."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from thb.linkage import service
from thb.linkage.models import LinkageRun
from thb.security.deps import DbSession, require_roles
from thb.security.roles import Actor

router = APIRouter(prefix="/linkage", tags=["linkage"])
national = require_roles("statistician", "coordinator")
reviewer = require_roles("coordinator")


class RunCreate(BaseModel):
    """Settings of a linkage run; the country defaults to the caller's."""

    country: str | None = Field(None, min_length=2, max_length=2)
    engine: Literal["duckdb", "spark"] = "duckdb"
    threshold: float | None = Field(None, gt=0, lt=1)


class DecisionCreate(BaseModel):
    """A reviewer's decision on a pair of person records."""

    person_id_a: int
    person_id_b: int
    decision: Literal["match", "not_a_match", "unsure"]


def run_read(run: LinkageRun) -> dict[str, Any]:
    """A run as JSON (counts and settings, no personal data)."""
    return {
        "id": run.id, "country": run.country, "period": run.period, "engine": run.engine,
        "threshold": run.threshold, "created_at": run.created_at.isoformat(),
        "records": run.records, "identities": run.identities, "pairs_scored": run.pairs_scored,
        "pairs_uncertain": run.pairs_uncertain, "decisions_applied": run.decisions_applied,
        "quality_sampled": run.quality_sampled,
    }  # fmt: skip


@router.post("/runs", status_code=201, summary="Deduplicate the country's registry")
def create_run(
    db: DbSession,
    body: RunCreate,
    actor: Actor = Depends(national),
) -> dict[str, Any]:
    run = service.link_registry(
        session=db, actor=actor, country=body.country or actor.country or "",
        engine=body.engine, threshold=body.threshold,
    )  # fmt: skip
    return run_read(run)


@router.get("/runs/latest", summary="The latest linkage run of a country")
def get_latest_run(
    db: DbSession,
    country: str | None = None,
    actor: Actor = Depends(national),
) -> dict[str, Any]:
    run = service.latest_run(session=db, actor=actor, country=country or actor.country or "")
    return run_read(run)


@router.get("/review", summary="Uncertain pairs of the latest run (identifying reads audited)")
def get_review(
    db: DbSession,
    country: str | None = None,
    limit: int = Query(20, ge=1, le=200),
    actor: Actor = Depends(reviewer),
) -> list[dict[str, Any]]:
    pairs = service.review_queue(
        session=db, actor=actor, country=country or actor.country or "", limit=limit
    )
    return [asdict(p) for p in pairs]


@router.get("/quality", summary="The latest run's quality check: estimates and pairs to answer")
def get_quality(
    db: DbSession,
    country: str | None = None,
    limit: int = Query(20, ge=1, le=200),
    actor: Actor = Depends(national),
) -> dict[str, Any]:
    check = service.quality_check(
        session=db, actor=actor, country=country or actor.country or "", limit=limit
    )
    result = check.estimate
    estimates: dict[str, Any] | None = None
    if result is not None:
        estimates = {name: asdict(getattr(result, name))
                     for name in ("links_right", "missed", "recall")}  # fmt: skip
        estimates["strata"] = [
            {**asdict(s), "share": s.share, "interval": list(s.interval)} for s in result.strata
        ]
        estimates.update(sampled=result.sampled, answered=result.answered)
    return {"run": run_read(check.run), "estimate": estimates, "in_reserve": check.in_reserve,
            "pairs": [asdict(p) for p in check.pairs]}  # fmt: skip


@router.post("/quality/more", summary="Offer more of the latest run's drawn pairs to answer")
def post_quality_more(
    db: DbSession, country: str | None = None, actor: Actor = Depends(reviewer)
) -> dict[str, Any]:
    run = service.widen_quality_sample(
        session=db, actor=actor, country=country or actor.country or ""
    )
    return run_read(run)


@router.post("/review/decisions", status_code=201, summary="Decide a pair")
def post_decision(
    db: DbSession,
    body: DecisionCreate,
    actor: Actor = Depends(reviewer),
) -> dict[str, Any]:
    row = service.record_decision(
        session=db, actor=actor, person_id_a=body.person_id_a, person_id_b=body.person_id_b,
        decision=body.decision,
    )  # fmt: skip
    return {"id": row.id, "person_id_a": row.person_id_a, "person_id_b": row.person_id_b,
            "decision": row.decision, "decided_at": row.decided_at.isoformat()}  # fmt: skip


@router.get("/persons/{person_id}", summary="The records the latest run counts as this person")
def get_person_records(
    person_id: int, db: DbSession, actor: Actor = Depends(reviewer)
) -> dict[str, Any]:
    person = service.person_records(session=db, actor=actor, person_id=person_id)
    return {"run_id": person.run_id, "records": [asdict(r) for r in person.records],
            "separated": sorted(person.separated)}  # fmt: skip


@router.post(
    "/persons/{person_id}/separate", status_code=201,
    summary="Not this person: keep a record apart from the others in the next run",
)  # fmt: skip
def post_separate(
    person_id: int, db: DbSession, actor: Actor = Depends(reviewer)
) -> dict[str, int]:
    return {"decisions": service.separate_record(session=db, actor=actor, person_id=person_id)}


@router.delete("/review/decisions", status_code=204, summary="Withdraw a pair's decision")
def delete_decision(
    person_id_a: int, person_id_b: int, db: DbSession, actor: Actor = Depends(reviewer)
) -> Response:
    service.withdraw_decision(
        session=db, actor=actor, person_id_a=person_id_a, person_id_b=person_id_b
    )
    return Response(status_code=204)


@router.post(
    "/persons/{person_id}/rejoin", status_code=201,
    summary="Undo a separation: leave the record to the model again in the next run",
)  # fmt: skip
def post_rejoin(person_id: int, db: DbSession, actor: Actor = Depends(reviewer)) -> dict[str, int]:
    return {"withdrawn": service.rejoin_record(session=db, actor=actor, person_id=person_id)}


@router.get("/capture-histories", summary="Capture histories of the latest run's identities")
def get_capture_histories(
    db: DbSession,
    year_from: int = Query(..., alias="from", ge=1900, le=2100),
    year_to: int = Query(..., alias="to", ge=1900, le=2100),
    country: str | None = None,
    actor: Actor = Depends(national),
) -> dict[str, Any]:
    table = service.capture_histories_for(
        session=db, actor=actor, country=country or actor.country or "",
        year_from=year_from, year_to=year_to,
    )  # fmt: skip
    lists = [c for c in table.columns if c != "count"]
    return {
        "lists": lists,
        "histories": [
            {"lists": {name: int(row[name]) for name in lists}, "count": int(row["count"])}
            for _, row in table.iterrows()
        ],
    }
