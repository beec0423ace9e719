"""`verify` catches changes made behind the program's back (DESIGN.md §3, invariant 6).

Each test switches off the database's own defences for the tables it touches (on SQLite it
drops their triggers through the stdlib `sqlite3` module; on PostgreSQL it runs
`ALTER TABLE … DISABLE TRIGGER ALL` on an autocommit connection), changes stored rows, and
checks that `verify` reports the compound, the voucher and the rule of the first broken link.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager

import pytest
import sqlalchemy as sa

from ledger.domain.entry import EntryRecord, Line
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.services import entries, organisation
from ledger.services.verify import Finding, VerifyReport, verify
from ledger.store import books, org
from ledger.store.database import sqlite_path
from tests.conftest import Street
from tests.helpers import BANK, COST, PARKING, close_month, post, receive

V1, V2, V3 = "记-2024-06-0001", "记-2024-06-0002", "记-2024-06-0003"
OTHER = "另一花园"


@pytest.fixture
def s(street: Street) -> Street:
    """January locked (empty); June: two receipts and a cost paid from the bank."""
    close_month(street, Month(2024, 1))
    receive(street, dt.date(2024, 6, 3), 100_000)
    receive(street, dt.date(2024, 6, 5), 50_000)
    post(street, dt.date(2024, 6, 10), [Line(COST, 30_000), Line(BANK, -30_000)], "保洁费")
    return street


@contextmanager
def defences_off(s: Street, *tables: str) -> Iterator[None]:
    """Switch off the triggers of `tables`: dropped on SQLite, disabled on PostgreSQL."""
    if s.ctx.db.dialect == "sqlite":
        path = sqlite_path(s.ctx.db.url)
        assert path is not None
        with closing(sqlite3.connect(path)) as conn:
            names = [
                name
                for name, table in conn.execute(
                    "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
                )
                if table in tables
            ]
            for name in names:
                conn.execute(f"DROP TRIGGER {name}")
            conn.commit()
        yield
        return
    engine = sa.create_engine(s.ctx.db.url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for table in tables:
                conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        yield
        with engine.connect() as conn:
            for table in tables:
                conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER ALL")
    finally:
        engine.dispose()


def behind_the_back(s: Street, tables: tuple[str, ...], *statements: str) -> None:
    """Run `statements` with the defences of `tables` switched off, outside the program."""
    with defences_off(s, *tables):
        if s.ctx.db.dialect == "sqlite":
            path = sqlite_path(s.ctx.db.url)
            assert path is not None
            with closing(sqlite3.connect(path)) as conn:
                for sql in statements:
                    conn.execute(sql)
                conn.commit()
            return
        engine = sa.create_engine(s.ctx.db.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for sql in statements:
                conn.exec_driver_sql(sql)
        engine.dispose()


def first(report: VerifyReport) -> Finding:
    assert not report.ok
    return report.findings[0]


def audit_seq(s: Street, action: str, target: str) -> int:
    with s.ctx.db.read() as session:
        return int(
            session.execute(
                sa.text("SELECT seq FROM audit_log WHERE action = :a AND target = :t"),
                {"a": action, "t": target},
            ).scalar_one()
        )


def draft_of(s: Street, seq: int) -> str:
    with s.ctx.db.read() as session:
        draft = session.execute(sa.text("SELECT draft_id FROM entry WHERE seq = :q"), {"q": seq})
        return f"draft:{draft.scalar_one()}"


def test_untouched_books_verify_clean(s: Street) -> None:
    report = verify(s.ctx)
    assert report.ok, report.findings
    assert report.entries == 3


EDITS = {
    "posting-amounts": (
        ("posting",),
        [
            "UPDATE posting SET amount_fen = 60000 WHERE entry_seq = 2 AND line_no = 1",
            "UPDATE posting SET amount_fen = -60000 WHERE entry_seq = 2 AND line_no = 2",
        ],
        V2,
    ),
    "memo": (("entry",), ["UPDATE entry SET memo = '广告费' WHERE seq = 2"], V2),
    "date": (("entry",), ["UPDATE entry SET entry_date = '2024-06-06' WHERE seq = 2"], V2),
    "account-of-posting": (
        ("posting",),
        [
            "UPDATE posting SET account_id = (SELECT id FROM account WHERE code = '4302')"
            " WHERE entry_seq = 2 AND line_no = 2"
        ],
        V2,
    ),
    "account-code": (("account",), ["UPDATE account SET code = '5199' WHERE code = '5102'"], V3),
}


@pytest.mark.parametrize(("tables", "statements", "voucher"), EDITS.values(), ids=EDITS.keys())
def test_an_edited_voucher_breaks_the_hash_chain_at_that_voucher(
    s: Street, tables: tuple[str, ...], statements: list[str], voucher: str
) -> None:
    behind_the_back(s, tables, *statements)
    first_of(s, voucher, "哈希链")


def first_of(s: Street, voucher: str, rule: str) -> Finding:
    """The expected finding, compared on compound, voucher and rule (not on wording)."""
    found = first(verify(s.ctx))
    assert (found.compound, found.voucher, found.rule) == (s.compound, voucher, rule), found
    return found


def test_a_checker_set_to_the_maker_is_found_twice(s: Street) -> None:
    behind_the_back(s, ("entry",), f"UPDATE entry SET checker_id = {s.treasurer.id} WHERE seq = 2")
    first_of(s, V2, "哈希链")
    rules = {(f.voucher, f.rule) for f in verify(s.ctx).findings}
    assert (V2, "制单审核分离") in rules


def test_an_overdraft_made_by_editing_amounts_is_found_as_well(s: Street) -> None:
    behind_the_back(
        s,
        ("posting",),
        "UPDATE posting SET amount_fen = 200000 WHERE entry_seq = 3 AND line_no = 1",
        "UPDATE posting SET amount_fen = -200000 WHERE entry_seq = 3 AND line_no = 2",
    )
    first_of(s, V3, "哈希链")
    assert ("2024-06-10", "不得透支") in {(f.voucher, f.rule) for f in verify(s.ctx).findings}


def test_a_voucher_deleted_from_the_middle_breaks_the_chain_at_the_next_one(s: Street) -> None:
    behind_the_back(
        s,
        ("entry", "posting"),
        "DELETE FROM posting WHERE entry_seq = 2",
        "DELETE FROM entry WHERE seq = 2",
    )
    first_of(s, V3, "链条连续")
    rules = {f.rule for f in verify(s.ctx).findings if f.voucher == V3}
    assert {"哈希链", "凭证号连续"} <= rules


def test_the_newest_voucher_deleted_is_found_by_the_audit_cross_check(s: Street) -> None:
    behind_the_back(
        s,
        ("entry", "posting"),
        "DELETE FROM posting WHERE entry_seq = 3",
        "DELETE FROM entry WHERE seq = 3",
    )
    first_of(s, "链序号 3", "审计对账")
    findings = verify(s.ctx).findings
    # Besides the cross-check, only the month totals its two lines were counted in.
    assert [f.rule for f in findings if f.rule != "月度合计"] == ["审计对账"]
    assert sorted(f.voucher for f in findings if f.rule == "月度合计") == ["2024-06", "2024-06"]


def test_swapped_voucher_numbers_are_found(s: Street) -> None:
    behind_the_back(
        s,
        ("entry",),
        "UPDATE entry SET voucher_seq = 99 WHERE seq = 1",
        "UPDATE entry SET voucher_seq = 1 WHERE seq = 2",
        "UPDATE entry SET voucher_seq = 2 WHERE seq = 1",
    )
    first_of(s, V1, "凭证号连续")


def test_a_posting_moved_to_another_month_is_found(s: Street) -> None:
    behind_the_back(
        s,
        ("posting",),
        "UPDATE posting SET voucher_month = '2024-05' WHERE entry_seq = 2 AND line_no = 1",
    )
    first_of(s, V2, "凭证月份")


def test_edited_audit_details_break_the_audit_chain(s: Street) -> None:
    seq = audit_seq(s, "draft_entry", draft_of(s, 2))
    behind_the_back(
        s,
        ("audit_log",),
        f"UPDATE audit_log SET details = '{{}}' WHERE action = 'draft_entry' AND seq = {seq}",
    )
    first_of(s, f"审计#{seq}", "审计日志链")


def test_a_deleted_audit_record_breaks_the_audit_chain_at_the_next_one(s: Street) -> None:
    seq = audit_seq(s, "draft_entry", draft_of(s, 2))
    behind_the_back(
        s, ("audit_log",), f"DELETE FROM audit_log WHERE action = 'draft_entry' AND seq = {seq}"
    )
    first_of(s, f"审计#{seq + 1}", "审计日志链")


def test_an_edited_month_snapshot_is_found(s: Street) -> None:
    behind_the_back(s, ("period_lock",), f"UPDATE period_lock SET snapshot_hash = '{'0' * 64}'")
    first_of(s, "2024-01", "月结快照")


def test_a_forged_voucher_in_a_locked_month_is_found_though_its_chain_links(s: Street) -> None:
    s.clock.set(dt.date(2024, 7, 1))
    for month in range(2, 7):
        close_month(s, Month(2024, month))
    with defences_off(s, "entry", "posting"), s.ctx.db.write() as session:
        c = org.compound_by_name(session, s.compound)
        seq, prev = books.chain_head(session, c.id)
        record = EntryRecord(
            compound_id=c.id,
            seq=seq + 1,
            voucher_no="记-2024-06-0004",
            entry_date=dt.date(2024, 6, 20),
            kind="general",
            memo="补记",
            category=None,
            project_id=None,
            attachment_count=0,
            reverses_seq=None,
            reason=None,
            maker_id=s.treasurer.id,
            checker_id=s.checker.id,
            drafted_at=s.clock(),
            posted_at=s.clock(),
            lines=(Line(BANK, 1_000), Line(PARKING, -1_000)),
        )
        books.insert_entry(
            session,
            record,
            accounts=books.accounts_by_code(session, c.id),
            voucher_month=Month(2024, 6),
            voucher_seq=4,
            draft_id=None,
            prev_hash=prev,
            entry_hash=record.hash(prev),
        )
    first_of(s, "记-2024-06-0004", "结账后不得记账")
    rules = {(f.voucher, f.rule) for f in verify(s.ctx).findings}
    assert {("2024-06", "月结快照"), ("链序号 4", "审计对账")} <= rules


def test_tampering_with_one_compound_leaves_another_compound_verifying_clean(s: Street) -> None:
    organisation.create_compound(
        s.ctx,
        s.admin,
        street="测试街道",
        community="测试社区",
        name=OTHER,
        opened_on=dt.date(2024, 1, 1),
    )
    organisation.grant_role(s.ctx, s.admin, user="t", role=Role.TREASURER, compound=OTHER)
    organisation.grant_role(s.ctx, s.admin, user="c", role=Role.COMMITTEE, compound=OTHER)
    draft = entries.draft_entry(
        s.ctx,
        s.treasurer,
        compound=OTHER,
        date=dt.date(2024, 6, 10),
        memo="停车费",
        lines=[Line(BANK, 8_000), Line("4301", -8_000)],
    )
    entries.approve_entry(s.ctx, s.checker, draft)
    behind_the_back(
        s,
        ("entry",),
        "UPDATE entry SET memo = '广告费' WHERE seq = 2 AND compound_id = "
        "(SELECT id FROM compound WHERE name = '测试花园')",
    )
    assert verify(s.ctx, compound=OTHER).ok
    assert {f.compound for f in verify(s.ctx).findings} == {s.compound}
    first_of(s, V2, "哈希链")
