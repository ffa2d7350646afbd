"""The .clk file: a JSON header line, then one line per record (id, filter, block keys)."""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path

import numpy as np

from thb.linkage.pprl.encode import FORMAT, FORMAT_VERSION, EncodedRecords
from thb.linkage.pprl.schema import LinkageFileError


def write_clk(encoded: EncodedRecords, path: Path) -> None:
    """Write header and records; written to a temporary name first so no half file remains."""
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    filters = np.ascontiguousarray(encoded.filters.astype("<u8"))
    with tmp.open("w", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps(encoded.header, sort_keys=True) + "\n")
        for k, record_id in enumerate(encoded.record_ids):
            bits = base64.b64encode(filters[k].tobytes()).decode("ascii")
            blocks = ""
            if encoded.block_keys is not None:
                blocks = ",".join(f"{int(x):016x}" for x in encoded.block_keys[k])
            out.write(f"{record_id}\t{bits}\t{blocks}\n")
    tmp.replace(path)


def _parse_header(line: str, path: Path) -> dict:
    try:
        header = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LinkageFileError(f"{path}: first line is not a JSON header ({exc})") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise LinkageFileError(f"{path}: not a {FORMAT} file (format {header.get('format')!r})")
    if header.get("format_version") != FORMAT_VERSION:
        raise LinkageFileError(
            f"{path}: format_version {header.get('format_version')!r} is not supported "
            f"(this version reads {FORMAT_VERSION})"
        )
    length = header.get("filter_length")
    if not isinstance(length, int) or length <= 0 or length % 64:
        raise LinkageFileError(f"{path}: bad filter_length {length!r} in header")
    return header


def read_clk(path: Path) -> EncodedRecords:
    """Read and validate a .clk file; errors name the file, the line and what is wrong."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LinkageFileError(f"cannot read {path}: {exc}") from exc
    if not lines:
        raise LinkageFileError(f"{path}: empty file")
    header = _parse_header(lines[0], path)
    words = header["filter_length"] // 64
    ids, rows, blocks = [], [], []
    for n, line in enumerate(lines[1:], start=2):
        parts = line.split("\t")
        if len(parts) != 3:
            raise LinkageFileError(f"{path} line {n}: expected 3 tab-separated columns")
        try:
            raw = base64.b64decode(parts[1], validate=True)
            keys = [int(x, 16) for x in parts[2].split(",")] if parts[2] else []
        except (binascii.Error, ValueError) as exc:
            raise LinkageFileError(f"{path} line {n}: malformed filter or block keys") from exc
        if len(raw) != words * 8:
            bits = len(raw) * 8
            raise LinkageFileError(f"{path} line {n}: filter has {bits} bits, not {words * 64}")
        ids.append(parts[0])
        rows.append(np.frombuffer(raw, dtype="<u8"))
        blocks.append(keys)
    if header.get("records") != len(ids):
        said = header.get("records")
        raise LinkageFileError(f"{path}: header says {said} records, found {len(ids)}")
    filters = np.vstack(rows).astype(np.uint64) if rows else np.empty((0, words), np.uint64)
    block_keys = None
    if header.get("block_keys") and ids:
        if any(len(k) != 3 for k in blocks):
            raise LinkageFileError(f"{path}: every record needs 3 block keys")
        block_keys = np.array(blocks, dtype=np.uint64)
    return EncodedRecords(np.array(ids, dtype=object), filters, block_keys, header)
