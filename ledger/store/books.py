"""Entries, postings and balances: the only place that reads or writes the journal in SQL.

`insert_entry` writes the posting lines first (and adds them to `month_total` in the same
transaction) and the entry row last; the database trigger on the entry row then checks the
lines balance, the chain links and the numbers follow on.
Balances are sums over the covering index `(compound_id, voucher_month, account_id,
amount_fen)`, so a month's figures never read the entries themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ledger.domain.entry import Attachment, EntryRecord, Line
from ledger.domain.hashing import GENESIS_HASH
from ledger.domain.period import Month
from ledger.store import month_totals
from ledger.store.schema import Account, Entry, EntryAttachment, PeriodLock, Posting


def accounts_by_code(session: Session, compound_id: int) -> dict[str, Account]:
    rows = session.execute(select(Account).where(Account.compound_id == compound_id)).scalars()
    return {a.code: a for a in rows}


def chain_head(session: Session, compound_id: int) -> tuple[int, str]:
    """(last sequence, last hash) of the compound's chain; (0, genesis) when empty."""
    row = session.execute(
        select(Entry.seq, Entry.hash)
        .where(Entry.compound_id == compound_id)
        .order_by(Entry.seq.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


def last_voucher_seq(session: Session, compound_id: int, month: Month) -> int:
    value = session.execute(
        select(func.max(Entry.voucher_seq)).where(
            Entry.compound_id == compound_id, Entry.voucher_month == str(month)
        )
    ).scalar_one()
    return int(value or 0)


def lock_of(session: Session, compound_id: int, month: Month) -> PeriodLock | None:
    return session.get(PeriodLock, (compound_id, str(month)))


def close_state(session: Session, compound_id: int, month: Month) -> str | None:
    """Where the month stands in closing (None: never prepared), from `month_close`."""
    from ledger.store.schema_controls import MonthClose

    row = session.get(MonthClose, (compound_id, str(month)))
    return None if row is None else row.state


def insert_entry(
    session: Session,
    record: EntryRecord,
    *,
    accounts: Mapping[str, Account],
    voucher_month: Month,
    voucher_seq: int,
    draft_id: int | None,
    prev_hash: str,
    entry_hash: str,
) -> None:
    month = str(voucher_month)
    postings = [
        {
            "compound_id": record.compound_id,
            "entry_seq": record.seq,
            "line_no": i,
            "voucher_month": month,
            "account_id": accounts[line.account_code].id,
            "amount_fen": line.amount_fen,
            "memo": line.memo,
        }
        for i, line in enumerate(record.lines, 1)
    ]
    session.execute(insert(Posting), postings)
    month_totals.add(
        session,
        (
            (record.compound_id, month, accounts[line.account_code].id, line.amount_fen)
            for line in record.lines
        ),
    )
    if record.attachments:
        session.execute(
            insert(EntryAttachment),
            [
                {
                    "compound_id": record.compound_id,
                    "entry_seq": record.seq,
                    "line_no": i,
                    "sha256": a.sha256,
                    "filename": a.filename,
                }
                for i, a in enumerate(record.attachments, 1)
            ],
        )
    session.execute(
        insert(Entry).values(
            compound_id=record.compound_id,
            seq=record.seq,
            voucher_month=month,
            voucher_seq=voucher_seq,
            voucher_no=record.voucher_no,
            entry_date=record.entry_date,
            kind=record.kind,
            memo=record.memo,
            category=record.category,
            project_id=record.project_id,
            attachment_count=record.attachment_count,
            reverses_seq=record.reverses_seq,
            reason=record.reason,
            draft_id=draft_id,
            maker_id=record.maker_id,
            checker_id=record.checker_id,
            drafted_at=record.drafted_at,
            posted_at=record.posted_at,
            prev_hash=prev_hash,
            hash=entry_hash,
        )
    )


def entry_by_voucher(session: Session, compound_id: int, voucher_no: str) -> Entry | None:
    return session.execute(
        select(Entry).where(Entry.compound_id == compound_id, Entry.voucher_no == voucher_no)
    ).scalar_one_or_none()


def reversal_of(session: Session, compound_id: int, seq: int) -> Entry | None:
    return session.execute(
        select(Entry).where(Entry.compound_id == compound_id, Entry.reverses_seq == seq)
    ).scalar_one_or_none()


def record_of(session: Session, entry: Entry, codes: Mapping[int, str]) -> EntryRecord:
    """Rebuild the hashed record of a stored entry from its rows."""
    lines = session.execute(
        select(Posting.account_id, Posting.amount_fen, Posting.memo)
        .where(Posting.compound_id == entry.compound_id, Posting.entry_seq == entry.seq)
        .order_by(Posting.line_no)
    ).all()
    files = session.execute(
        select(EntryAttachment.sha256, EntryAttachment.filename)
        .where(
            EntryAttachment.compound_id == entry.compound_id,
            EntryAttachment.entry_seq == entry.seq,
        )
        .order_by(EntryAttachment.line_no)
    ).all()
    return EntryRecord(
        compound_id=entry.compound_id,
        seq=entry.seq,
        voucher_no=entry.voucher_no,
        entry_date=entry.entry_date,
        kind=entry.kind,
        memo=entry.memo,
        category=entry.category,
        project_id=entry.project_id,
        attachment_count=entry.attachment_count,
        reverses_seq=entry.reverses_seq,
        reason=entry.reason,
        maker_id=entry.maker_id,
        checker_id=entry.checker_id,
        drafted_at=entry.drafted_at,
        posted_at=entry.posted_at,
        lines=tuple(Line(codes.get(a, f"#{a}"), amt, memo) for a, amt, memo in lines),
        attachments=tuple(Attachment(h, f) for h, f in files),
    )


def entries(session: Session, compound_id: int, *, yield_per: int = 1000) -> Iterator[Entry]:
    yield from session.execute(
        select(Entry)
        .where(Entry.compound_id == compound_id)
        .order_by(Entry.seq)
        .execution_options(yield_per=yield_per)
    ).scalars()


def sums_before(session: Session, compound_id: int, month: Month) -> dict[int, int]:
    """Balance of every account before `month` (debit positive)."""
    rows = session.execute(
        select(Posting.account_id, func.sum(Posting.amount_fen))
        .where(Posting.compound_id == compound_id, Posting.voucher_month < str(month))
        .group_by(Posting.account_id)
    ).all()
    return {a: int(s) for a, s in rows}


def month_turnover(session: Session, compound_id: int, month: Month) -> dict[int, tuple[int, int]]:
    """Debit and credit totals of every account within `month`."""
    pos = func.sum(func.abs(Posting.amount_fen) + Posting.amount_fen) / 2
    neg = func.sum(func.abs(Posting.amount_fen) - Posting.amount_fen) / 2
    rows = session.execute(
        select(Posting.account_id, pos, neg)
        .where(Posting.compound_id == compound_id, Posting.voucher_month == str(month))
        .group_by(Posting.account_id)
    ).all()
    return {a: (int(d), int(c)) for a, d, c in rows}


def balance_through(session: Session, compound_id: int, account_id: int, day: dt.date) -> int:
    """Balance of one account at the end of `day` (debit positive)."""
    value = session.execute(
        select(func.sum(Posting.amount_fen))
        .join(Entry, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq))
        .where(
            Posting.compound_id == compound_id,
            Posting.account_id == account_id,
            Entry.entry_date <= day,
        )
    ).scalar_one()
    return int(value or 0)


def daily_changes_after(
    session: Session, compound_id: int, account_id: int, day: dt.date
) -> list[tuple[dt.date, int]]:
    """Net change per day of one account after `day`, in date order."""
    rows = session.execute(
        select(Entry.entry_date, func.sum(Posting.amount_fen))
        .join(Entry, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq))
        .where(
            Posting.compound_id == compound_id,
            Posting.account_id == account_id,
            Entry.entry_date > day,
        )
        .group_by(Entry.entry_date)
        .order_by(Entry.entry_date)
    ).all()
    return [(d, int(s)) for d, s in rows]
