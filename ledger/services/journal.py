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
