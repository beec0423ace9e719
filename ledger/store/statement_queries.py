"""Queries behind the monthly statement: turnover over a range of months, the cost share
per income category, money out of the bank entry by entry, and a project's payments up to a
month. The account figures come from `month_total`; the other sums run on the covering
posting indexes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ledger.domain.period import Month
from ledger.store.schema import Account, Entry, MonthTotal, Posting


def turnover_between(
    session: Session, compound_id: int, first: Month | None, last: Month
) -> dict[int, tuple[int, int]]:
    """Debit and credit totals of every account from `first` (None: the start) to `last`."""
    pos = func.sum(func.abs(Posting.amount_fen) + Posting.amount_fen) / 2
    neg = func.sum(func.abs(Posting.amount_fen) - Posting.amount_fen) / 2
    q = select(Posting.account_id, pos, neg).where(
        Posting.compound_id == compound_id, Posting.voucher_month <= str(last)
    )
    if first is not None:
        q = q.where(Posting.voucher_month >= str(first))
    rows = session.execute(q.group_by(Posting.account_id)).all()
    return {a: (int(d), int(c)) for a, d, c in rows}


@dataclass(frozen=True)
class AccountSums:
    """One account's figures for a monthly statement: the balance before the month (debit
    positive) and (debit, credit) totals of the month, of the year to date and since the start."""

    before: int
    month: tuple[int, int]
    ytd: tuple[int, int]
    total: tuple[int, int]


def account_sums(session: Session, compound_id: int, month: Month) -> dict[int, AccountSums]:
    """Every account's `AccountSums` through `month`, in one query over `month_total` (a few
    rows a month, kept in step with the postings) instead of the compound's whole history."""
    m, first = str(month), str(Month(month.year, 1))
    debit, credit = MonthTotal.debit_fen, MonthTotal.credit_fen
    in_month = MonthTotal.voucher_month == m
    in_year = MonthTotal.voucher_month >= first

    def when(cond: Any, value: Any) -> Any:
        return func.coalesce(func.sum(case((cond, value), else_=0)), 0)

    rows = session.execute(
        select(
            MonthTotal.account_id,
            when(MonthTotal.voucher_month < m, debit - credit),
            when(in_month, debit),
            when(in_month, credit),
            when(in_year, debit),
            when(in_year, credit),
            func.sum(debit),
            func.sum(credit),
        )
        .where(MonthTotal.compound_id == compound_id, MonthTotal.voucher_month <= m)
        .group_by(MonthTotal.account_id)
    ).all()
    return {
        a: AccountSums(int(b), (int(md), int(mc)), (int(yd), int(yc)), (int(td), int(tc)))
        for a, b, md, mc, yd, yc, td, tc in rows
    }


def category_amounts_month_and_ytd(
    session: Session, compound_id: int, account_id: int, month: Month
) -> tuple[dict[str, int], dict[str, int]]:
    """`category_amounts` for the month and for the year to date, in one query."""
    first = str(Month(month.year, 1))
    amount = Posting.amount_fen
    rows = session.execute(
        select(
            Entry.category,
            func.sum(case((Posting.voucher_month == str(month), amount), else_=0)),
            func.sum(amount),
        )
        .join(Entry, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq))
        .where(
            Posting.compound_id == compound_id,
            Posting.account_id == account_id,
            Posting.voucher_month >= first,
            Posting.voucher_month <= str(month),
        )
        .group_by(Entry.category)
    ).all()
    now = {str(k): int(v) for k, v, _ in rows if k is not None}
    ytd = {str(k): int(v) for k, _, v in rows if k is not None}
    return now, ytd


def category_amounts(
    session: Session, compound_id: int, account_id: int, first: Month, last: Month
) -> dict[str, int]:
    """Sum of one account's postings per entry category over the months (debit positive)."""
    rows = session.execute(
        select(Entry.category, func.sum(Posting.amount_fen))
        .join(Entry, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq))
        .where(
            Posting.compound_id == compound_id,
            Posting.account_id == account_id,
            Posting.voucher_month >= str(first),
            Posting.voucher_month <= str(last),
        )
        .group_by(Entry.category)
    ).all()
    return {str(k): int(v) for k, v in rows if k is not None}


def bank_movements(
    session: Session, compound_id: int, bank_id: int, month: Month
) -> list[tuple[Entry, int, str]]:
    """Entries of the month that moved money in or out of the bank: (entry, net, line memo)."""
    rows = session.execute(
        select(Entry, func.sum(Posting.amount_fen), func.max(Posting.memo))
        .join(
            Posting, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq)
        )
        .where(
            Entry.compound_id == compound_id,
            Entry.voucher_month == str(month),
            # The postings' own month (always the entry's, checked by the triggers and verify)
            # lets the covering index find the month's bank lines without the whole history.
            Posting.voucher_month == str(month),
            Posting.account_id == bank_id,
        )
        .group_by(Entry.compound_id, Entry.seq)
        .order_by(Entry.seq)
    ).all()
    return [(e, int(total), memo or "") for e, total, memo in rows]


def project_paid_through(session: Session, compound_id: int, project_id: int, month: Month) -> int:
    value = session.execute(
        select(func.sum(Posting.amount_fen))
        .join(Entry, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq))
        .join(Account, Account.id == Posting.account_id)
        .where(
            Entry.compound_id == compound_id,
            Entry.project_id == project_id,
            Account.role == "bank",
            Posting.voucher_month <= str(month),
        )
    ).scalar_one()
    return -int(value or 0)
