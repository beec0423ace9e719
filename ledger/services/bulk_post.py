"""Bulk posting: many entries, already agreed between a maker and a checker, posted in one
transaction (imports and the benchmark's workload generator).

The bulk path keeps every invariant of DESIGN.md §3 that the one-by-one path keeps, and checks
ALL entries before it writes ANY row, so a refusal leaves the books untouched:
- the checker holds the approve right over the compound and every maker the draft right, and
  no entry's maker is its checker (7);
- every memo is clean text, every line names an account the rules know, no line is zero and
  every entry has at least two lines that sum to zero (2);
- no date is before the compound opened or after today, and no month is closed or frozen for
  its close (4);
- accounts that may not go negative (the bank account) stay at or above zero at the end of
  every day, the existing books and the new entries taken together (8).
Then it numbers the vouchers consecutively per month after the last ones (5), links every entry
to the chain after the current head (6), and writes one `bulk_post` audit record naming the
checker, the makers, the range of chain sequences and vouchers and the hash of the last entry,
all in one transaction (9). That record approves the whole range: the entries' own chain pins
every entry up to the last one, and the record pins the last one, so `verify` finds a changed,
removed or added entry of the range as it does for entries approved one by one (whose
`approve_entry` records carry each entry's hash). The rows go in chunks through `ledger.store.bulk` (executemany on SQLite, COPY on
PostgreSQL) and pass the database triggers like any other row.

Reversals and project payments are not taken here: they need the checks of their own paths.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ledger.domain import fast_hash
from ledger.domain.account import AccountKind
from ledger.domain.clock import local_today
from ledger.domain.entry import Line, check_lines, check_text
from ledger.domain.errors import (
    InsufficientFunds,
    InvalidDate,
    InvalidInput,
    LedgerError,
    MakerIsChecker,
)
from ledger.domain.fast_hash import stamp
from ledger.domain.money import format_fen
from ledger.domain.period import Month, voucher_number
from ledger.domain.roles import Action
from ledger.domain.rules import Rules
from ledger.services import draft_checks
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.store import audit, books, org
from ledger.store import bulk as bulk_store
from ledger.store.database import lock_compound
from ledger.store.schema import Account, Compound

CHUNK = 5000
FIRST_CHUNK = 200
KINDS = ("general", "income", "opening")


@dataclass(frozen=True)
class BulkEntry:
    """One entry as its maker drafted it; `drafted_at` defaults to the posting time."""

    date: dt.date
    memo: str
    lines: tuple[Line, ...]
    maker: Actor
    kind: str = "general"
    category: str | None = None
    attachment_count: int = 0
    drafted_at: dt.datetime | None = None


@dataclass(frozen=True)
class BulkResult:
    compound: str
    count: int
    first_voucher: str
    last_voucher: str
    head_seq: int
    head_hash: str


def post_bulk(
    ctx: Context,
    checker: Actor,
    *,
    compound: str,
    entries: Iterable[BulkEntry],
    chunk: int = CHUNK,
) -> BulkResult:
    """Post `entries` in the given order as `checker`, all or nothing."""
    items = list(entries)
    if not items:
        raise InvalidInput("没有要过账的凭证")
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, checker, Action.APPROVE_ENTRY, c)
        lock_compound(session, c.id)
        rules = ctx.rules.for_compound(c.name)
        memos = _check_entries(ctx, session, c, rules, checker, items)
        lines = [x for item in items for x in item.lines]
        accounts = draft_checks.ensure_accounts(session, c, rules, lines)
        _check_funds(session, c, accounts, items)
        return _write(ctx, session, c, rules, checker, items, memos, accounts, chunk)


def _check_entries(
    ctx: Context,
    session: Session,
    c: Compound,
    rules: Rules,
    checker: Actor,
    items: Sequence[BulkEntry],
) -> list[str]:
    today = local_today(ctx.clock)
    makers: dict[int, Actor] = {}
    months: set[Month] = set()
    known: set[str] = set()
    memos = []
    for i, item in enumerate(items, 1):
        try:
            memos.append(_check_one(c, rules, checker, item, today, known))
        except LedgerError as err:
            raise _at(err, i, item) from None
        makers.setdefault(item.maker.id, item.maker)
        months.add(Month.of(item.date))
    for maker in makers.values():
        require(session, maker, Action.DRAFT_ENTRY, c)
    for month in sorted(months):
        draft_checks.check_open(session, c, month)
    return memos


def _check_one(
    c: Compound, rules: Rules, checker: Actor, item: BulkEntry, today: dt.date, known: set[str]
) -> str:
    if item.maker.id == checker.id:
        raise MakerIsChecker(
            f"制单人「{checker.display_name}」不能审核自己编制的凭证：请由另一位审核人批量过账"
        )
    if item.kind not in KINDS:
        raise InvalidInput(
            f"批量过账只接受{'、'.join(KINDS)}类凭证，「{item.kind}」请逐张编制并审核"
        )
    memo = check_text(item.memo, field="摘要")
    if item.date < c.opened_on:
        raise InvalidDate(f"凭证日期 {item.date} 早于{c.name}公共收益专户开立日期 {c.opened_on}")
    if item.date > today:
        raise InvalidDate(f"凭证日期 {item.date} 晚于今天（{today}）：不能预先记账")
    for line in item.lines:
        if line.account_code not in known:
            draft_checks.check_lines_known(rules, (line,))
            known.add(line.account_code)
    check_lines(item.lines)
    if item.category is not None:
        rules.category(item.category)
    draft_checks.check_attachments(item.attachment_count, ())
    return memo


def _at(err: LedgerError, index: int, item: BulkEntry) -> LedgerError:
    """The same error, its message naming which entry of the batch it is about."""
    message = f"第 {index} 张凭证（{item.date} {item.memo[:20]}）：{err.message}；整批未过账"
    out = LedgerError.__new__(type(err))
    LedgerError.__init__(out, message, **err.facts, index=index)
    return out


def _check_funds(
    session: Session, c: Compound, accounts: dict[str, Account], items: Sequence[BulkEntry]
) -> None:
    """Invariant 8 over the whole batch: replay each guarded account's days in date order."""
    guarded = {code: a for code, a in accounts.items() if not a.may_go_negative}
    deltas: dict[str, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:
        for line in item.lines:
            if line.account_code in guarded:
                deltas[line.account_code][item.date] += line.amount_fen
    for code, by_day in deltas.items():
        account = guarded[code]
        kind = AccountKind(account.kind)
        start = min(by_day) - dt.timedelta(days=1)
        balance = books.balance_through(session, c.id, account.id, start)
        changes = dict(by_day)
        for day, change in books.daily_changes_after(session, c.id, account.id, start):
            changes[day] = changes.get(day, 0) + change
        for day in sorted(changes):
            balance += changes[day]
            if kind.normal_balance(balance) < 0:
                raise InsufficientFunds(
                    f"{account.code} {account.name} 余额不足：按这批凭证过账后，{day} 日终余额将为 "
                    f"-{format_fen(-kind.normal_balance(balance))}（会透支）；整批未过账",
                    account=account.code,
                    shortfall_fen=-kind.normal_balance(balance),
                )


def _write(
    ctx: Context,
    session: Session,
    c: Compound,
    rules: Rules,
    checker: Actor,
    items: Sequence[BulkEntry],
    memos: Sequence[str],
    accounts: dict[str, Account],
    chunk: int,
) -> BulkResult:
    ids = {code: a.id for code, a in accounts.items()}
    seq, prev = books.chain_head(session, c.id)
    vseqs: dict[Month, int] = {}
    now = ctx.clock()
    now_text = stamp(now)
    first_voucher = ""
    voucher = ""
    bounds = _chunks(len(items), chunk)
    for start, stop in bounds:
        postings: list[bulk_store.Row] = []
        entry_rows: list[bulk_store.Row] = []
        for item, memo in zip(items[start:stop], memos[start:stop], strict=False):
            month = Month.of(item.date)
            if month not in vseqs:
                vseqs[month] = books.last_voucher_seq(session, c.id, month)
            vseqs[month] += 1
            seq += 1
            voucher = voucher_number(rules.voucher_prefix, month, vseqs[month])
            first_voucher = first_voucher or voucher
            drafted = stamp(item.drafted_at) if item.drafted_at else now_text
            entry_hash = fast_hash.entry_hash(
                prev,
                compound_id=c.id,
                seq=seq,
                voucher_no=voucher,
                entry_date=item.date,
                kind=item.kind,
                memo=memo,
                category=item.category,
                project_id=None,
                attachment_count=item.attachment_count,
                reverses_seq=None,
                reason=None,
                maker_id=item.maker.id,
                checker_id=checker.id,
                drafted_at=drafted,
                posted_at=now_text,
                lines=[(x.account_code, x.amount_fen, x.memo) for x in item.lines],
            )
            label = str(month)
            postings.extend(
                (c.id, seq, n, label, ids[x.account_code], x.amount_fen, x.memo)
                for n, x in enumerate(item.lines, 1)
            )
            entry_rows.append(
                (
                    c.id,
                    seq,
                    label,
                    vseqs[month],
                    voucher,
                    item.date,
                    item.kind,
                    memo,
                    item.category,
                    None,
                    item.attachment_count,
                    None,
                    None,
                    None,
                    item.maker.id,
                    checker.id,
                    item.drafted_at or now,
                    now,
                    prev,
                    entry_hash,
                )
            )
            prev = entry_hash
        bulk_store.insert_rows(session, postings, entry_rows)
        if start == 0:
            bulk_store.refresh_statistics(session, len(items))
    summary = {
        "count": len(items),
        "first": first_voucher,
        "last": voucher,
        "first_seq": seq - len(items) + 1,
        "head_seq": seq,
        "head_hash": prev,
        "makers": sorted({item.maker.id for item in items}),
    }
    audit.append(
        session,
        scope=audit.compound_scope(c.id),
        at=now,
        actor_id=checker.id,
        compound_id=c.id,
        action="bulk_post",
        target=voucher,
        details=summary,
    )
    bulk_store.refresh_statistics(session, len(items))
    return BulkResult(c.name, len(items), first_voucher, voucher, seq, prev)


def _chunks(total: int, size: int) -> list[tuple[int, int]]:
    """Chunk bounds; the first chunk is small, so statistics can be refreshed early."""
    first = min(total, FIRST_CHUNK, size)
    return [(0, first)] + [(i, min(i + size, total)) for i in range(first, total, size)]
