"""Synthetic data calibrated to the published EU-27 2017–2018 trafficking figures.

Seeded and deterministic; nothing here is real personal data.
"""

from __future__ import annotations

from thb.synth.marginals import marginals
from thb.synth.records import RECORD_COLUMNS, registration_records
from thb.synth.registry import SyntheticRegistry, generate
from thb.synth.simulate import SynthError

__all__ = [
    "RECORD_COLUMNS",
    "SynthError",
    "SyntheticRegistry",
    "generate",
    "marginals",
    "registration_records",
]
