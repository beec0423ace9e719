"""The pure bank rules: running balance, date order, matching within the window and the
reconciliation arithmetic in integer fen."""

from __future__ import annotations

import datetime as dt

from ledger.domain.bank import (
    BankLine,
    check_order,
    check_running_balance,
    check_serials,
    in_date_order,
)
from ledger.domain.bank_match import BankItem, BookItem, Pair, match
from ledger.domain.period import Month
from ledger.domain.reconciliation import BalanceSource, Reconciliation, TransitKind, transit_item

D = dt.date


def line(row: int, day: int, amount: int, balance: int, serial: str = "") -> BankLine:
    return BankLine(row, serial or f"S{row}", D(2024, 1, day), amount, balance)


def test_running_balance_is_checked_line_by_line_and_reported_once_per_break() -> None:
    lines = [line(2, 1, 100, 100), line(3, 2, -30, 70), line(4, 3, 50, 125), line(5, 4, -25, 100)]
    problems = check_running_balance(lines, None)
    assert [p.where for p in problems] == ["第 4 行"]
    assert "相差 0.05" in problems[0].message
    # Against the last imported balance, the first line must follow on too.
    assert [p.where for p in check_running_balance(lines[:2], 1)] == ["第 2 行"]
    assert check_running_balance(lines[:2], 0) == []


def test_newest_first_exports_are_turned_round_and_order_and_serials_checked() -> None:
    newest_first = [line(2, 3, 5, 15), line(3, 2, 10, 10)]
    assert [x.row for x in in_date_order(newest_first)] == [3, 2]
    assert [
        p.where for p in check_order([line(2, 3, 1, 1), line(3, 4, 1, 2), line(4, 2, 1, 3)])
    ] == ["第 4 行"]
    twice = [line(2, 1, 1, 1, "A"), line(3, 2, 1, 2, "A")]
    assert [p.where for p in check_serials(twice)] == ["第 3 行"]


def bank(i: int, day: int, amount: int, text: str = "") -> BankItem:
    return BankItem(i, D(2024, 1, day), amount, text)


def book(seq: int, day: int, amount: int, text: str = "") -> BookItem:
    return BookItem(seq, D(2024, 1, day), amount, text)


def test_matching_needs_the_same_amount_and_direction_within_the_window() -> None:
    pairs = match(
        [bank(1, 10, 500), bank(2, 10, -500), bank(3, 20, 700)],
        [book(1, 13, 500), book(2, 10, 500), book(3, 16, 700)],
        3,
    )
    # Line 1 takes the same-day entry 2; entry 1 (3 days off) is left; -500 has no partner;
    # 700 is 4 days from its entry, outside the window.
    assert pairs == [Pair(1, 2, 0, 0)]
    assert match([bank(3, 20, 700)], [book(3, 16, 700)], 4) == [Pair(3, 3, 4, 0)]


def test_one_to_one_with_nearest_date_then_counterparty_as_tie_breaker() -> None:
    lines = [bank(1, 10, 500, "张三 摊位费"), bank(2, 10, 500, "李四 摊位费")]
    books = [book(7, 11, 500, "李四摊位费"), book(8, 11, 500, "张三摊位费")]
    pairs = match(lines, books, 3)
    assert {(p.line_id, p.entry_seq) for p in pairs} == {(1, 8), (2, 7)}
    # A partial payment never matches the whole: amounts must be equal.
    assert match([bank(1, 10, 600), bank(2, 12, 400)], [book(1, 10, 1000)], 3) == []


def test_reconciliation_arithmetic_with_items_in_transit_on_each_side() -> None:
    items = (
        transit_item(bank_side=True, amount_fen=-500, date=D(2024, 1, 31), ref="S9", text="手续费"),
        transit_item(bank_side=True, amount_fen=2_000, date=D(2024, 1, 31), ref="S8", text="利息"),
        transit_item(
            bank_side=False, amount_fen=50_000, date=D(2024, 1, 31), ref="记-1", text="停车费"
        ),
        transit_item(
            bank_side=False, amount_fen=-7_000, date=D(2024, 1, 30), ref="记-2", text="付款"
        ),
    )
    assert [i.kind for i in items] == list(TransitKind)[1::-1] + list(TransitKind)[2:]
    r = Reconciliation("甲", Month(2024, 1), 100_000, BalanceSource.STATEMENT, 55_500, items)
    assert r.adjusted_bank_fen == 100_000 + 50_000 - 7_000
    assert r.adjusted_ledger_fen == 55_500 + 2_000 - 500
    assert r.difference_fen == 143_000 - 57_000 and not r.balanced
    fixed = Reconciliation("甲", Month(2024, 1), 100_000, BalanceSource.STATEMENT, 141_500, items)
    assert fixed.balanced and fixed.as_json()["difference"] == "0.00"
    assert fixed.figures() == (100_000, 141_500, 2_000, 500, 50_000, 7_000, 0)
