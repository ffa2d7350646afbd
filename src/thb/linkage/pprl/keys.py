"""Key handling: one shared secret, independent per-field keys via HKDF, a public fingerprint."""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from thb.linkage.pprl.schema import LinkageFileError

SECRET_ENV = "THB_LINKAGE_SECRET"
MIN_SECRET_BYTES = 16
_HKDF_SALT = b"thb-pprl-v1"
_FINGERPRINT_LABEL = b"thb-pprl key fingerprint v1"


def derive_key(secret: bytes, purpose: str) -> bytes:
    """A 256-bit key for one purpose (a field, blocking, the fingerprint), independent of others."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=purpose.encode())
    return hkdf.derive(secret)


def key_fingerprint(secret: bytes) -> str:
    """HMAC of a fixed label under a derived key: shows two files share a key, reveals nothing."""
    key = derive_key(secret, "fingerprint")
    return hmac.new(key, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]


def read_secret(secret_file: Path | None) -> bytes:
    """The shared secret from a key file, else from THB_LINKAGE_SECRET; refuses short secrets."""
    if secret_file is not None:
        try:
            secret = Path(secret_file).read_bytes().strip()
        except OSError as exc:
            raise LinkageFileError(f"cannot read secret file {secret_file}: {exc}") from exc
        where = f"secret file {secret_file}"
    else:
        secret = os.environ.get(SECRET_ENV, "").strip().encode()
        where = f"environment variable {SECRET_ENV}"
        if not secret:
            raise LinkageFileError(f"no secret: give --secret-file or set {SECRET_ENV}")
    if len(secret) < MIN_SECRET_BYTES:
        raise LinkageFileError(
            f"{where} holds {len(secret)} bytes; the shared secret needs at least "
            f"{MIN_SECRET_BYTES} (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"
        )
    return secret
