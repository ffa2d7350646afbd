"""The README's commands exist as written: every `thb ...` line names a real command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thb.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands() -> list[list[str]]:
    """The command path (words before the first option or argument) of each `thb` line."""
    found = []
    for line in re.findall(r"^thb [^\n#]*", README.read_text(), flags=re.M):
        words = []
        for word in line.split()[1:]:
            if word.startswith("-") or not re.fullmatch(r"[a-z][a-z-]*", word) or word.isupper():
                break
            words.append(word)
        found.append(words)
    return found


def test_the_readme_starts_with_the_two_commands() -> None:
    text = README.read_text()
    first_block = text[text.index("```sh") : text.index("```", text.index("```sh") + 5)]
    assert "make run" in first_block and "make test" in first_block


@pytest.mark.parametrize("words", _commands(), ids=lambda w: " ".join(w))
def test_readme_command_exists(words: list[str]) -> None:
    result = CliRunner().invoke(app, [*words, "--help"])
    assert result.exit_code == 0, result.output
