"""`bank match`: pair imported bank lines with posted entries, suggest drafts for the rest.

Matching (one unit of work with its audit record) pairs each unmatched bank line with an
unmatched entry that moved the bank account by exactly the same amount, the same way, within
the rules' window of days (`ledger.domain.bank_match`); matches are stored and never undone.

A bank line nothing matched becomes a suggestion: a DRAFT, never a posting, which a checker
approves like any other (maker ≠ checker). Money in is drafted as income of the category its
counterparty and memo point to (rules `bank_matching.income_keywords`, else 其他); money out
as the expense its words point to (`expense_keywords`, e.g. bank fees); money out with no
such word is not guessed — a project payment goes through `pay` with its project. Each
suggestion is its own unit of work (the draft, then its link to the line), so a line that
already has a live suggestion is not suggested again. Entries with no bank line are listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ledger.domain.account import AccountRole
from ledger.domain.bank_match import BankItem, BookItem, Pair, match
from ledger.domain.clock import local_today
from ledger.domain.entry import Line
from ledger.domain.errors import LedgerError
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.services import entries, shortcuts
from ledger.services.access import require
from ledger.services.bank_import import account_key
from ledger.services.context import Actor, Context
from ledger.store import audit, books, org, row_seals
from ledger.store import bank as store
from ledger.store.database import lock_compound
from ledger.store.schema_bank import BankLineRow, BankMatch, BankSuggestion

MEMO_CHARS_MAX = 120


@dataclass(frozen=True)
class Matched:
    serial: str
    voucher: str
    days_apart: int


@dataclass(frozen=True)
class Suggested:
    serial: str
    date: dt.date
    amount_fen: int
    draft_id: int | None  # None: not drafted, see `note`
    note: str


@dataclass(frozen=True)
class Unbanked:
    voucher: str
    date: dt.date
    amount_fen: int
    memo: str


@dataclass
class MatchOutcome:
    compound: str
    matched: list[Matched] = field(default_factory=list)
    suggested: list[Suggested] = field(default_factory=list)
    unbanked: list[Unbanked] = field(default_factory=list)  # entries no bank line matched


def match_bank(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    month: Month | None = None,
    suggest: bool = True,
) -> MatchOutcome:
    """Match every unmatched bank line up to the end of `month` (default: all of them);
    `suggest=False` lists what is left without drafting anything."""
    window = ctx.rules.bank.window_days
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.IMPORT_BANK, c)
        lock_compound(session, c.id)
        account = account_key(c)
        outcome = MatchOutcome(c.name)
        first = store.first_date(session, c.id, account)
        last = store.last_date(session, c.id, account)
        if first is None or last is None:
            return outcome
        upto = min(last, month.last_day) if month is not None else last
        pad = dt.timedelta(days=window)
        bank_code = ctx.rules.for_compound(c.name).account_by_role(AccountRole.BANK).code
        bank_id = books.accounts_by_code(session, c.id)[bank_code].id
        lines = store.unmatched_lines(session, c.id, account, upto)
        ledger = store.bank_entries_between(
            session, c.id, bank_id, first - pad, upto + pad, unmatched=True
        )
        pairs = match(
            [BankItem(x.id, x.txn_date, x.amount_fen, _words(x)) for x in lines],
            [BookItem(e.seq, e.date, e.net_fen, e.memo) for e in ledger],
            window,
        )
        if pairs:
            _store(ctx, session, actor, c.id, month, pairs)
        serial = {x.id: x.serial for x in lines}
        voucher = {e.seq: e.voucher for e in ledger}
        outcome.matched = [
            Matched(serial[p.line_id], voucher[p.entry_seq], p.days_apart) for p in pairs
        ]
        paired_lines = {p.line_id for p in pairs}
        paired = {p.entry_seq for p in pairs}
        left = [e for e in ledger if e.seq not in paired and first <= e.date <= upto]
        pairs_off = store.cancelling(left)
        outcome.unbanked = [
            Unbanked(e.voucher, e.date, e.net_fen, e.memo) for e in left if e.seq not in pairs_off
        ]
        suggested = store.open_suggestions(session, c.id)
        pending = [x for x in lines if x.id not in paired_lines]
    for line in pending:
        if line.id in suggested or not suggest:
            note = (
                f"已有待审核的建议草稿 #{suggested[line.id]}"
                if line.id in suggested
                else "未生成草稿"
            )
            outcome.suggested.append(
                Suggested(line.serial, line.txn_date, line.amount_fen, None, note)
            )
            continue
        outcome.suggested.append(_suggest(ctx, actor, c.name, line))
    return outcome


def _store(
    ctx: Context,
    session: Session,
    actor: Actor,
    compound_id: int,
    month: Month | None,
    pairs: list[Pair],
) -> None:
    now = ctx.clock()
    session.execute(
        insert(BankMatch),
        [
            {
                "bank_line_id": p.line_id,
                "compound_id": compound_id,
                "entry_seq": p.entry_seq,
                "days_apart": p.days_apart,
                "similarity_pct": p.similarity_pct,
                "matched_by": actor.id,
                "matched_at": now,
            }
            for p in pairs
        ],
    )
    row_seals.touch(session, "bank_match", (p.line_id for p in pairs))
    audit.append(
        session,
        scope=audit.compound_scope(compound_id),
        at=now,
        actor_id=actor.id,
        compound_id=compound_id,
        action="match_bank",
        target=str(month) if month else "all",
        details={"pairs": [[p.line_id, p.entry_seq] for p in pairs]},
    )


def _words(line: BankLineRow) -> str:
    return f"{line.counterparty} {line.memo}".strip()


def _suggest(ctx: Context, actor: Actor, compound: str, line: BankLineRow) -> Suggested:
    rules = ctx.rules.for_compound(compound)
    words = _words(line)
    memo = f"银行流水 {line.serial}：{words}"[:MEMO_CHARS_MAX]
    amount = abs(line.amount_fen)
    if line.amount_fen > 0:
        category = ctx.rules.bank.income_category(words)
        what = f"收入（{rules.category(category).name}）"

        def make(day: dt.date) -> int:
            return shortcuts.draft_income(
                ctx,
                actor,
                compound=compound,
                date=day,
                category=category,
                gross_fen=amount,
                deduction_fen=0,
                memo=memo,
            )
    else:
        code = ctx.rules.bank.expense_account(words)
        if code is None:
            note = "支出用途无法从对方户名和摘要判断，未生成草稿：项目付款请用 pay 编制"
            return Suggested(line.serial, line.txn_date, line.amount_fen, None, note)
        bank = rules.account_by_role(AccountRole.BANK).code
        what = f"支出（{rules.account(code).name}）"

        def make(day: dt.date) -> int:
            return entries.draft_entry(
                ctx,
                actor,
                compound=compound,
                date=day,
                memo=memo,
                lines=[Line(code, amount, memo), Line(bank, -amount, memo)],
                attachment_count=1,
            )

    draft_id, note = None, ""
    for day in dict.fromkeys((line.txn_date, local_today(ctx.clock))):
        try:
            draft_id = make(day)
        except LedgerError as err:
            note = f"未生成草稿：{err.message}"
            continue
        note = what if day == line.txn_date else f"{what}，所在月份已结账，记入 {day}"
        break
    if draft_id is not None:
        _link(ctx, actor, line, draft_id)
    return Suggested(line.serial, line.txn_date, line.amount_fen, draft_id, note)


def _link(ctx: Context, actor: Actor, line: BankLineRow, draft_id: int) -> None:
    with ctx.db.write() as session:
        now = ctx.clock()
        session.add(
            BankSuggestion(
                compound_id=line.compound_id,
                bank_line_id=line.id,
                draft_id=draft_id,
                created_by=actor.id,
                created_at=now,
            )
        )
        audit.append(
            session,
            scope=audit.compound_scope(line.compound_id),
            at=now,
            actor_id=actor.id,
            compound_id=line.compound_id,
            action="suggest_from_bank",
            target=f"draft:{draft_id}",
            details={"bank_line": line.id, "serial": line.serial},
        )
