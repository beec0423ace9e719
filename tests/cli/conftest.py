"""The command-line tests' fixtures: one small demo street per module, a private copy per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ledger.cli.app import main
from tests.cli.support import UNTIL


def _quiet_env(mp: pytest.MonkeyPatch) -> None:
    mp.setenv("LEDGER_PASSWORD", "demo")
    for name in ("LEDGER_DB", "LEDGER_RULES"):
        mp.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    _quiet_env(monkeypatch)


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo street up to 2022-06 (two compounds), built once per test module. Read only."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        _quiet_env(mp)
        assert main(["demo", "--db", str(path), "--until", UNTIL]) == 0
    return path


@pytest.fixture
def books(demo_source: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo database file (the file only, nothing else)."""
    target = tmp_path / "books.db"
    shutil.copyfile(demo_source, target)
    return target
