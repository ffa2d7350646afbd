"""Marking interface text for translation: Babel extracts N_("..."), templates translate it."""

from __future__ import annotations


def N_(text: str) -> str:
    """Mark `text` for translation without translating it now (translated at render time)."""
    return text
