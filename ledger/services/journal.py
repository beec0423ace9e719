"""Journal read model: posted vouchers or open drafts of a compound, newest last."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from ledger.domain.money import format_plain
from ledger.domain.period import Month
from ledger.services.context import Context
from ledger.store import org
from ledger.store.schema import Draft, DraftLine, Entry, Posting, User


@dataclass(frozen=True)
class JournalRow:
    number: str
    date: dt.date
    memo: str
    debit_fen: int
    maker: str
    checker: str

    def as_json(self) -> dict[str, str]:
        return {
            "number": self.number,
            "date": self.date.isoformat(),
            "memo": self.memo,
            "amount": format_plain(self.debit_fen),
            "maker": self.maker,
            "checker": self.checker,
        }


def list_rows(
    ctx: Context, compound: str, *, month: Month | None, drafts: bool
) -> list[JournalRow]:
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        names = dict(session.execute(select(User.id, User.display_name)).all())
        if drafts:
            debit = (
                select(func.coalesce(func.sum(DraftLine.amount_fen), 0))
                .where(DraftLine.draft_id == Draft.id, DraftLine.amount_fen > 0)
                .scalar_subquery()
            )
            q = select(Draft, debit).where(Draft.compound_id == c.id, Draft.state == "open")
            if month:
                q = q.where(Draft.entry_date.between(month.first_day, month.last_day))
            return [
                JournalRow(f"#{d.id}", d.entry_date, d.memo, int(s), names[d.maker_id], "")
                for d, s in session.execute(q.order_by(Draft.id)).all()
            ]
        debit = (
            select(func.coalesce(func.sum(Posting.amount_fen), 0))
            .where(
                Posting.compound_id == Entry.compound_id,
                Posting.entry_seq == Entry.seq,
                Posting.amount_fen > 0,
            )
            .scalar_subquery()
        )
        q2 = select(Entry, debit).where(Entry.compound_id == c.id)
        if month:
            q2 = q2.where(Entry.voucher_month == str(month))
        return [
            JournalRow(
                e.voucher_no, e.entry_date, e.memo, int(s), names[e.maker_id], names[e.checker_id]
            )
            for e, s in session.execute(q2.order_by(Entry.seq)).all()
        ]


@dataclass(frozen=True)
class EntryDetail:
    """One posted voucher as a person reads it: lines with account names, people, times, hash."""

    compound: str
    voucher: str
    date: dt.date
    memo: str
    kind: str
    lines: tuple[tuple[str, str, int, str], ...]  # code, account name, amount (debit +), memo
    maker: str
    checker: str
    drafted_at: dt.datetime
    posted_at: dt.datetime
    attachment_count: int
    attachments: tuple[tuple[str, str], ...]
    reverses: str | None
    reversed_by: str | None
    reason: str | None
    hash: str
    prev_hash: str


def entry_detail(ctx: Context, compound: str, voucher: str) -> EntryDetail:
    from ledger.domain.errors import NotFound
    from ledger.store import books

    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        e = books.entry_by_voucher(session, c.id, voucher.strip())
        if e is None:
            raise NotFound(f"{c.name}没有凭证「{voucher}」")
        accounts = {a.id: a for a in books.accounts_by_code(session, c.id).values()}
        record = books.record_of(session, e, {i: a.code for i, a in accounts.items()})
        by_code = {a.code: a.name for a in accounts.values()}
        names = dict(session.execute(select(User.id, User.display_name)).all())
        original = session.get(Entry, (c.id, e.reverses_seq)) if e.reverses_seq else None
        reversal = books.reversal_of(session, c.id, e.seq)
        return EntryDetail(
            compound=c.name,
            voucher=e.voucher_no,
            date=e.entry_date,
            memo=e.memo,
            kind=e.kind,
            lines=tuple(
                (x.account_code, by_code.get(x.account_code, ""), x.amount_fen, x.memo)
                for x in record.lines
            ),
            maker=names[e.maker_id],
            checker=names[e.checker_id],
            drafted_at=e.drafted_at,
            posted_at=e.posted_at,
            attachment_count=e.attachment_count,
            attachments=tuple((a.sha256, a.filename) for a in record.attachments),
            reverses=original.voucher_no if original else None,
            reversed_by=reversal.voucher_no if reversal else None,
            reason=e.reason,
            hash=e.hash,
            prev_hash=e.prev_hash,
        )
