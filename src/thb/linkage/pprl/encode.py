"""Turn person records into keyed, salted, XOR-folded Bloom-filter encodings (CLKs)."""

from __future__ import annotations

import hmac
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from thb.linkage.normalise import name_tokens, normalise_date, normalise_name
from thb.linkage.pprl.keys import derive_key, key_fingerprint
from thb.linkage.pprl.schema import FieldSpec, LinkageFileError, Schema

FORMAT = "thb-clk"
FORMAT_VERSION = 1
_CHUNK_ROWS = 20_000


@dataclass(frozen=True)
class EncodedRecords:
    """Record ids, bit-packed filters (uint64 rows), optional keyed block keys, and the header."""

    record_ids: np.ndarray
    filters: np.ndarray
    block_keys: np.ndarray | None
    header: dict[str, Any]

    def __len__(self) -> int:
        return len(self.record_ids)


def qgrams(text: str, q: int) -> list[str]:
    """Padded q-grams of one string, so that first and last letters carry weight too."""
    if not text:
        return []
    padded = "_" * (q - 1) + text + "_" * (q - 1)
    return [padded[i : i + q] for i in range(len(padded) - q + 1)]


def field_tokens(spec: FieldSpec, row: Mapping[Hashable, Any], q: int) -> set[str]:
    """The tokens of one field of one record; an empty set when the field is missing."""
    values = [row.get(c) for c in spec.columns]
    if spec.kind == "name":
        return {g for word in name_tokens(*values) for g in qgrams(word, q)}
    if spec.kind == "text":
        return set(qgrams(" ".join(normalise_name(v) for v in values).strip(), q))
    if spec.kind == "category":
        text = " ".join(normalise_name(v) for v in values).strip()
        return {text} if text else set()
    if spec.kind == "date":
        return date_tokens("".join(normalise_date(v) for v in values))
    digits = "".join(ch for v in values for ch in normalise_name(v) if ch.isdigit())
    return {f"{i}:{d}" for i, d in enumerate(digits)}  # positional digits: one typo, one token


def date_tokens(digits: str) -> set[str]:
    """Year, month, day and their pairs: one wrong part keeps half the tokens, not seven eighths."""
    parts = {"y": digits[:4], "m": digits[4:6], "d": digits[6:8]}
    parts = {k: v for k, v in parts.items() if len(v) == (4 if k == "y" else 2)}
    tokens = {f"{k}{v}" for k, v in parts.items()}
    keys = sorted(parts)
    tokens |= {f"{a}{parts[a]}{b}{parts[b]}" for a in keys for b in keys if a < b}
    return tokens


def birth_year(value: Any) -> str:
    """The per-record salt: the birth year, or '' when unknown."""
    digits = normalise_date(value)
    return digits[:4] if len(digits) >= 4 else ""


class _FieldHasher:
    """Maps (salt, token) to k bit positions with HMAC-SHA256: independent, not double hashing."""

    def __init__(self, key: bytes, hashes: int, length: int) -> None:
        self.key, self.hashes, self.mask = key, hashes, length - 1
        self.cache: dict[bytes, np.ndarray] = {}

    def positions(self, salt: str, token: str) -> np.ndarray:
        msg = salt.encode() + b"\x1f" + token.encode()
        hit = self.cache.get(msg)
        if hit is None:
            blocks = (self.hashes + 15) // 16
            raw = b"".join(hmac.digest(self.key, bytes([b]) + msg, "sha256") for b in range(blocks))
            hit = np.frombuffer(raw, dtype="<u2")[: self.hashes].astype(np.int64) & self.mask
            self.cache[msg] = hit
        return hit


def _record_positions(
    row: Mapping[Hashable, Any], schema: Schema, hashers: dict[str, _FieldHasher]
) -> np.ndarray:
    salt = birth_year(row.get(schema.salt_column)) if schema.salt_column else ""
    parts = [
        hashers[spec.name].positions(salt if spec.salted else "", token)
        for spec in schema.fields
        for token in sorted(field_tokens(spec, row, schema.q))
    ]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def _pack(rows: list[np.ndarray], schema: Schema) -> np.ndarray:
    bits = np.zeros((len(rows), schema.encoding_length), dtype=bool)
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    if lengths.sum():
        bits[np.repeat(np.arange(len(rows)), lengths), np.concatenate(rows)] = True
    for _ in range(schema.xor_folds):
        half = bits.shape[1] // 2
        bits = bits[:, :half] ^ bits[:, half:]
    packed = np.packbits(bits, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view("<u8").astype(np.uint64)


def _block_keys(values: Iterable[Any], secret: bytes) -> np.ndarray:
    """Keyed birth-year block keys for year-1, year, year+1 (0 = unknown year)."""
    key = derive_key(secret, "block:birth_year")
    out: list[tuple[int, ...]] = []
    for value in values:
        year = birth_year(value)
        if not year.isdigit():
            out.append((0, 0, 0))
            continue
        y = int(year)
        out.append(
            tuple(
                int.from_bytes(hmac.digest(key, str(y + d).encode(), "sha256")[:8], "little") | 1
                for d in (-1, 0, 1)
            )
        )
    return np.array(out, dtype=np.uint64).reshape(-1, 3)


def make_header(schema: Schema, secret: bytes, records: int) -> dict[str, Any]:
    """The JSON header of a .clk file: format, schema, parameters and key fingerprint."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": schema.name,
        "schema_version": schema.version,
        "fields": [f.name for f in schema.fields],
        "q": schema.q,
        "filter_length": schema.filter_length,
        "encoding_length": schema.encoding_length,
        "xor_folds": schema.xor_folds,
        "hashes": {f.name: f.hashes for f in schema.fields},
        "salt": f"birth year from {schema.salt_column}" if schema.salt_column else None,
        "block_keys": "birth year -1/0/+1" if schema.block_column else None,
        "key_fingerprint": key_fingerprint(secret),
        "records": records,
        "schema_definition": schema.to_dict(),
    }


def encode_records(records: pd.DataFrame, schema: Schema, secret: bytes) -> EncodedRecords:
    """Encode every record; refuses missing columns and duplicate or empty record ids."""
    missing = [c for c in ["record_id", *schema.columns] if c not in records.columns]
    if missing:
        raise LinkageFileError(f"input lacks column(s) {missing} required by schema {schema.name}")
    ids = records["record_id"].astype(str).to_numpy()
    bad = [i for i in ids if not i.strip() or "\t" in i or "\n" in i]
    if bad:
        raise LinkageFileError(f"invalid record_id {bad[0]!r} (empty or containing tab/newline)")
    dup = pd.Series(ids)[pd.Series(ids).duplicated()]
    if len(dup):
        raise LinkageFileError(f"duplicate record_id {dup.iloc[0]!r}")
    length = schema.encoding_length
    hashers = {
        f.name: _FieldHasher(derive_key(secret, f"field:{f.name}"), f.hashes, length)
        for f in schema.fields
    }
    rows = records[schema.columns].to_dict("records")
    chunks = [
        _pack([_record_positions(r, schema, hashers) for r in rows[i : i + _CHUNK_ROWS]], schema)
        for i in range(0, len(rows), _CHUNK_ROWS)
    ]
    words = schema.filter_length // 64
    filters = np.concatenate(chunks) if chunks else np.empty((0, words), dtype=np.uint64)
    blocks = _block_keys(records[schema.block_column], secret) if schema.block_column else None
    return EncodedRecords(ids, filters, blocks, make_header(schema, secret, len(ids)))
