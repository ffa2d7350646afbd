"""Transnational referral packages between national focal points (TRM), signed and encrypted.

Each focal point has an Ed25519 signing key and an X25519 encryption key; public halves are
exchanged once (raw base64 plus a fingerprint read aloud or compared out of band). A package is
encrypted to the receiving focal point with an ephemeral X25519 key (ECDH -> HKDF-SHA256 ->
AES-256-GCM) and signed by the sender over every envelope field, so only the receiver can open it
and no password travels anywhere. Acknowledgements and status updates use the same `seal`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import uuid
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from thb.codes.referral import ReferralStatus, TransnationalMessageType
from thb.referral.errors import PackageError

VERSION = "thb-trm/1"
MAX_PACKAGE_BYTES = 8 * 1024 * 1024
ENVELOPE_FIELDS = (
    "version",
    "id",
    "created_at",
    "sender",
    "recipient",
    "ephemeral",
    "nonce",
    "ciphertext",
    "signature",
)
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any, name: str) -> bytes:
    if not isinstance(text, str):
        raise PackageError(f"package field {name!r} must be base64 text")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise PackageError(f"package field {name!r} is not valid base64") from None


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


@dataclass(frozen=True)
class PublicKeys:
    """A focal point's public halves, as exchanged between installations."""

    signing: Ed25519PublicKey
    encryption: X25519PublicKey

    @property
    def fingerprint(self) -> str:
        """SHA-256 over both raw keys, hex: compare it out of band when trusting a focal point."""
        raw = self.signing.public_bytes(*_RAW) + self.encryption.public_bytes(*_RAW)
        return hashlib.sha256(b"thb-trm-fp/1" + raw).hexdigest()

    def export(self) -> dict[str, str]:
        """Raw base64 keys plus the fingerprint, to publish or send to another focal point."""
        return {
            "signing": _b64(self.signing.public_bytes(*_RAW)),
            "encryption": _b64(self.encryption.public_bytes(*_RAW)),
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_export(cls, data: Mapping[str, str]) -> PublicKeys:
        """Import exported keys; a stated fingerprint must match the keys."""
        try:
            keys = cls(
                signing=Ed25519PublicKey.from_public_bytes(_unb64(data["signing"], "signing")),
                encryption=X25519PublicKey.from_public_bytes(
                    _unb64(data["encryption"], "encryption")
                ),
            )
        except KeyError as exc:
            raise PackageError(f"public key export lacks {exc.args[0]!r}") from None
        except ValueError as exc:
            if isinstance(exc, PackageError):
                raise
            raise PackageError(f"public key export holds an invalid key: {exc}") from None
        stated = data.get("fingerprint")
        if stated is not None and stated != keys.fingerprint:
            raise PackageError("public key fingerprint does not match the keys")
        return keys


@dataclass(frozen=True)
class FocalPointKeys:
    """A focal point's private keys; store `export_private()` encrypted, outside the database."""

    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey

    @classmethod
    def generate(cls) -> FocalPointKeys:
        """Fresh signing and encryption keys for a new installation's focal point."""
        return cls(signing=Ed25519PrivateKey.generate(), encryption=X25519PrivateKey.generate())

    def public(self) -> PublicKeys:
        """The public halves to give other focal points."""
        return PublicKeys(self.signing.public_key(), self.encryption.public_key())

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the public halves."""
        return self.public().fingerprint

    def export_private(self) -> dict[str, str]:
        """Raw base64 private keys (secret: encrypt at rest before storing)."""
        fmt = serialization.Encoding.Raw, serialization.PrivateFormat.Raw
        none = serialization.NoEncryption()
        return {
            "signing": _b64(self.signing.private_bytes(*fmt, none)),
            "encryption": _b64(self.encryption.private_bytes(*fmt, none)),
        }

    @classmethod
    def from_private(cls, data: Mapping[str, str]) -> FocalPointKeys:
        """Load keys saved with `export_private`."""
        try:
            return cls(
                signing=Ed25519PrivateKey.from_private_bytes(_unb64(data["signing"], "signing")),
                encryption=X25519PrivateKey.from_private_bytes(
                    _unb64(data["encryption"], "encryption")
                ),
            )
        except KeyError as exc:
            raise PackageError(f"private key export lacks {exc.args[0]!r}") from None


def _key(shared: bytes, header: Mapping[str, str]) -> bytes:
    info = b"thb-trm/1 aes-256-gcm " + _canonical(header)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def _header(envelope: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("version", "id", "created_at", "sender", "recipient", "ephemeral")
    return {k: envelope[k] for k in keys}


def seal(
    message: Mapping[str, Any],
    *,
    sender: FocalPointKeys,
    recipient_public: PublicKeys,
    message_type: TransnationalMessageType | str = TransnationalMessageType.REFERRAL,
    now: datetime | None = None,
    message_id: str | None = None,
) -> bytes:
    """Encrypt `message` for one focal point and sign the whole envelope as the sender."""
    mtype = TransnationalMessageType(message_type)
    if now is not None and now.tzinfo is None:
        raise PackageError("`now` must be a timezone-aware datetime")
    created = (now or datetime.now(UTC)).astimezone(UTC)
    try:
        plaintext = _canonical({"type": mtype.value, "body": dict(message)})
    except (TypeError, ValueError) as exc:
        raise PackageError(f"message is not JSON-serialisable: {exc}") from None
    ephemeral = X25519PrivateKey.generate()
    envelope: dict[str, Any] = {
        "version": VERSION,
        "id": message_id or str(uuid.uuid4()),
        "created_at": created.isoformat(),
        "sender": sender.fingerprint,
        "recipient": recipient_public.fingerprint,
        "ephemeral": _b64(ephemeral.public_key().public_bytes(*_RAW)),
    }
    header = _header(envelope)
    key = _key(ephemeral.exchange(recipient_public.encryption), header)
    nonce = os.urandom(12)
    envelope["nonce"] = _b64(nonce)
    envelope["ciphertext"] = _b64(AESGCM(key).encrypt(nonce, plaintext, _canonical(header)))
    envelope["signature"] = _b64(sender.signing.sign(_canonical(envelope)))
    return _canonical(envelope)


def _parse(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_PACKAGE_BYTES:
        raise PackageError(f"package larger than {MAX_PACKAGE_BYTES} bytes")
    try:
        envelope = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackageError("not a THB transnational package (not JSON)") from None
    if not isinstance(envelope, dict):
        raise PackageError("not a THB transnational package (not an object)")
    if envelope.get("version") != VERSION:
        raise PackageError(f"unsupported package version {envelope.get('version')!r}")
    if set(envelope) != set(ENVELOPE_FIELDS):
        raise PackageError(f"package fields must be exactly {', '.join(ENVELOPE_FIELDS)}")
    bad = [k for k in ENVELOPE_FIELDS if not isinstance(envelope[k], str)]
    if bad:
        raise PackageError(f"package field(s) {', '.join(bad)} must be text")
    return envelope


def _check_time(created_at: str, now: datetime, max_age: timedelta, skew: timedelta) -> datetime:
    try:
        created = datetime.fromisoformat(created_at)
    except ValueError:
        raise PackageError("package timestamp is not ISO 8601") from None
    if created.tzinfo is None:
        raise PackageError("package timestamp has no time zone")
    if created > now + skew:
        raise PackageError(f"package is dated in the future ({created_at})")
    if now - created > max_age:
        raise PackageError(f"package expired: created {created_at}, older than {max_age}")
    return created


def _verify(
    env: Mapping[str, str], recipient: FocalPointKeys, trusted: Mapping[str, PublicKeys]
) -> None:
    """Right recipient, trusted sender, valid signature over every other field."""
    if env["recipient"] != recipient.fingerprint:
        raise PackageError("package is addressed to another focal point")
    sender = trusted.get(env["sender"])
    if sender is None:
        raise PackageError(f"package is from an unknown sender {env['sender'][:16]}…")
    if sender.fingerprint != env["sender"]:
        raise PackageError("trusted-sender entry does not match its fingerprint")
    unsigned = {k: v for k, v in env.items() if k != "signature"}
    try:
        sender.signing.verify(_unb64(env["signature"], "signature"), _canonical(unsigned))
    except InvalidSignature:
        raise PackageError("package signature is invalid (tampered or forged)") from None


def _decrypt(env: Mapping[str, str], recipient: FocalPointKeys) -> tuple[str, Any]:
    """Derive the key from the ephemeral public key and open the AES-GCM ciphertext."""
    header = _header(env)
    try:
        eph = X25519PublicKey.from_public_bytes(_unb64(env["ephemeral"], "ephemeral"))
        key = _key(recipient.encryption.exchange(eph), header)
        plain = AESGCM(key).decrypt(
            _unb64(env["nonce"], "nonce"),
            _unb64(env["ciphertext"], "ciphertext"),
            _canonical(header),
        )
    except (InvalidTag, ValueError) as exc:
        if isinstance(exc, PackageError):
            raise
        raise PackageError("package cannot be decrypted (tampered or wrong key)") from None
    try:
        inner = json.loads(plain)
        return TransnationalMessageType(inner["type"]), inner["body"]
    except (ValueError, KeyError, TypeError):
        raise PackageError("package content is not a THB message") from None


def open_package(
    data: bytes,
    *,
    recipient: FocalPointKeys,
    trusted_senders: Mapping[str, PublicKeys],
    seen_ids: Container[str] = frozenset(),
    now: datetime | None = None,
    max_age: timedelta = timedelta(days=7),
    max_skew: timedelta = timedelta(minutes=5),
) -> dict[str, Any]:
    """Verify and decrypt a package; the caller must then record the returned `id` as seen."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise PackageError("`now` must be a timezone-aware datetime")
    env = _parse(data)
    _verify(env, recipient, trusted_senders)
    created = _check_time(env["created_at"], now, max_age, max_skew)
    if env["id"] in seen_ids:
        raise PackageError(f"package {env['id']} was already received (replay)")
    mtype, body = _decrypt(env, recipient)
    return {
        "id": env["id"],
        "type": mtype,
        "created_at": created,
        "sender": env["sender"],
        "recipient": env["recipient"],
        "message": body,
    }


def acknowledgement(in_reply_to: str, *, received_at: datetime) -> dict[str, Any]:
    """The body of an acknowledgement that a referral package arrived and was opened."""
    return {"in_reply_to": in_reply_to, "received_at": received_at.astimezone(UTC).isoformat()}


def status_update(
    in_reply_to: str, *, status: ReferralStatus | str, at: datetime, note: str = ""
) -> dict[str, Any]:
    """The body of a status update (accepted, rejected, in progress …) on a referral."""
    return {
        "in_reply_to": in_reply_to,
        "status": ReferralStatus(status).value,
        "at": at.astimezone(UTC).isoformat(),
        "note": note,
    }
