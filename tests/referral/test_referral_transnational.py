"""Transnational packages between two THB installations (two focal-point key sets)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from thb.codes.referral import TransnationalMessageType
from thb.referral.errors import PackageError
from thb.referral.transnational import (
    ENVELOPE_FIELDS,
    VERSION,
    FocalPointKeys,
    PublicKeys,
    acknowledgement,
    open_package,
    seal,
    status_update,
)

NOW = datetime(2026, 10, 5, 14, 30, tzinfo=UTC)
REFERRAL = {
    "referral_id": "RO-2026-0042",
    "purpose": "SAFE_ACCOMMODATION",
    "person": {"first_name_or_alias": "Synthetic A.", "age_group": "ADULT", "languages": ["ro"]},
    "urgency": "urgent",
}


@pytest.fixture(scope="module")
def installations() -> dict[str, FocalPointKeys]:
    """Romania's and Italy's focal points, plus an outsider, each with its own keys."""
    return {name: FocalPointKeys.generate() for name in ("ro", "it", "mallory")}


def _exchange(keys: FocalPointKeys) -> PublicKeys:
    """What travels between installations: the exported public keys, re-imported."""
    return PublicKeys.from_export(json.loads(json.dumps(keys.public().export())))


def _send(inst: dict[str, FocalPointKeys], **kw: Any) -> bytes:
    return seal(REFERRAL, sender=inst["ro"], recipient_public=_exchange(inst["it"]), now=NOW, **kw)


def _open(inst: dict[str, FocalPointKeys], data: bytes, **kw: Any) -> dict[str, Any]:
    ro = _exchange(inst["ro"])
    kw.setdefault("trusted_senders", {ro.fingerprint: ro})
    kw.setdefault("now", NOW + timedelta(minutes=3))
    return open_package(data, recipient=inst["it"], **kw)


def test_round_trip(installations: dict[str, FocalPointKeys]) -> None:
    data = _send(installations)
    opened = _open(installations, data)
    assert opened["message"] == REFERRAL
    assert opened["type"] is TransnationalMessageType.REFERRAL
    assert opened["sender"] == installations["ro"].fingerprint
    assert opened["recipient"] == installations["it"].fingerprint
    assert opened["created_at"] == NOW
    assert b"Synthetic" not in data and b"RO-2026" not in data  # the content is encrypted


def test_acknowledgement_and_status_flow_back(installations: dict[str, FocalPointKeys]) -> None:
    opened = _open(installations, _send(installations))
    it, ro = installations["it"], installations["ro"]
    ack = seal(
        acknowledgement(opened["id"], received_at=NOW),
        sender=it,
        recipient_public=_exchange(ro),
        message_type="acknowledgement",
        now=NOW,
    )
    upd = seal(
        status_update(opened["id"], status="accepted", at=NOW, note="bed reserved"),
        sender=it,
        recipient_public=_exchange(ro),
        message_type=TransnationalMessageType.STATUS_UPDATE,
        now=NOW,
    )
    trusted = {it.fingerprint: _exchange(it)}
    got_ack = open_package(ack, recipient=ro, trusted_senders=trusted, now=NOW)
    got_upd = open_package(upd, recipient=ro, trusted_senders=trusted, now=NOW)
    assert got_ack["type"] is TransnationalMessageType.ACKNOWLEDGEMENT
    assert got_ack["message"]["in_reply_to"] == opened["id"]
    assert got_upd["type"] is TransnationalMessageType.STATUS_UPDATE
    assert got_upd["message"]["status"] == "accepted"
    with pytest.raises(ValueError):
        status_update("x", status="teleported", at=NOW)


def test_each_package_is_unique(installations: dict[str, FocalPointKeys]) -> None:
    a, b = _send(installations), _send(installations)
    ea, eb = json.loads(a), json.loads(b)
    for field in ("id", "ephemeral", "nonce", "ciphertext", "signature"):
        assert ea[field] != eb[field]


def _flip(text: str) -> str:
    """Change one base64 character (still valid base64) or one text character."""
    if text == VERSION:
        return "thb-trm/2"
    try:
        raw = bytearray(base64.b64decode(text, validate=True))
        raw[len(raw) // 2] ^= 0x01
        return base64.b64encode(bytes(raw)).decode()
    except ValueError:
        return text[:-1] + ("0" if text[-1] != "0" else "1")


@pytest.mark.parametrize("field", ENVELOPE_FIELDS)
def test_tampering_with_any_field_is_detected(
    installations: dict[str, FocalPointKeys], field: str
) -> None:
    envelope = json.loads(_send(installations))
    envelope[field] = _flip(envelope[field])
    with pytest.raises(PackageError):
        _open(installations, json.dumps(envelope).encode())


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.pop("nonce"),
        lambda e: e.update(extra="x"),
        lambda e: e.update(ciphertext=12),
        lambda e: e.update(signature="!!!not base64"),
        lambda e: e.update(created_at=(NOW - timedelta(seconds=1)).isoformat()),
        lambda e: e.update(id="another-id"),
    ],
)
def test_structural_tampering_is_detected(installations: dict[str, FocalPointKeys], change) -> None:
    envelope = json.loads(_send(installations))
    change(envelope)
    with pytest.raises(PackageError):
        _open(installations, json.dumps(envelope).encode())


def test_resigned_by_another_trusted_sender_cannot_be_opened(
    installations: dict[str, FocalPointKeys],
) -> None:
    """Mallory (trusted too) swaps in her fingerprint and signature: the key binding fails."""
    mallory = installations["mallory"]
    envelope = json.loads(_send(installations))
    envelope["sender"] = mallory.fingerprint
    unsigned = {k: v for k, v in envelope.items() if k != "signature"}
    body = json.dumps(unsigned, sort_keys=True, separators=(",", ":")).encode()
    envelope["signature"] = base64.b64encode(mallory.signing.sign(body)).decode()
    trusted = {p.fingerprint: p for p in (_exchange(installations["ro"]), _exchange(mallory))}
    with pytest.raises(PackageError, match="cannot be decrypted"):
        _open(installations, json.dumps(envelope).encode(), trusted_senders=trusted)


def test_wrong_recipient(installations: dict[str, FocalPointKeys]) -> None:
    data = _send(installations)
    ro = _exchange(installations["ro"])
    with pytest.raises(PackageError, match="addressed to another focal point"):
        open_package(
            data, recipient=installations["mallory"], trusted_senders={ro.fingerprint: ro}, now=NOW
        )


def test_unknown_sender(installations: dict[str, FocalPointKeys]) -> None:
    data = seal(
        REFERRAL,
        sender=installations["mallory"],
        recipient_public=_exchange(installations["it"]),
        now=NOW,
    )
    with pytest.raises(PackageError, match="unknown sender"):
        _open(installations, data)


def test_trusted_entry_must_match_its_fingerprint(installations: dict[str, FocalPointKeys]) -> None:
    ro = installations["ro"]
    wrong = {ro.fingerprint: _exchange(installations["mallory"])}
    with pytest.raises(PackageError, match="does not match"):
        _open(installations, _send(installations), trusted_senders=wrong)


def test_bad_version(installations: dict[str, FocalPointKeys]) -> None:
    envelope = json.loads(_send(installations))
    envelope["version"] = "thb-trm/0"
    with pytest.raises(PackageError, match="unsupported package version"):
        _open(installations, json.dumps(envelope).encode())


def test_replay(installations: dict[str, FocalPointKeys]) -> None:
    data = _send(installations)
    seen = {_open(installations, data)["id"]}
    with pytest.raises(PackageError, match="replay"):
        _open(installations, data, seen_ids=seen)


@pytest.mark.parametrize(
    ("delta", "message"),
    [(timedelta(days=8), "expired"), (timedelta(minutes=-10), "future")],
)
def test_expired_or_future(
    installations: dict[str, FocalPointKeys], delta: timedelta, message: str
) -> None:
    with pytest.raises(PackageError, match=message):
        _open(installations, _send(installations), now=NOW + delta)


@pytest.mark.parametrize("data", [b"", b"not json", b"[]", b'{"version": "thb-trm/1"}', b"\xff"])
def test_garbage_is_refused(installations: dict[str, FocalPointKeys], data: bytes) -> None:
    with pytest.raises(PackageError):
        _open(installations, data)


def test_public_key_export_import_and_fingerprint(installations: dict[str, FocalPointKeys]) -> None:
    ro = installations["ro"]
    exported = ro.public().export()
    assert set(exported) == {"signing", "encryption", "fingerprint"}
    assert len(base64.b64decode(exported["signing"])) == 32
    assert len(exported["fingerprint"]) == 64
    assert PublicKeys.from_export(exported).fingerprint == ro.fingerprint
    assert ro.fingerprint != installations["it"].fingerprint
    with pytest.raises(PackageError, match="fingerprint does not match"):
        PublicKeys.from_export({**exported, "fingerprint": "0" * 64})
    with pytest.raises(PackageError, match="lacks 'encryption'"):
        PublicKeys.from_export({"signing": exported["signing"]})
    with pytest.raises(PackageError, match="invalid key"):
        PublicKeys.from_export({"signing": "AAAA", "encryption": exported["encryption"]})


def test_private_keys_survive_export(installations: dict[str, FocalPointKeys]) -> None:
    it = installations["it"]
    restored = FocalPointKeys.from_private(it.export_private())
    assert restored.fingerprint == it.fingerprint
    opened = open_package(
        _send(installations),
        recipient=restored,
        trusted_senders={installations["ro"].fingerprint: _exchange(installations["ro"])},
        now=NOW,
    )
    assert opened["message"] == REFERRAL


def test_non_json_message_and_naive_clock_refused(installations: dict[str, FocalPointKeys]) -> None:
    it = _exchange(installations["it"])
    with pytest.raises(PackageError, match="JSON"):
        seal({"when": NOW}, sender=installations["ro"], recipient_public=it, now=NOW)
    with pytest.raises(PackageError, match="timezone-aware"):
        seal(REFERRAL, sender=installations["ro"], recipient_public=it, now=datetime(2026, 1, 1))
