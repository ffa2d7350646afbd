"""Fixtures: the published reference data sets in /work/shared/data/mse (or THB_SHARED_DIR)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from thb.estimate.data import CaptureTable, read_csv


def _mse_dir() -> Path:
    env = os.environ.get("THB_SHARED_DIR")
    if env:  # the shared folder, or the mse folder itself
        nested = Path(env) / "data" / "mse"
        return nested if nested.is_dir() else Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "mse"


@pytest.fixture(scope="session")
def mse_dir() -> Path:
    path = _mse_dir()
    if not (path / "reference.json").is_file():
        message = f"reference data folder {path} is missing (set THB_SHARED_DIR)"
        if os.environ.get("CI"):  # CI lays shared/ beside the clone: never validate nothing there
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def reference(mse_dir: Path) -> dict[str, Any]:
    return json.loads((mse_dir / "reference.json").read_text())


@pytest.fixture(scope="session")
def load(mse_dir: Path):  # noqa: ANN201
    def _load(name: str) -> CaptureTable:
        return read_csv(mse_dir / name)

    return _load


@pytest.fixture(scope="session")
def ref_row(reference: dict[str, Any]):  # noqa: ANN201
    def _row(file: str, method: str) -> dict[str, Any]:
        rows = reference["results"]
        return next(r for r in rows if r["file"] == file and r["method"] == method)

    return _row
