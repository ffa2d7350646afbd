"""Encoding schemas: which fields go into a filter, how heavily, and how the filter is hardened."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

FieldKind = Literal["name", "date", "digits", "text", "category"]
_KINDS = ("name", "date", "digits", "text", "category")


class LinkageFileError(ValueError):
    """A schema or .clk file that is malformed, or two .clk files that cannot be compared."""


@dataclass(frozen=True)
class FieldSpec:
    """One encoded field: its source columns, token kind and weight (hash functions per token)."""

    name: str
    columns: tuple[str, ...]
    kind: FieldKind
    hashes: int
    salted: bool = False

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise LinkageFileError(f"field {self.name!r}: unknown kind {self.kind!r}")
        if not 1 <= self.hashes <= 64:
            raise LinkageFileError(f"field {self.name!r}: hashes must be 1..64, got {self.hashes}")
        if not self.columns:
            raise LinkageFileError(f"field {self.name!r}: needs at least one column")


@dataclass(frozen=True)
class Schema:
    """A named, versioned encoding recipe; both parties must use the identical schema."""

    name: str
    version: int
    fields: tuple[FieldSpec, ...]
    q: int = 2
    encoding_length: int = 1024
    xor_folds: int = 1
    salt_column: str | None = "birth_date"
    block_column: str | None = "birth_date"

    def __post_init__(self) -> None:
        n = self.encoding_length
        if n < 64 or n > 65536 or n & (n - 1):
            raise LinkageFileError(f"encoding_length must be a power of two in 64..65536, got {n}")
        if self.filter_length < 64:
            raise LinkageFileError("xor_folds leave fewer than 64 bits")
        if self.q < 1 or self.q > 4:
            raise LinkageFileError(f"q must be 1..4, got {self.q}")
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names) or not names:
            raise LinkageFileError(f"field names must be unique and non-empty: {names}")
        if any(f.salted for f in self.fields) and not self.salt_column:
            raise LinkageFileError("salted fields need a salt_column")

    @property
    def filter_length(self) -> int:
        """Bits per stored filter after XOR-folding."""
        return self.encoding_length >> self.xor_folds

    @property
    def columns(self) -> list[str]:
        """Input columns the schema reads (record_id aside)."""
        cols = [c for f in self.fields for c in f.columns]
        cols += [c for c in (self.salt_column, self.block_column) if c]
        return list(dict.fromkeys(cols))

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON description, written into every .clk header."""
        data = asdict(self)
        data["fields"] = [{**asdict(f), "columns": list(f.columns)} for f in self.fields]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Schema:
        """Rebuild a schema from its JSON description, with clear errors for bad input."""
        try:
            fields = tuple(
                FieldSpec(
                    name=f["name"],
                    columns=tuple(f["columns"]),
                    kind=f["kind"],
                    hashes=int(f["hashes"]),
                    salted=bool(f.get("salted", False)),
                )
                for f in data["fields"]
            )
            keys = ("q", "encoding_length", "xor_folds", "salt_column", "block_column")
            rest = {k: data[k] for k in keys if k in data}
            return cls(name=str(data["name"]), version=int(data["version"]), fields=fields, **rest)
        except (KeyError, TypeError) as exc:
            raise LinkageFileError(f"schema is missing or has a malformed entry: {exc}") from exc


PERSON_V1 = Schema(
    name="thb-person",
    version=1,
    fields=(
        FieldSpec("name", ("given_name", "family_name"), "name", hashes=12, salted=True),
        FieldSpec("birth_date", ("birth_date",), "date", hashes=14),
        FieldSpec("sex", ("sex",), "category", hashes=6, salted=True),
        FieldSpec("citizenship", ("citizenship",), "category", hashes=10, salted=True),
    ),
    encoding_length=1024,
    xor_folds=1,
)

BUILTIN_SCHEMAS = {PERSON_V1.name: PERSON_V1}


def load_schema(spec: str | Path | None) -> Schema:
    """A built-in schema by name, or a schema JSON file; the default person schema if None."""
    if spec is None:
        return PERSON_V1
    if str(spec) in BUILTIN_SCHEMAS:
        return BUILTIN_SCHEMAS[str(spec)]
    path = Path(spec)
    if not path.is_file():
        known = ", ".join(sorted(BUILTIN_SCHEMAS))
        raise LinkageFileError(f"schema {spec!r} is neither a built-in ({known}) nor a file")
    try:
        return Schema.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as exc:
        raise LinkageFileError(f"schema file {path} is not valid JSON: {exc}") from exc
