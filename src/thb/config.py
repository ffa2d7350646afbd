"""Settings read from the environment once, at the edge; the core never reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where the data and the keys live, and the security knobs."""

    database_url: str = "sqlite:///thb.db"
    key_file: Path = Path(".thb-keys.json")
    secret_key: str | None = None  # THB_SECRET_KEY overrides the key file
    session_minutes: int = 60 * 8
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    secure_cookies: bool = False
    country: str = "RO"  # the installation's country (national focal point)
    languages: tuple[str, ...] = field(default=("en", "da"))


def load_settings() -> Settings:
    """Settings from THB_* environment variables."""
    env = os.environ
    return Settings(
        database_url=env.get("THB_DATABASE_URL", "sqlite:///thb.db"),
        key_file=Path(env.get("THB_KEY_FILE", ".thb-keys.json")),
        secret_key=env.get("THB_SECRET_KEY") or None,
        session_minutes=int(env.get("THB_SESSION_MINUTES", 60 * 8)),
        lockout_attempts=int(env.get("THB_LOCKOUT_ATTEMPTS", 5)),
        lockout_minutes=int(env.get("THB_LOCKOUT_MINUTES", 15)),
        secure_cookies=env.get("THB_SECURE_COOKIES", "0") == "1",
        country=env.get("THB_COUNTRY", "RO"),
    )
