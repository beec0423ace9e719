"""TUI fixtures: the demo street up to 2023-06 built once per test run, copied for each test
that may write, and a harness app that shows one screen for a signed-in user."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.domain.period import Month
from ledger.domain.rules import RuleBook
from ledger.services.access import authenticate
from ledger.services.context import Context
from ledger.store.database import Database
from tests.conftest import FixedClock, demo_books
from tui.session import Session

DEMO_UNTIL = Month(2023, 6)
TODAY = dt.date(2023, 7, 10)  # the demo's "today": June prepared, July open
PASSWORD = "demo"


@pytest.fixture(scope="session")
def tui_demo_db(tmp_path_factory: pytest.TempPathFactory, rules: RuleBook) -> Path:
    return demo_books(tmp_path_factory, rules, DEMO_UNTIL)


@pytest.fixture
def tui_ctx(tui_demo_db: Path, tmp_path: Path, rules: RuleBook) -> Iterator[Context]:
    """A private copy of the demo books (tests may write), with a fixed clock."""
    path = tmp_path / "demo.db"
    shutil.copy(tui_demo_db, path)
    clock = FixedClock(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 2, 0, tzinfo=dt.UTC))
    db = Database(str(path))
    yield Context(db=db, rules=rules, clock=clock)
    db.dispose()


def session_for(ctx: Context, user: str, compound: str = "迎宾花苑") -> Session:
    return Session(ctx=ctx, actor=authenticate(ctx, user, PASSWORD), compound=compound)
