"""Multiple systems estimation: how many victims no list has found (pure core, CLI and API)."""

from thb.estimate.data import CaptureTable, EstimationInputError
from thb.estimate.service import EstimateResult, estimate_population

__all__ = ["CaptureTable", "EstimationInputError", "EstimateResult", "estimate_population"]
