"""SQLAlchemy column types that encrypt on write and decrypt on read."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from thb.security import crypto


class EncryptedText(TypeDecorator[str]):
    """A string encrypted with the active keyring; `context` (table.column) binds it to its place."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return crypto.encrypt(str(value), self.context)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(value, self.context)


class EncryptedDate(TypeDecorator[date]):
    """A date stored as an encrypted ISO string."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return crypto.encrypt(value.isoformat(), self.context)

    def process_result_value(self, value: Any, dialect: Dialect) -> date | None:
        if value is None:
            return None
        return date.fromisoformat(crypto.decrypt(value, self.context))
