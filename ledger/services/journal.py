"""Journal read models: the list of posted vouchers or open drafts of a compound, newest last,
and posted vouchers in full (`VoucherView`) for `entry show` and the printed 记账凭证."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.errors import NotFound
from ledger.domain.money import format_plain
from ledger.domain.period import Month
from ledger.domain.voucher import VoucherLine, VoucherView
from ledger.services.context import Context
from ledger.store import books, org
from ledger.store.schema import Compound, Draft, DraftLine, Entry, Posting, User
from ledger.store.schema_controls import Project


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


# The voucher read model lives in the domain so that reports/ can print it without the store;
# `EntryDetail` is its older name here.
EntryDetail = VoucherView


class _Names:
    """What turning entries into vouchers needs from one session: accounts, people, projects."""

    def __init__(self, session: Session, compound: Compound) -> None:
        self.compound = compound
        accounts = books.accounts_by_code(session, compound.id).values()
        self.codes = {a.id: a.code for a in accounts}
        self.accounts = {a.code: a.name for a in accounts}
        self.users = dict(session.execute(select(User.id, User.display_name)).all())
        self.projects = dict(
            session.execute(
                select(Project.id, Project.title).where(Project.compound_id == compound.id)
            ).all()
        )


def _voucher(session: Session, e: Entry, n: _Names) -> VoucherView:
    record = books.record_of(session, e, n.codes)
    original = session.get(Entry, (e.compound_id, e.reverses_seq)) if e.reverses_seq else None
    reversal = books.reversal_of(session, e.compound_id, e.seq)
    project = n.projects.get(e.project_id) if e.project_id is not None else None
    return VoucherView(
        compound=n.compound.name,
        voucher=e.voucher_no,
        date=e.entry_date,
        memo=e.memo,
        kind=e.kind,
        lines=tuple(
            VoucherLine(x.account_code, n.accounts.get(x.account_code, ""), x.amount_fen, x.memo)
            for x in record.lines
        ),
        maker=n.users[e.maker_id],
        checker=n.users[e.checker_id],
        drafted_at=e.drafted_at,
        posted_at=e.posted_at,
        attachment_count=e.attachment_count,
        attachments=tuple((a.sha256, a.filename) for a in record.attachments),
        reverses=original.voucher_no if original else None,
        reversed_by=reversal.voucher_no if reversal else None,
        reason=e.reason,
        hash=e.hash,
        prev_hash=e.prev_hash,
        project=f"#{e.project_id} {project}" if project is not None else None,
    )


def entry_detail(ctx: Context, compound: str, voucher: str) -> VoucherView:
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        e = books.entry_by_voucher(session, c.id, voucher.strip())
        if e is None:
            raise NotFound(f"{c.name}没有凭证「{voucher}」")
        return _voucher(session, e, _Names(session, c))


def month_vouchers(ctx: Context, compound: str, month: Month) -> list[VoucherView]:
    """Every posted voucher of the month, in voucher-number order (for printing and binding)."""
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        names = _Names(session, c)
        rows = session.execute(
            select(Entry)
            .where(Entry.compound_id == c.id, Entry.voucher_month == str(month))
            .order_by(Entry.voucher_seq)
        ).scalars()
        return [_voucher(session, e, names) for e in rows]
