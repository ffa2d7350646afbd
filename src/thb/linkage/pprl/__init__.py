"""Privacy-preserving record linkage: keyed, hardened Bloom-filter encodings matched by Dice."""

from thb.linkage.pprl.clkfile import read_clk, write_clk
from thb.linkage.pprl.encode import EncodedRecords, encode_records
from thb.linkage.pprl.keys import key_fingerprint, read_secret
from thb.linkage.pprl.match import MatchResult, check_compatible, match_encodings
from thb.linkage.pprl.schema import PERSON_V1, FieldSpec, LinkageFileError, Schema, load_schema

__all__ = [
    "PERSON_V1",
    "EncodedRecords",
    "FieldSpec",
    "LinkageFileError",
    "MatchResult",
    "Schema",
    "check_compatible",
    "encode_records",
    "key_fingerprint",
    "load_schema",
    "match_encodings",
    "read_clk",
    "read_secret",
    "write_clk",
]
