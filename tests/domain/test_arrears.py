"""Receipts shared over contract periods, and arrears with their days overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.arrears import PeriodBalance, allocate_receipt, arrear_of, days_overdue
from ledger.domain.errors import InvalidAmount

D = dt.date


def period(key: str, expected: int, received: int = 0, pending: int = 0) -> PeriodBalance:
    month = int(key[5:])
    return PeriodBalance(key, f"{month}月", D(2024, month, 5), expected, 0, received, pending)


PERIODS = [
    period("2024-01", 300, received=300),
    period("2024-02", 300, 100),
    period("2024-03", 300),
]


def test_a_receipt_pays_the_oldest_open_period_first_and_splits_when_partial() -> None:
    parts = allocate_receipt(PERIODS, 350)
    assert [(p.key, fen) for p, fen in parts] == [("2024-02", 200), ("2024-03", 150)]


def test_a_named_period_takes_the_receipt_alone() -> None:
    parts = allocate_receipt(PERIODS, 100, "2024-03")
    assert [(p.key, fen) for p, fen in parts] == [("2024-03", 100)]


def test_money_held_by_a_pending_receipt_is_not_open_to_another() -> None:
    held = [period("2024-01", 300, pending=300), period("2024-02", 300)]
    assert [(p.key, fen) for p, fen in allocate_receipt(held, 300)] == [("2024-02", 300)]


@pytest.mark.parametrize(
    ("amount", "named", "message"),
    [
        (0, None, "必须大于零"),
        (-5, None, "必须大于零"),
        (501, None, "超过合同尚未收取的 5.00"),
        (301, "2024-03", "超过期间 2024-03 尚未收取的 3.00"),
    ],
)
def test_an_impossible_receipt_is_refused(amount: int, named: str | None, message: str) -> None:
    with pytest.raises(InvalidAmount, match=message):
        allocate_receipt(PERIODS, amount, named)


@given(
    st.lists(st.integers(1, 10_000), min_size=1, max_size=12),
    st.integers(1, 120_000),
)
def test_an_allocation_sums_to_the_receipt_and_overpays_nothing(
    expected: list[int], amount: int
) -> None:
    periods = [period(f"2024-{i + 1:02d}", e) for i, e in enumerate(expected)]
    if amount > sum(expected):
        with pytest.raises(InvalidAmount):
            allocate_receipt(periods, amount)
        return
    parts = allocate_receipt(periods, amount)
    assert sum(fen for _, fen in parts) == amount
    assert all(0 < fen <= p.open_fen for p, fen in parts)


def test_days_overdue_count_from_the_due_date_and_the_due_day_itself_is_not_late() -> None:
    assert days_overdue(D(2024, 3, 5), D(2024, 3, 4)) == 0
    assert days_overdue(D(2024, 3, 5), D(2024, 3, 5)) == 0
    assert days_overdue(D(2024, 3, 5), D(2024, 3, 6)) == 1
    assert days_overdue(D(2024, 2, 28), D(2024, 3, 1)) == 2  # a leap year's February


def test_an_arrear_is_due_and_unpaid_only() -> None:
    p = period("2024-03", 300, received=100)
    facts = {
        "contract_ref": "GG-1",
        "counterparty": "广告公司",
        "category": "广告",
        "kind_label": "直接收款",
    }
    assert arrear_of(p, D(2024, 3, 5), **facts) is None
    late = arrear_of(p, D(2024, 3, 15), **facts)
    assert late is not None and late.days_overdue == 10 and late.outstanding_fen == 200
    assert late.as_json()["outstanding"] == "2.00"
    paid = period("2024-03", 300, received=300)
    assert arrear_of(paid, D(2024, 6, 1), **facts) is None
