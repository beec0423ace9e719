"""Queries behind the monthly statement: turnover over a range of months, the cost share
per income category, money out of the bank entry by entry, and a project's payments up to a
month. All sums run on the covering posting indexes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.period import Month
from ledger.store.schema import Account, Entry, Posting


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
