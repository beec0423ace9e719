"""A database created by the first schema version, with books in it, upgrades to the newest
version on both engines and still verifies clean."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.domain.rules import RuleBook
from ledger.services.verify import verify
from ledger.store import migrate
from ledger.store.database import Database
from tests import conftest
from tests.helpers import receive


def test_a_first_version_database_with_books_upgrades_and_verifies(
    db_url: str, rules: RuleBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_upgrade = migrate.upgrade
    first = Database(db_url)
    real_upgrade(first, "0001")
    assert migrate.current_revision(first) == "0001"
    first.dispose()

    with monkeypatch.context() as patch:  # the street is set up on the old schema
        patch.setattr(migrate, "upgrade", lambda db, revision="0001": real_upgrade(db, revision))
        s = conftest.make_street(db_url, rules)
    receive(s, dt.date(2024, 6, 3), 120_000)
    receive(s, dt.date(2024, 6, 4), 80_000)
    assert migrate.current_revision(s.ctx.db) == "0001"
    before = verify(s.ctx)
    assert before.ok

    migrate.upgrade(s.ctx.db)
    assert migrate.is_current(s.ctx.db)
    after = verify(s.ctx)
    assert after.ok, after.findings
    assert after.digest == before.digest
    s.ctx.db.dispose()
