"""A database at the first schema version, with books in it, upgrades to the newest version
on both engines and still verifies clean, with the same figures."""

from __future__ import annotations

import datetime as dt

from ledger.domain.rules import RuleBook
from ledger.services.verify import verify
from ledger.store import migrate
from tests import conftest
from tests.helpers import receive


def test_a_first_version_database_with_books_upgrades_and_verifies(
    db_url: str, rules: RuleBook
) -> None:
    s = conftest.make_street(db_url, rules)
    receive(s, dt.date(2024, 6, 3), 120_000)
    receive(s, dt.date(2024, 6, 4), 80_000)
    before = verify(s.ctx)
    assert before.ok
    # Back to the first version, keeping the books (later tables are empty here).
    migrate.downgrade(s.ctx.db, "0001")
    assert migrate.current_revision(s.ctx.db) == "0001"

    migrate.upgrade(s.ctx.db)
    assert migrate.is_current(s.ctx.db)
    after = verify(s.ctx)
    assert after.ok, after.findings
    assert after.digest == before.digest
    receive(s, dt.date(2024, 6, 5), 1_000)
    assert verify(s.ctx).ok
    s.ctx.db.dispose()
