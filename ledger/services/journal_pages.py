"""The journal a page at a time: posted vouchers newest first, narrowed by filters, fetched by
position so a screen showing 20 rows of a 100,000-entry history reads a page, not all of it
(unfiltered by keyset on the chain's gapless `seq`; filtered by OFFSET).

`journal_count` and `journal_page` take the same `JournalFilter`; a page is ordered by the
entry's place in the hash chain (`seq`, newest first), which is the order they were posted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from ledger.domain.period import Month
from ledger.services.context import Context
from ledger.store import org
from ledger.store.schema import Account, Entry, Posting, User

PAGE_ROWS_MAX = 1000


@dataclass(frozen=True)
class JournalFilter:
    """What narrows the journal; every field left None matches everything."""

    month: Month | None = None
    account: str | None = None  # account code, e.g. "1002"; any line of the entry
    project_id: int | None = None
    amount_fen: int | None = None  # any line of this amount, debit or credit
    text: str | None = None  # in the memo or the voucher number

    @property
    def is_empty(self) -> bool:
        return all(
            v is None
            for v in (self.month, self.account, self.project_id, self.amount_fen, self.text)
        )


@dataclass(frozen=True)
class JournalLine:
    """One posted voucher as a row of the journal."""

    seq: int
    voucher_no: str
    date: dt.date
    memo: str
    amount_fen: int  # total of the debit lines
    maker: str
    checker: str
    kind: str
    reverses: bool  # this entry is a reversal
    reversed: bool  # this entry has been reversed


def journal_count(ctx: Context, compound: str, flt: JournalFilter) -> int:
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        if flt.is_empty:  # the chain numbers entries 1, 2, 3… without gaps: the head is the count
            head = session.execute(select(func.max(Entry.seq)).where(Entry.compound_id == c.id))
            return int(head.scalar_one() or 0)
        q = _filtered(select(func.count()).select_from(Entry), c.id, flt)
        return int(session.execute(q).scalar_one())


def journal_page(
    ctx: Context, compound: str, flt: JournalFilter, *, offset: int, limit: int
) -> list[JournalLine]:
    """Rows `offset` … `offset + limit - 1` of the filtered journal, newest first."""
    limit = max(0, min(limit, PAGE_ROWS_MAX))
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        return _page(session, c.id, flt, max(0, offset), limit)


def _page(
    session: Session, compound_id: int, flt: JournalFilter, offset: int, limit: int
) -> list[JournalLine]:
    maker, checker = aliased(User), aliased(User)
    reversal = aliased(Entry)
    debit = (
        select(func.coalesce(func.sum(Posting.amount_fen), 0))
        .where(
            Posting.compound_id == Entry.compound_id,
            Posting.entry_seq == Entry.seq,
            Posting.amount_fen > 0,
        )
        .scalar_subquery()
    )
    reversed_ = exists().where(
        reversal.compound_id == Entry.compound_id, reversal.reverses_seq == Entry.seq
    )
    q = (
        # Columns, not ORM objects: a page is read often and only these are shown.
        select(
            Entry.seq,
            Entry.voucher_no,
            Entry.entry_date,
            Entry.memo,
            Entry.kind,
            Entry.reverses_seq,
            debit,
            maker.display_name,
            checker.display_name,
            reversed_,
        )
        .join(maker, maker.id == Entry.maker_id)
        .join(checker, checker.id == Entry.checker_id)
    )
    q = _filtered(q, compound_id, flt).order_by(Entry.seq.desc()).limit(limit)
    if flt.is_empty:
        # Keyset: a compound's entries are numbered 1, 2, 3… without gaps (the hash chain), so
        # row `offset` of the newest-first journal is seq head - offset: an index range, where
        # OFFSET would step over every newer row first (slow on the oldest pages).
        head = session.execute(
            select(func.max(Entry.seq)).where(Entry.compound_id == compound_id)
        ).scalar_one()
        q = q.where(Entry.seq <= (head or 0) - offset)
    else:
        q = q.offset(offset)
    return [
        JournalLine(
            seq=r[0],
            voucher_no=r[1],
            date=r[2],
            memo=r[3],
            amount_fen=int(r[6]),
            maker=r[7],
            checker=r[8],
            kind=r[4],
            reverses=r[5] is not None,
            reversed=bool(r[9]),
        )
        for r in session.execute(q).all()
    ]


def _filtered(q: Select[Any], compound_id: int, flt: JournalFilter) -> Select[Any]:
    q = q.where(Entry.compound_id == compound_id)
    if flt.month is not None:
        q = q.where(Entry.voucher_month == str(flt.month))
    if flt.project_id is not None:
        q = q.where(Entry.project_id == flt.project_id)
    if flt.text:
        pattern = f"%{_escape(flt.text.strip())}%"
        q = q.where(
            or_(Entry.memo.like(pattern, escape="\\"), Entry.voucher_no.like(pattern, escape="\\"))
        )
    line = [Posting.compound_id == Entry.compound_id, Posting.entry_seq == Entry.seq]
    if flt.account:
        account = select(Account.id).where(
            Account.compound_id == compound_id, Account.code == flt.account.strip()
        )
        line.append(Posting.account_id.in_(account.scalar_subquery()))
    if flt.amount_fen is not None:
        line.append(Posting.amount_fen.in_([flt.amount_fen, -flt.amount_fen]))
    if len(line) > 2:
        q = q.where(exists().where(and_(*line)))
    return q


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
