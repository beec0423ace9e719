"""The report tests' fixtures: the demo street up to 2023-06, built once per test session and
only read (stories on a fresh street use the root conftest's `sqlite_street`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger.domain.period import Month
from ledger.domain.rules import RuleBook
from ledger.services.context import Context
from ledger.store.database import Database
from tests.conftest import FixedClock, demo_books

DEMO_UNTIL = Month(2023, 6)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, rules: RuleBook) -> Path:
    """The demo books up to 2023-06 (four compounds, the article's projects). Read only."""
    return demo_books(tmp_path_factory, rules, DEMO_UNTIL)


@pytest.fixture(scope="session")
def demo(demo_db: Path, rules: RuleBook) -> Iterator[Context]:
    """The demo read on a fixed day after it (10 July 2023), so what a report says "as of
    today" is the same in every run."""
    db = Database(str(demo_db))
    yield Context(db=db, rules=rules, clock=FixedClock(dt.datetime(2023, 7, 10, 2, tzinfo=dt.UTC)))
    db.dispose()
