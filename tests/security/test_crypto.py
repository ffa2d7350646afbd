"""Field encryption, blind index, key rotation and the raw-database grep."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests import factories as f
from thb.db import make_engine, make_sessionmaker
from thb.registry import models as m
from thb.registry import service as registry
from thb.schema import metadata
from thb.security import crypto, keys

NAME = "Zsófiaqx"  # a synthetic, unmistakable given name
FAMILY = "Kovácsnéqx"


def test_round_trip_and_context_binding(keyring: crypto.Keyring) -> None:
    token = crypto.encrypt("Ionuț", "person.first_name")
    assert "Ionu" not in token and crypto.decrypt(token, "person.first_name") == "Ionuț"
    with pytest.raises(crypto.KeyringError, match="does not authenticate"):
        crypto.decrypt(token, "person.second_name")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(crypto.KeyringError):
        crypto.decrypt(tampered, "person.first_name")


def test_blind_index_ignores_case_and_accents_only() -> None:
    a = crypto.blind_index("Ionuț  Popescu", "x")
    assert a == crypto.blind_index("IONUT POPESCU", "x")
    assert a != crypto.blind_index("Ionut Popesku", "x")
    assert a != crypto.blind_index("Ionut Popescu", "y")


def test_keyring_file_round_trip(tmp_path: Path) -> None:
    ring = crypto.Keyring.generate()
    ring.save(tmp_path / "k.json")
    assert crypto.Keyring.from_json((tmp_path / "k.json").read_text()) == ring
    assert oct((tmp_path / "k.json").stat().st_mode)[-3:] == "600"
    with pytest.raises(crypto.KeyringError, match="not a THB key file"):
        crypto.Keyring.from_json("{}")


def test_raw_sqlite_file_never_contains_a_name(sqlite_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "grep.db"
    shutil.copy(sqlite_template, path)
    factory = make_sessionmaker(make_engine(f"sqlite:///{path}"))
    with factory.begin() as session:
        org = f.org(session, "Grep NGO")
        who = f.actor(session, "frontline", org)
        f.victim(session, who, first_name=NAME, second_name=FAMILY, email="zq@example.org")
        registry.add_child(session=session, actor=who, person_id=1, kind="notes",
                           data=registry.CHILDREN["notes"].create(text=f"met {NAME} at the station"))  # fmt: skip
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    for needle in (NAME, FAMILY, "zq@example.org", "Zsofiaqx"):
        assert needle.encode() not in raw and needle.encode("utf-16-le") not in raw
    with factory() as session:
        assert registry.find_by_name(
            session=session, actor=who, first_name="ZSOFIAQX", second_name=None
        )


def test_stored_values_are_ciphertext_on_every_backend(factory) -> None:
    with factory.begin() as session:
        org = f.org(session, "Query NGO")
        f.victim(session, f.actor(session, "frontline", org), first_name=NAME)
    with factory() as session:
        raw = session.execute(text("SELECT first_name, birth_date FROM person")).one()
        assert raw.first_name.startswith("v1:") and NAME not in raw.first_name
        assert raw.birth_date.startswith("v1:")
        assert session.scalar(select(m.Person.first_name)) == NAME


def test_key_rotation_reencrypts_everything(factory, keyring: crypto.Keyring) -> None:
    with factory.begin() as session:
        org = f.org(session, "Rotate NGO")
        f.victim(session, f.actor(session, "frontline", org), first_name=NAME)
    new = keyring.with_new_key()
    with factory.begin() as session:
        changed = keys.reencrypt_all(session, metadata, keyring, new)
    assert changed >= 3  # first name, second name, birth date
    retired = new.retire_old_keys()
    crypto.install_keyring(retired)
    try:
        with factory() as session:
            token = session.execute(text("SELECT first_name FROM person")).scalar_one()
            assert crypto.key_id_of(token) == new.current
            assert session.scalar(select(m.Person.first_name)) == NAME
            # blind index keeps working: the index key does not rotate with the encryption key
            assert session.scalar(select(m.Person.id).where(
                m.Person.first_name_index == crypto.blind_index(NAME, "person.first_name")))  # fmt: skip
    finally:
        crypto.install_keyring(keyring)
