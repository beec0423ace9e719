"""The book sheets of the workbook: trial balance (科目余额表), journal (序时账), ledgers (明细账).

- The trial balance has, for every month of the period and then for the whole period, one
  line per account with an opening balance or turnover (the rule `balance` uses), and a
  合计 line whose debit and credit totals are equal and whose balances sum to zero.
- The journal is one row per posting line, in date and voucher order, streamed from one
  joined query (`yield_per`): a street's ten years never sit in memory.
- The ledgers are one block per account in code order: 期初余额, every posting with its
  running balance, 本期合计 with the closing balance; also streamed.
Balances are signed, debit positive, as everywhere in the books.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from ledger.domain.account import AccountKind
from ledger.domain.workbook import Column, Row, money, text
from ledger.domain.workbook import date as date_column
from ledger.services.workbook_scope import Part, Scope, local, yuan
from ledger.store.schema import Account, Entry, Posting
from ledger.store.schema_controls import Project

STREAM = 2000

TRIAL_BALANCE_COLUMNS: tuple[Column, ...] = (
    text("期间"),
    text("科目代码"),
    text("科目名称"),
    text("科目类别"),
    money("期初余额"),
    money("借方发生额"),
    money("贷方发生额"),
    money("期末余额"),
)

LEDGER_COLUMNS: tuple[Column, ...] = (
    text("科目代码"),
    text("科目名称"),
    date_column("日期"),
    text("凭证号"),
    text("摘要"),
    text("行摘要"),
    money("借方"),
    money("贷方"),
    money("余额"),
)


def trial_balance(scope: Scope) -> Part:
    """Counted on a first pass over the small month-by-account sums, rendered on a second."""
    count = sum(len(_shown(lines)) + 1 for _, lines in _blocks(scope))
    return Part(count, (row for label, lines in _blocks(scope) for row in _block(label, lines)))


Lines = list[tuple[Account, int, int, int]]  # (account, opening, debit, credit)


def _blocks(scope: Scope) -> Iterator[tuple[str, Lines]]:
    """Every month of the period, then the whole period: its label and its account lines."""
    if not scope.months:
        return
    running = {a: scope.opening(a, scope.months[0]) for a in scope.accounts}
    for month in scope.months:
        lines = []
        for a in scope.accounts.values():
            debit, credit = scope.turnover.get(a.id, {}).get(str(month), (0, 0))
            lines.append((a, running[a.id], debit, credit))
            running[a.id] += debit - credit
        yield str(month), lines
    yield f"{scope.first}至{scope.last}", scope.period_lines()


def _shown(lines: Lines) -> Lines:
    return [(a, o, d, c) for a, o, d, c in lines if o or d or c]


def _block(label: str, lines: Lines) -> Iterator[Row]:
    shown = _shown(lines)
    for a, o, d, c in shown:
        yield (label, a.code, a.name, AccountKind(a.kind).label, *_amounts(o, d, c))
    opening = sum(o for _, o, _, _ in shown)
    debit = sum(d for _, _, d, _ in shown)
    credit = sum(c for _, _, _, c in shown)
    yield (label, None, "合计", None, *_amounts(opening, debit, credit))


def _amounts(opening: int, debit: int, credit: int) -> Row:
    return (yuan(opening), yuan(debit), yuan(credit), yuan(opening + debit - credit))


def posting_count(scope: Scope) -> int:
    value = scope.session.execute(
        select(func.count())
        .select_from(Posting)
        .where(Posting.compound_id == scope.compound.id, scope.in_period(Posting.voucher_month))
    ).scalar_one()
    return int(value)


def journal(scope: Scope) -> Part:
    return Part(posting_count(scope), _journal_rows(scope))


def _journal_rows(scope: Scope) -> Iterator[Row]:
    c = scope.compound
    projects = dict(
        scope.session.execute(
            select(Project.id, Project.title).where(Project.compound_id == c.id)
        ).all()
    )
    original = aliased(Entry)
    pairs = scope.session.execute(
        select(Entry.seq, Entry.voucher_no, original.seq, original.voucher_no)
        .join(
            original,
            (original.compound_id == Entry.compound_id) & (original.seq == Entry.reverses_seq),
        )
        .where(Entry.compound_id == c.id)
    ).all()
    reverses = {seq: voucher for seq, _, _, voucher in pairs}
    reversed_by = {seq: voucher for _, voucher, seq, _ in pairs}
    categories = {x.key: x.name for x in scope.rules.income_categories}
    rows = scope.session.execute(
        select(
            Entry.entry_date,
            Entry.voucher_no,
            Entry.seq,
            Entry.memo,
            Entry.project_id,
            Entry.category,
            Entry.maker_id,
            Entry.checker_id,
            Entry.posted_at,
            Entry.hash,
            Posting.account_id,
            Posting.amount_fen,
            Posting.memo,
        )
        .join(
            Posting, (Posting.compound_id == Entry.compound_id) & (Posting.entry_seq == Entry.seq)
        )
        .where(Entry.compound_id == c.id, scope.in_period(Entry.voucher_month))
        .order_by(Entry.entry_date, Entry.seq, Posting.line_no)
        .execution_options(yield_per=STREAM)
    )
    for (
        day,
        voucher,
        seq,
        memo,
        project,
        category,
        maker,
        checker,
        posted,
        digest,
        a,
        fen,
        line,
    ) in rows:
        account = scope.accounts[a]
        yield (
            day,
            voucher,
            account.code,
            account.name,
            memo,
            yuan(fen) if fen > 0 else None,
            yuan(-fen) if fen < 0 else None,
            _project(project, projects),
            categories.get(category, category) if category else None,
            line or None,
            scope.name(maker),
            scope.name(checker),
            local(posted),
            reverses.get(seq),
            reversed_by.get(seq),
            digest,
        )


def _project(project_id: int | None, titles: dict[int, str]) -> str | None:
    if project_id is None:
        return None
    title = titles.get(project_id)
    return f"#{project_id} {title}" if title else f"#{project_id}"


def ledgers(scope: Scope) -> Part:
    lines = scope.period_lines()
    return Part(posting_count(scope) + 2 * len(lines), _ledger_rows(scope, lines))


def _ledger_rows(scope: Scope, lines: Lines) -> Iterator[Row]:
    rows = scope.session.execute(
        select(
            Posting.account_id,
            Entry.entry_date,
            Entry.voucher_no,
            Entry.memo,
            Posting.memo,
            Posting.amount_fen,
        )
        .join(Entry, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq))
        .join(Account, Account.id == Posting.account_id)
        .where(Posting.compound_id == scope.compound.id, scope.in_period(Posting.voucher_month))
        .order_by(Account.code, Entry.entry_date, Entry.seq, Posting.line_no)
        .execution_options(yield_per=STREAM)
    )
    postings = groupby(rows, key=lambda r: r[0])
    pending = next(postings, None)
    start = scope.months[0].first_day if scope.months else scope.start
    for a, opening, debit, credit in lines:
        head = (a.code, a.name)
        yield (*head, start, None, "期初余额", None, None, None, yuan(opening))
        balance = opening
        if pending is not None and pending[0] == a.id:
            for _, day, voucher, memo, line, fen in pending[1]:
                balance += fen
                yield (
                    *head,
                    day,
                    voucher,
                    memo,
                    line or None,
                    yuan(fen) if fen > 0 else None,
                    yuan(-fen) if fen < 0 else None,
                    yuan(balance),
                )
            pending = next(postings, None)
        yield (*head, scope.end, None, "本期合计", None, yuan(debit), yuan(credit), yuan(balance))
