"""Export the books as beancount: one compound, or every compound of the database.

Builds the `BooksExport` read model from the store and hands it to the renderer. Everything
is read in one read transaction, so the file is one consistent snapshot; entries and their
postings are streamed in date order (one joined query, `yield_per`), so a street's ten years
never sit in memory. The month-end bank balances come from a separate SUM over the postings,
so the `balance` assertions bean-check runs compare two independent computations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ledger.domain.account import AccountRole
from ledger.domain.period import Month, months_between
from ledger.interop.beancount_out import (
    KEY_FILE_PREFIX,
    AccountOut,
    BooksExport,
    EntryOut,
    LineOut,
    render_books,
    render_header,
)
from ledger.services.context import Context
from ledger.store import books as book_store
from ledger.store import org
from ledger.store.schema import Account, Compound, Entry, EntryAttachment, Posting, Street, User
from ledger.store.schema_controls import Project

STREAM = 2000


@dataclass(frozen=True)
class ExportSummary:
    compounds: int
    accounts: int
    transactions: int


def export_compound(ctx: Context, compound: str, out: TextIO) -> ExportSummary:
    """Write one compound's books to `out`."""
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        render_header(out, f"{c.name} 公共收益明白账")
        model = books_export(ctx, session, c)
        count = render_books(out, model)
        return ExportSummary(1, len(model.accounts), count)


def export_street(ctx: Context, out: TextIO) -> ExportSummary:
    """Write every compound's books to one file, accounts prefixed by compound (`C3`)."""
    with ctx.db.read() as session:
        compounds = org.all_compounds(session)
        streets = session.execute(select(Street.name).order_by(Street.id)).scalars().all()
        render_header(out, f"{'、'.join(streets) or '全部小区'} 公共收益明白账")
        accounts = transactions = 0
        for c in compounds:
            model = books_export(ctx, session, c)
            transactions += render_books(out, model, street=True)
            accounts += len(model.accounts)
        return ExportSummary(len(compounds), accounts, transactions)


def books_export(ctx: Context, session: Session, c: Compound) -> BooksExport:
    rules = ctx.rules.for_compound(c.name)
    rows = book_store.accounts_by_code(session, c.id)
    accounts = {code: AccountOut(a.code, a.name, a.beancount) for code, a in rows.items()}
    for a in rules.accounts:
        accounts.setdefault(a.code, AccountOut(a.code, a.name, a.beancount))
    bank_code = rules.account_by_role(AccountRole.BANK).code
    bank = rows.get(bank_code)
    return BooksExport(
        compound_id=c.id,
        compound=c.name,
        opened_on=c.opened_on,
        bank_account=accounts[bank_code].beancount,
        accounts=tuple(sorted(accounts.values(), key=lambda a: a.code)),
        month_ends=_month_ends(session, c, bank),
        entries=_entries(session, c, {a.id: a.beancount for a in rows.values()}),
    )


def _month_ends(
    session: Session, c: Compound, bank: Account | None
) -> tuple[tuple[dt.date, int], ...]:
    """The bank balance at every month end from the opening month to the last posted one."""
    sums: dict[str, int] = {}
    if bank is not None:
        rows = session.execute(
            select(Posting.voucher_month, func.sum(Posting.amount_fen))
            .where(Posting.compound_id == c.id, Posting.account_id == bank.id)
            .group_by(Posting.voucher_month)
        ).all()
        sums = {m: int(s) for m, s in rows}
    last = session.execute(
        select(func.max(Entry.voucher_month)).where(Entry.compound_id == c.id)
    ).scalar_one()
    first = Month.of(c.opened_on)
    out: list[tuple[dt.date, int]] = []
    balance = 0
    for month in months_between(first, max(first, Month.parse(last) if last else first)):
        balance += sums.get(str(month), 0)
        out.append((month.next().first_day, balance))
    return tuple(out)


def _entries(session: Session, c: Compound, names: dict[int, str]) -> Iterator[EntryOut]:
    users = dict(session.execute(select(User.id, User.display_name)).all())
    projects = dict(
        session.execute(select(Project.id, Project.title).where(Project.compound_id == c.id)).all()
    )
    reversals = select(Entry.reverses_seq).where(
        Entry.compound_id == c.id, Entry.reverses_seq.is_not(None)
    )
    reversed_vouchers = dict(
        session.execute(
            select(Entry.seq, Entry.voucher_no).where(
                Entry.compound_id == c.id, Entry.seq.in_(reversals.scalar_subquery())
            )
        ).all()
    )
    # An entry this compound imported keeps its import key: exported again, it stays the
    # same transaction for any book that already holds it.
    key = aliased(EntryAttachment)
    rows = session.execute(
        select(Entry, key.sha256, Posting.account_id, Posting.amount_fen, Posting.memo)
        .join(
            Posting, (Posting.compound_id == Entry.compound_id) & (Posting.entry_seq == Entry.seq)
        )
        .outerjoin(
            key,
            (key.compound_id == Entry.compound_id)
            & (key.entry_seq == Entry.seq)
            & key.filename.startswith(KEY_FILE_PREFIX),
        )
        .where(Entry.compound_id == c.id)
        .order_by(Entry.entry_date, Entry.seq, Posting.line_no)
        .execution_options(yield_per=STREAM)
    )
    for _, group in groupby(rows, key=lambda r: r[0].seq):
        lines = list(group)
        e, import_key = lines[0][0], lines[0][1]
        yield EntryOut(
            seq=e.seq,
            date=e.entry_date,
            voucher=e.voucher_no,
            memo=e.memo,
            kind=e.kind,
            maker=users.get(e.maker_id, f"#{e.maker_id}"),
            checker=users.get(e.checker_id, f"#{e.checker_id}"),
            hash=e.hash,
            lines=tuple(LineOut(names[a], amt, memo) for _, _, a, amt, memo in lines),
            category=e.category,
            project=_project(e.project_id, projects),
            reason=e.reason,
            reverses_seq=e.reverses_seq,
            reverses_voucher=reversed_vouchers.get(e.reverses_seq or 0),
            reversed=e.seq in reversed_vouchers,
            attachment_count=e.attachment_count,
            import_key=import_key,
        )


def _project(project_id: int | None, titles: dict[int, str]) -> str | None:
    if project_id is None:
        return None
    title = titles.get(project_id)
    return f"{project_id} {title}" if title else str(project_id)
