"""Queries of bank statements, matches and reconciliations (the only SQL of issue 7's bank
half). A compound's statement lines are those of its own account number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.store.schema import Draft, Entry, Posting
from ledger.store.schema_bank import BankLineRow, BankMatch, BankReconciliation, BankSuggestion


def last_line(session: Session, compound_id: int, account_no: str) -> BankLineRow | None:
    return session.execute(
        select(BankLineRow)
        .where(BankLineRow.compound_id == compound_id, BankLineRow.account_no == account_no)
        .order_by(BankLineRow.seq.desc())
        .limit(1)
    ).scalar_one_or_none()


def lines_by_serial(
    session: Session, compound_id: int, account_no: str, serials: Iterable[str]
) -> dict[str, BankLineRow]:
    wanted = list(serials)
    found: dict[str, BankLineRow] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(BankLineRow).where(
                BankLineRow.compound_id == compound_id,
                BankLineRow.account_no == account_no,
                BankLineRow.serial.in_(wanted[start : start + 500]),
            )
        ).scalars()
        found.update({r.serial: r for r in rows})
    return found


def first_date(session: Session, compound_id: int, account_no: str) -> dt.date | None:
    return session.execute(
        select(func.min(BankLineRow.txn_date)).where(
            BankLineRow.compound_id == compound_id, BankLineRow.account_no == account_no
        )
    ).scalar_one()


def last_date(session: Session, compound_id: int, account_no: str) -> dt.date | None:
    return session.execute(
        select(func.max(BankLineRow.txn_date)).where(
            BankLineRow.compound_id == compound_id, BankLineRow.account_no == account_no
        )
    ).scalar_one()


def balance_line_through(
    session: Session, compound_id: int, account_no: str, day: dt.date
) -> BankLineRow | None:
    """The last line on or before `day`: its balance is the bank's balance that day."""
    return session.execute(
        select(BankLineRow)
        .where(
            BankLineRow.compound_id == compound_id,
            BankLineRow.account_no == account_no,
            BankLineRow.txn_date <= day,
        )
        .order_by(BankLineRow.seq.desc())
        .limit(1)
    ).scalar_one_or_none()


class BankEntry(NamedTuple):
    """A posted entry that moved the bank account, by its net movement (debit positive)."""

    seq: int
    date: dt.date
    net_fen: int
    voucher: str
    memo: str
    reverses_seq: int | None


def bank_entries_between(
    session: Session,
    compound_id: int,
    bank_account_id: int,
    first: dt.date,
    last: dt.date,
    *,
    unmatched: bool = False,
    unsettled_at: dt.date | None = None,
) -> list[BankEntry]:
    """`unmatched`: only entries no bank line matched; `unsettled_at`: only entries no bank
    line on or before that day matched (the books' items in transit at that day)."""
    query = (
        select(
            Entry.seq,
            Entry.entry_date,
            func.sum(Posting.amount_fen),
            Entry.voucher_no,
            Entry.memo,
            Entry.reverses_seq,
        )
        .join(
            Posting, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq)
        )
        .where(
            Entry.compound_id == compound_id,
            Posting.account_id == bank_account_id,
            Entry.entry_date >= first,
            Entry.entry_date <= last,
        )
        .group_by(Entry.seq, Entry.entry_date, Entry.voucher_no, Entry.memo, Entry.reverses_seq)
        .order_by(Entry.seq)
    )
    if unmatched:
        query = query.where(
            ~select(BankMatch.bank_line_id)
            .where(BankMatch.compound_id == compound_id, BankMatch.entry_seq == Entry.seq)
            .exists()
        )
    if unsettled_at is not None:
        query = query.where(
            ~select(BankMatch.bank_line_id)
            .join(BankLineRow, BankLineRow.id == BankMatch.bank_line_id)
            .where(
                BankMatch.compound_id == compound_id,
                BankMatch.entry_seq == Entry.seq,
                BankLineRow.txn_date <= unsettled_at,
            )
            .exists()
        )
    return [
        BankEntry(s, d, int(n), v, m, r)
        for s, d, n, v, m, r in session.execute(query).all()
        if int(n)
    ]


