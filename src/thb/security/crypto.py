"""Field encryption at rest (AES-GCM, keys outside the database, rotatable) and blind indexes.

Ciphertext format: ``v1:<key id>:<base64(nonce || ciphertext+tag)>``; the column name is the
associated data, so a value copied into another column does not decrypt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "v1"


class KeyringError(Exception):
    """The key material is missing, malformed, or does not open a value."""


@dataclass
class Keyring:
    """Encryption keys by id (the current one encrypts; all decrypt) and the blind-index key."""

    current: str
    keys: dict[str, bytes]
    index_key: bytes
    source: Path | None = field(default=None, compare=False)

    @classmethod
    def generate(cls, source: Path | None = None) -> Keyring:
        kid = secrets.token_hex(4)
        return cls(kid, {kid: AESGCM.generate_key(256)}, secrets.token_bytes(32), source)

    def to_json(self) -> str:
        return json.dumps(
            {
                "current": self.current,
                "keys": {k: _b64(v) for k, v in self.keys.items()},
                "index_key": _b64(self.index_key),
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str, source: Path | None = None) -> Keyring:
        try:
            data = json.loads(text)
            keys = {k: base64.b64decode(v) for k, v in data["keys"].items()}
            ring = cls(data["current"], keys, base64.b64decode(data["index_key"]), source)
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyringError(f"key file is not a THB key file: {exc}") from exc
        if ring.current not in ring.keys or any(len(k) != 32 for k in keys.values()):
            raise KeyringError("key file: the current key is missing or a key is not 256 bits")
        return ring

    def with_new_key(self) -> Keyring:
        """A keyring whose current key is new; old keys stay until re-encryption is done."""
        kid = secrets.token_hex(4)
        return Keyring(
            kid, {**self.keys, kid: AESGCM.generate_key(256)}, self.index_key, self.source
        )

    def retire_old_keys(self) -> Keyring:
        return Keyring(
            self.current, {self.current: self.keys[self.current]}, self.index_key, self.source
        )

    def save(self, path: Path) -> None:
        """Write atomically with owner-only permissions."""
        tmp = path.with_suffix(".tmp")
        tmp.write_text(self.to_json())
        os.chmod(tmp, 0o600)
        tmp.replace(path)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def keyring_from_secret(secret: str) -> Keyring:
    """A keyring derived from THB_SECRET_KEY (one passphrase or base64 key; no rotation file)."""
    master = hashlib.sha256(secret.encode("utf-8")).digest()
    enc = hmac.new(master, b"thb-field-encryption", hashlib.sha256).digest()
    idx = hmac.new(master, b"thb-blind-index", hashlib.sha256).digest()
    kid = hashlib.sha256(enc).hexdigest()[:8]
    return Keyring(kid, {kid: enc}, idx)


def load_or_create_keyring(secret: str | None, key_file: Path) -> Keyring:
    """THB_SECRET_KEY if set, else the key file (created on first use, mode 0600)."""
    if secret:
        return keyring_from_secret(secret)
    if key_file.exists():
        return Keyring.from_json(key_file.read_text(), source=key_file)
    ring = Keyring.generate(source=key_file)
    ring.save(key_file)
    return ring


_active: Keyring | None = None


def install_keyring(ring: Keyring) -> None:
    """Make `ring` the one encrypted columns use (set once at start-up by the app or the CLI)."""
    global _active
    _active = ring


def active_keyring() -> Keyring:
    if _active is None:
        raise KeyringError("no encryption key installed: set THB_SECRET_KEY or THB_KEY_FILE")
    return _active


def encrypt(plaintext: str, context: str, ring: Keyring | None = None) -> str:
    ring = ring or active_keyring()
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(ring.keys[ring.current]).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}:{ring.current}:{_b64(nonce + sealed)}"


def decrypt(token: str, context: str, ring: Keyring | None = None) -> str:
    ring = ring or active_keyring()
    try:
        prefix, kid, body = token.split(":", 2)
        raw = base64.b64decode(body)
        key = ring.keys[kid]
    except (ValueError, KeyError) as exc:
        raise KeyringError(f"{context}: value was encrypted with an unknown key or format") from exc
    if prefix != PREFIX:
        raise KeyringError(f"{context}: unsupported ciphertext version {prefix!r}")
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], context.encode()).decode()
    except InvalidTag as exc:
        raise KeyringError(
            f"{context}: value does not authenticate (tampered or wrong key)"
        ) from exc


def key_id_of(token: str) -> str:
    return token.split(":", 2)[1]


def normalise_for_index(value: str) -> str:
    """Exact look-up ignores case, accents and spacing, nothing else."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def blind_index(value: str, context: str, ring: Keyring | None = None) -> str:
    """Keyed HMAC of the normalised value: equal inputs match, nothing else leaks."""
    ring = ring or active_keyring()
    msg = f"{context}\x00{normalise_for_index(value)}".encode()
    return hmac.new(ring.index_key, msg, hashlib.sha256).hexdigest()[:32]
