"""Fixtures of the command-line reliability tests: a quiet environment and the demo street up
to 2022-06, built once per module (import both names into the test module)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.cli.app import main
from tests.cli.support import UNTIL


@pytest.fixture(autouse=True)
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGER_PASSWORD", "demo")
    monkeypatch.setenv("LEDGER_NEW_PASSWORD", "new-user-password")
    for name in ("LEDGER_DB", "LEDGER_RULES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo street up to 2022-06 (two compounds). Read only: tests copy it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LEDGER_PASSWORD", "demo")
        assert main(["demo", "--db", str(path), "--until", UNTIL]) == 0
    return path