def unsettled_lines(
    session: Session, compound_id: int, account_no: str, first: dt.date, last: dt.date, at: dt.date
) -> list[BankLineRow]:
    """Lines from `first` to `last` that no entry on or before `at` matched (the bank's items
    in transit at that day)."""
    settled = (
        select(BankMatch.bank_line_id)
        .join(
            Entry,
            (Entry.compound_id == BankMatch.compound_id) & (Entry.seq == BankMatch.entry_seq),
        )
        .where(BankMatch.bank_line_id == BankLineRow.id, Entry.entry_date <= at)
        .exists()
    )
    return list(
        session.execute(
            select(BankLineRow)
            .where(
                BankLineRow.compound_id == compound_id,
                BankLineRow.account_no == account_no,
                BankLineRow.txn_date >= first,
                BankLineRow.txn_date <= last,
                ~settled,
            )
            .order_by(BankLineRow.seq)
        ).scalars()
    )


def matched_entries(session: Session, compound_id: int, seqs: Iterable[int]) -> set[int]:
    wanted = list(seqs)
    out: set[int] = set()
    for start in range(0, len(wanted), 500):
        out.update(
            session.execute(
                select(BankMatch.entry_seq).where(
                    BankMatch.compound_id == compound_id,
                    BankMatch.entry_seq.in_(wanted[start : start + 500]),
                )
            ).scalars()
        )
    return out


def entry_kinds(
    session: Session, compound_id: int, seqs: Iterable[int]
) -> dict[int, tuple[str, str | None]]:
    """seq → (kind, category) of some entries."""
    wanted = list(seqs)
    out: dict[int, tuple[str, str | None]] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(Entry.seq, Entry.kind, Entry.category).where(
                Entry.compound_id == compound_id, Entry.seq.in_(wanted[start : start + 500])
            )
        ).all()
        out.update({s: (k, c) for s, k, c in rows})
    return out


def unmatched_lines(
    session: Session, compound_id: int, account_no: str, last: dt.date
) -> list[BankLineRow]:
    return list(
        session.execute(
            select(BankLineRow)
            .where(
                BankLineRow.compound_id == compound_id,
                BankLineRow.account_no == account_no,
                BankLineRow.txn_date <= last,
                ~select(BankMatch.bank_line_id)
                .where(BankMatch.bank_line_id == BankLineRow.id)
                .exists(),
            )
            .order_by(BankLineRow.seq)
        ).scalars()
    )


def cancelling(entries: list[BankEntry]) -> set[int]:
    """Entries whose reversal is among `entries` too, and those reversals: the pair nets to
    nothing in the books, and the bank never saw either."""
    present = {e.seq for e in entries}
    pairs = {e.seq for e in entries if e.reverses_seq in present}
    return pairs | {
        e.reverses_seq for e in entries if e.seq in pairs and e.reverses_seq is not None
    }


def open_suggestions(session: Session, compound_id: int) -> dict[int, int]:
    """bank line id → draft id of a suggestion still open or posted (not discarded)."""
    rows = session.execute(
        select(BankSuggestion.bank_line_id, BankSuggestion.draft_id)
        .join(Draft, Draft.id == BankSuggestion.draft_id)
        .where(BankSuggestion.compound_id == compound_id, Draft.state != "discarded")
    ).all()
    return {line: draft for line, draft in rows}


def latest_reconciliation(
    session: Session, compound_id: int, month: str
) -> BankReconciliation | None:
    return session.execute(
        select(BankReconciliation)
        .where(BankReconciliation.compound_id == compound_id, BankReconciliation.month == month)
        .order_by(BankReconciliation.id.desc())
        .limit(1)
    ).scalar_one_or_none()
