"""Marker for user-visible strings, so Babel can extract them before thb.i18n exists."""

from __future__ import annotations


def N_(text: str) -> str:
    """Mark `text` for translation without translating it now (translated at render time)."""
    return text
