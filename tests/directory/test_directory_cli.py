"""`thb directory shelters` and `thb directory capacity` against a real database."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from tests.directory.helpers import shelter_setup
from thb.directory import service as directory
from thb.directory.cli import register


def test_board_and_capacity_from_the_command_line(factory, settings, monkeypatch) -> None:
    with factory.begin() as session:
        setup = shelter_setup(session, beds=3, reserved=3, spare=0)
    monkeypatch.setenv("THB_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("THB_KEY_FILE", str(settings.key_file))
    app = typer.Typer()
    register(app)
    app.command("version")(lambda: None)  # a second command keeps `directory` a sub-command
    runner = CliRunner()
    board = runner.invoke(app, ["directory", "shelters", "--country", "RO"])
    assert board.exit_code == 0, board.output
    assert "Iasi house" in board.output and "full" in board.output
    assert "Iasi house" not in runner.invoke(app, ["directory", "shelters", "--free"]).output
    refused = runner.invoke(app, ["directory", "capacity", str(setup.shelter_id), "2"])
    assert refused.exit_code == 1 and "3 beds are reserved" in refused.output
    done = runner.invoke(app, ["directory", "capacity", str(setup.shelter_id), "5"])
    assert done.exit_code == 0 and "5 beds, 2 free" in done.output
    with factory() as session:
        assert (
            directory.read_shelter(
                session=session, actor=setup.provider, shelter_id=setup.shelter_id
            ).free_beds
            == 2
        )
    bad = runner.invoke(app, ["directory", "shelters", "--country", "Romania"])
    assert bad.exit_code == 1 and "country" in bad.output
