"""JSON API: POST /estimates with capture histories (or CSV text) -> the estimate."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, model_validator

from thb.estimate.data import EstimationInputError, from_histories, read_csv_text
from thb.estimate.service import estimate_population
from thb.security.deps import require_roles
from thb.security.roles import Actor

router = APIRouter(prefix="/estimates", tags=["estimates"])
estimates_access = require_roles("statistician", "coordinator", "admin")


class HistoryIn(BaseModel):
    """One capture history and how many people had it."""

    lists: dict[str, int] = Field(..., examples=[{"A": 1, "B": 0, "C": 1}])
    count: int = 1


class EstimateRequest(BaseModel):
    """Either `histories` or `csv`, plus the method and its settings."""

    histories: list[HistoryIn] | None = None
    csv: str | None = Field(None, description="CSV text: 0/1 list columns and a count column")
    method: Literal["stepwise", "bic", "fixed", "main", "lcmcr"] = "stepwise"
    terms: str | list[str] | None = Field(None, examples=["A:B,B:C"])
    maxorder: int = Field(2, ge=2, le=6)
    pthresh: float = Field(0.02, gt=0, lt=1)
    bootstrap: int = Field(0, ge=0, le=5000)
    seed: int | None = None

    @model_validator(mode="after")
    def _one_source(self) -> EstimateRequest:
        if (self.histories is None) == (self.csv is None):
            raise ValueError("give exactly one of 'histories' or 'csv'")
        return self


@router.post("", summary="Estimate the hidden population from overlapping lists")
def create_estimate(
    body: EstimateRequest, actor: Actor = Depends(estimates_access)
) -> dict[str, Any]:
    """Run the estimate; bad input comes back as 422 problem+json naming the field."""
    if body.csv is not None:
        table = read_csv_text(body.csv)
    else:
        table = from_histories([h.model_dump() for h in body.histories or []])
    if body.method == "fixed" and body.terms is None:
        raise EstimationInputError("method 'fixed' needs terms", field="terms")
    result = estimate_population(
        table,
        body.method,
        terms=body.terms,
        maxorder=body.maxorder,
        pthresh=body.pthresh,
        bootstrap=body.bootstrap,
        seed=body.seed,
    )
    return result.to_dict()
