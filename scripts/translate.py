"""Refresh the message catalogue and report untranslated Danish strings (run: make translations-check)."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[1] / "src/thb/locales/da/LC_MESSAGES/thb.po"

if __name__ == "__main__":
    catalog = read_po(PO.open("rb"), locale="da")
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    print(f"{len(missing)} untranslated Danish strings")
    for msgid in missing:
        print(f"  {msgid}")
    sys.exit(1 if "--strict" in sys.argv and missing else 0)
