"""Matching and reconciliation as an accounting story (SQLite and PostgreSQL).

January: parking income booked on the 10th, the cleaning bill paid on the 20th (the bank
executes it on the 21st), a receipt booked on the 31st that the bank credits on 1 February,
and a fee the bank takes on the 31st that nobody has booked yet. Matching pairs what agrees,
drafts the fee (a draft, never a posting), lists the receipt with no bank line; the
reconciliation explains the difference by the items in transit on each side, and only a
zero difference lets the treasurer prepare the month."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from ledger.domain.closing import MonthState
from ledger.domain.entry import Line
from ledger.domain.errors import NotFound, WrongState
from ledger.domain.period import Month
from ledger.domain.reconciliation import BalanceSource, TransitKind
from ledger.services import bank_import, bank_match, entries, month_close, reconcile
from ledger.services.verify import verify
from tests.conftest import Street
from tests.helpers import BANK, COST, post, receive
from tests.services.bank_files import Row, statement
from tests.services.test_tamper import behind_the_back

D = dt.date
JAN = Month(2024, 1)
BANK_JAN: list[Row] = [
    (D(2024, 1, 10), "1月停车费", 100_000, "测试物业服务有限公司", "J1"),
    (D(2024, 1, 21), "保洁费", -30_000, "洁净保洁公司", "J2"),
    (D(2024, 1, 31), "账户管理费", -500, "", "J3"),
]


def books_of_january(s: Street) -> None:
    receive(s, D(2024, 1, 10), 100_000)
    post(s, D(2024, 1, 20), [Line(COST, 30_000), Line(BANK, -30_000)], "保洁费")
    receive(s, D(2024, 1, 31), 50_000)
    s.clock.set(D(2024, 2, 2))


def counts(s: Street) -> tuple[int, int, int]:
    with s.ctx.db.read() as session:
        return tuple(  # type: ignore[return-value]
            session.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
            for t in ("entry", "draft", "bank_match")
        )


def test_match_suggest_reconcile_and_prepare(street: Street) -> None:
    s = street
    books_of_january(s)
    bank_import.import_statement(
        s.ctx, s.treasurer, compound=s.compound, data=statement(BANK_JAN), filename="1月.csv"
    )
    out = bank_match.match_bank(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    assert [(m.serial, m.voucher, m.days_apart) for m in out.matched] == [
        ("J1", "记-2024-01-0001", 0),
        ("J2", "记-2024-01-0002", 1),
    ]
    fee = out.suggested[0]
    assert (fee.serial, fee.amount_fen) == ("J3", -500) and fee.draft_id is not None
    assert "银行手续费" in fee.note
    assert [(u.voucher, u.amount_fen) for u in out.unbanked] == [("记-2024-01-0003", 50_000)]
    # The suggestion is a draft by the treasurer: nothing was posted.
    assert counts(s) == (3, 4, 2)
    again = bank_match.match_bank(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    assert again.matched == [] and again.suggested[0].draft_id is None
    assert "已有待审核的建议草稿" in again.suggested[0].note
    assert counts(s) == (3, 4, 2)

    r = reconcile.reconcile(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    assert r.source is BalanceSource.STATEMENT
    assert (r.bank_balance_fen, r.ledger_balance_fen) == (69_500, 120_000)
    assert [(i.kind, i.amount_fen, i.ref) for i in r.items] == [
        (TransitKind.BANK_OUT, 500, "J3"),
        (TransitKind.BOOKS_IN, 50_000, "记-2024-01-0003"),
    ]
    assert (r.adjusted_bank_fen, r.adjusted_ledger_fen, r.difference_fen) == (119_500, 119_500, 0)
    month_close.prepare_month(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    assert month_close.month_status(s.ctx, s.compound, JAN).state is MonthState.PREPARED
    # Once prepared, the month's reconciliation stands until the month is sent back.
    with pytest.raises(WrongState, match="已编制月结"):
        reconcile.reconcile(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    assert verify(s.ctx).ok


def test_february_matches_the_receipt_in_transit_and_the_fee_booked_late(street: Street) -> None:
    s = street
    books_of_january(s)
    feb: list[Row] = [(D(2024, 2, 1), "停车费", 50_000, "测试物业服务有限公司", "F1")]
    data = statement(BANK_JAN + feb)
    bank_import.import_statement(
        s.ctx, s.treasurer, compound=s.compound, data=data, filename="x.csv"
    )
    post(
        s, D(2024, 2, 2), [Line("5301", 500), Line(BANK, -500)], "1月账户管理费（银行1月31日扣收）"
    )
    s.clock.set(D(2024, 3, 1))
    out = bank_match.match_bank(s.ctx, s.treasurer, compound=s.compound)
    assert {m.serial: m.days_apart for m in out.matched} == {"J1": 0, "J2": 1, "J3": 2, "F1": 1}
    assert out.suggested == [] and out.unbanked == []
    jan = reconcile.reconcile(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    # The same in-transit items, now through the matches across the month end.
    assert [(i.kind, i.amount_fen) for i in jan.items] == [
        (TransitKind.BANK_OUT, 500),
        (TransitKind.BOOKS_IN, 50_000),
    ]
    feb_r = reconcile.reconcile(s.ctx, s.treasurer, compound=s.compound, month=Month(2024, 2))
    assert feb_r.items == () and feb_r.bank_balance_fen == feb_r.ledger_balance_fen == 119_500


def test_partial_payments_are_not_matched_to_the_whole_but_explained(street: Street) -> None:
    s = street
    post(s, D(2024, 1, 15), [Line(BANK, 120_000), Line("4304", -120_000)], "张三 1月场地租金")
    s.clock.set(D(2024, 2, 2))
    paid: list[Row] = [
        (D(2024, 1, 15), "场地租金（部分）", 70_000, "张三", "P1"),
        (D(2024, 1, 20), "场地租金（余款）", 50_000, "张三", "P2"),
    ]
    bank_import.import_statement(
        s.ctx, s.treasurer, compound=s.compound, data=statement(paid), filename="p.csv"
    )
    out = bank_match.match_bank(s.ctx, s.treasurer, compound=s.compound)
    assert out.matched == []
    assert [x.serial for x in out.suggested] == ["P1", "P2"]
    assert all("场地租金" in x.note for x in out.suggested)
    r = reconcile.reconcile(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    assert r.total(TransitKind.BANK_IN) == 120_000 and r.total(TransitKind.BOOKS_IN) == 120_000
    assert r.difference_fen == 0


def test_a_difference_blocks_preparing_the_month(street: Street) -> None:
    s = street
    books_of_january(s)
    with pytest.raises(NotFound, match="还没有导入"):
        reconcile.reconcile(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    r = reconcile.reconcile(
        s.ctx, s.treasurer, compound=s.compound, month=JAN, bank_balance_fen=119_900
    )
    assert r.source is BalanceSource.TYPED and r.difference_fen == -100
    with pytest.raises(WrongState) as caught:
        month_close.prepare_month(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    assert (
        "差额 -1.00" in caught.value.message
        and "reconcile --compound 测试花园 --month 2024-01" in caught.value.message
    )
    assert month_close.month_status(s.ctx, s.compound, JAN).state is MonthState.OPEN
    with s.ctx.db.read() as session:
        typed_by = session.execute(sa.text("SELECT typed_by FROM bank_reconciliation")).scalar_one()
    assert typed_by == s.treasurer.id
    # A correct figure typed again makes a newer reconciliation, and that one counts.
    reconcile.reconcile(
        s.ctx, s.treasurer, compound=s.compound, month=JAN, bank_balance_fen=120_000
    )
    month_close.prepare_month(s.ctx, s.treasurer, compound=s.compound, month=JAN)


def test_reconciliations_are_append_only_in_the_database(street: Street) -> None:
    s = street
    books_of_january(s)
    reconcile.reconcile(
        s.ctx, s.treasurer, compound=s.compound, month=JAN, bank_balance_fen=120_000
    )
    with pytest.raises(Exception, match="append-only"), s.ctx.db.write() as session:
        session.execute(sa.text("UPDATE bank_reconciliation SET difference_fen = 0"))
    with pytest.raises(Exception, match="append-only"), s.ctx.db.write() as session:
        session.execute(sa.text("DELETE FROM bank_reconciliation"))


def test_a_reversal_pair_touching_the_bank_needs_no_bank_line(street: Street) -> None:
    s = street
    voucher = receive(s, D(2024, 1, 10), 100_000)
    s.clock.set(D(2024, 1, 11))
    draft = entries.reverse_entry(s.ctx, s.treasurer, voucher, reason="录错", compound=s.compound)
    entries.approve_entry(s.ctx, s.checker, draft)
    s.clock.set(D(2024, 2, 2))
    bank_import.import_statement(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        data=statement([(D(2024, 1, 5), "开户", 100, "", "Z")]),
        filename="z.csv",
    )
    # The mistaken receipt and its reversal cancel in the books; neither waits for the bank.
    assert (
        bank_match.match_bank(s.ctx, s.treasurer, compound=s.compound, suggest=False).unbanked == []
    )
    r = reconcile.reconcile(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    assert [(i.kind, i.ref) for i in r.items] == [(TransitKind.BANK_IN, "Z")]
    assert r.difference_fen == 0


def test_verify_finds_a_bank_line_or_a_reconciliation_changed_behind_the_back(
    street: Street,
) -> None:
    s = street
    books_of_january(s)
    data = statement(BANK_JAN)
    bank_import.import_statement(
        s.ctx, s.treasurer, compound=s.compound, data=data, filename="x.csv"
    )
    reconcile.reconcile(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    month_close.prepare_month(s.ctx, s.treasurer, compound=s.compound, month=JAN)
    assert verify(s.ctx).ok
    behind_the_back(
        s,
        ("bank_line", "bank_reconciliation"),
        "UPDATE bank_line SET balance_fen = balance_fen + 100 WHERE serial = 'J2'",
        "UPDATE bank_reconciliation SET difference_fen = 100",
    )
    found = [(f.rule, f.voucher, f.message) for f in verify(s.ctx).findings if f.rule == "bank"]
    assert any(v == "流水 J3" and "余额不连续" in m for _, v, m in found)
    assert any(v == "2024-01" and "数字对不上" in m for _, v, m in found)
    assert any(v == "2024-01" and "差额为 1.00" in m for _, v, m in found)
