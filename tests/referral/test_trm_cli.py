"""`thb trm`: keys, trust, outbox and receive, with packages carried between installations as files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests import factories as f
from thb.cli import app
from thb.db import make_engine, make_sessionmaker
from thb.migrations import upgrade
from thb.security import crypto

runner = CliRunner()


def _installation(tmp_path: Path, country: str) -> dict[str, str]:
    db = tmp_path / f"{country}.db"
    upgrade(f"sqlite:///{db}")
    with make_sessionmaker(make_engine(f"sqlite:///{db}")).begin() as session:
        focal = f.org(
            session, f"Focal {country}", country, org_type="CentralGovernmentOrganisation"
        )
        focal.is_focal_point = True
    keys = tmp_path / f"{country}-keys.json"
    crypto.Keyring.generate().save(keys)
    return {
        "THB_DATABASE_URL": f"sqlite:///{db}",
        "THB_KEY_FILE": str(keys),
        "THB_COUNTRY": country,
    }


def test_keys_trust_and_refused_packages(tmp_path: Path, keyring: crypto.Keyring) -> None:
    ro, bg = _installation(tmp_path, "RO"), _installation(tmp_path, "BG")
    try:
        shown = runner.invoke(app, ["trm", "keys", "--output", str(tmp_path / "ro.pub")], env=ro)
        assert shown.exit_code == 0, shown.output
        assert "fingerprint" in shown.output
        again = runner.invoke(app, ["trm", "keys"], env=ro)  # the same key pair, not a new one
        assert (
            json.loads((tmp_path / "ro.pub").read_text())["public_key"]["fingerprint"]
            in again.output
        )
        assert runner.invoke(app, ["trm", "trust", str(tmp_path / "ro.pub")], env=bg).exit_code == 0
        twice = runner.invoke(app, ["trm", "trust", str(tmp_path / "ro.pub")], env=bg)
        assert twice.exit_code != 0 and "already trusted" in twice.output
        forged = tmp_path / "forged.thbpkg"
        forged.write_text('{"version": 1, "id": "x"}')
        refused = runner.invoke(app, ["trm", "receive", str(forged)], env=bg)
        assert refused.exit_code == 1 and "refused" in refused.output
        empty = runner.invoke(app, ["trm", "outbox", str(tmp_path / "out")], env=ro)
        assert empty.exit_code == 0 and "0 packages" in empty.output
    finally:
        crypto.install_keyring(keyring)
