"""A database at the first schema version, with books in it, upgrades to the newest version
on both engines and still verifies clean, with the same figures."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ledger.domain.rules import RuleBook
from ledger.services.verify import verify
from ledger.store import migrate, org
from ledger.store.schema import AuditRecord
from ledger.store.schema_contracts import RevenueContract
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


def test_contract_and_bank_rows_from_before_0007_are_sealed_by_its_baseline(
    db_url: str, rules: RuleBook
) -> None:
    """Schema 0006 did not seal the contract and bank tables: a row there that no audit record
    seals is sealed by one `seal_baseline` record when 0007 is applied, on both engines."""
    s = conftest.make_street(db_url, rules)
    receive(s, dt.date(2024, 6, 3), 120_000)
    migrate.downgrade(s.ctx.db, "0006")
    with s.ctx.db.write() as session:
        c = org.compound_by_name(session, s.compound)
        session.add(
            RevenueContract(
                compound_id=c.id, ref="GG-1", counterparty="广告公司", kind="direct",
                category="advertising", frequency="monthly", amount_fen=300_000,
                start_on=dt.date(2024, 1, 1), due_day=5, deposit_fen=0, note="",
                created_by=s.treasurer.id, created_at=s.clock(),
            )
        )  # fmt: skip
    migrate.upgrade(s.ctx.db)
    report = verify(s.ctx)
    assert report.ok, report.findings
    with s.ctx.db.read() as session:
        actions = session.execute(sa.select(AuditRecord.action)).scalars().all()
    assert actions.count("seal_baseline") == 1
    # Ended behind the program's back (the one change the trigger lets through): found.
    with s.ctx.db.write() as session:
        session.execute(
            sa.text("UPDATE revenue_contract SET ended_on = :d, end_reason = '私下终止'"),
            {"d": dt.date(2024, 6, 30)},
        )
    assert [f.voucher for f in verify(s.ctx).findings] == ["收入合同#1"]
    s.ctx.db.dispose()
