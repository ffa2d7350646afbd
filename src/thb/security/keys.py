"""Key rotation: every encrypted value re-encrypted under a new key, in one transaction."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, Table, Text, select, update
from sqlalchemy.orm import Session

from thb.security import crypto
from thb.security.types import EncryptedDate, EncryptedText


def encrypted_columns(metadata: MetaData) -> dict[str, list[tuple[str, str]]]:
    """Table name -> [(column, encryption context)] for every encrypted column."""
    found: dict[str, list[tuple[str, str]]] = {}
    for table in metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText | EncryptedDate):
                found.setdefault(table.name, []).append((column.name, column.type.context))
    return found


def reencrypt_all(
    session: Session, metadata: MetaData, old: crypto.Keyring, new: crypto.Keyring
) -> int:
    """Re-encrypt every stored value from `old` to `new`'s current key; returns values rewritten."""
    count = 0
    for table_name, columns in encrypted_columns(metadata).items():
        raw = Table(table_name, MetaData(), Column("id", Integer, primary_key=True),
                    *(Column(name, Text) for name, _ in columns))  # fmt: skip
        for row in session.execute(select(raw)).all():
            values = {}
            for name, context in columns:
                token = getattr(row, name)
                if token is None or crypto.key_id_of(token) == new.current:
                    continue
                plain = crypto.decrypt(token, context, old)
                values[name] = crypto.encrypt(plain, context, new)
            if values:
                session.execute(update(raw).where(raw.c.id == row.id).values(**values))
                count += len(values)
    return count
