"""Contract income through the receivable accounts (应收): the accrual of what fell due and
the receipt that clears it, each a draft that a checker posts.

- `accrue_month`: one draft for every direct-contract period due by the end of the month (or
  today, within the current month) and not yet raised: Dr receivable, Cr the income category.
- `receive`: money from a counterparty, shared over the contract's periods oldest first (or
  the period named): Dr bank, Cr receivable. A period paid before it was raised (a payment in
  advance, or before the treasurer accrued) is raised in the same draft, so the receivable
  always equals what was raised less what was received.

Each draft and the allocation rows that tie it to contract periods are one transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ledger.domain.account import AccountRole
from ledger.domain.arrears import PeriodBalance, allocate_receipt
from ledger.domain.clock import local_today
from ledger.domain.contract import ContractKind, period_start
from ledger.domain.contract_view import AllocationLine, period_balances
from ledger.domain.entry import Line
from ledger.domain.errors import InvalidDate, InvalidInput, WrongState
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.domain.rules import Rules
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.services.contract_drafts import write_draft
from ledger.services.contracts import find_contract, terms_of
from ledger.store import contracts as store
from ledger.store import org
from ledger.store.database import lock_compound
from ledger.store.schema import Compound
from ledger.store.schema_contracts import ContractAllocation, RevenueContract

ADVANCE_MONTHS = 12  # how far ahead an open-ended contract may be paid in advance


def receivable_code(rules: Rules, row: RevenueContract) -> str:
    """Collections are owed by the property company (1122); direct income by whoever the
    category's receivable names (e.g. 1123)."""
    if row.kind == ContractKind.COLLECTION.value:
        return rules.account_by_role(AccountRole.RECEIVABLE_PROPERTY).code
    receivable = rules.category(row.category).receivable
    assert receivable is not None  # checked when the contract was added
    return receivable


def balances(
    session: Session,
    c: Compound,
    row: RevenueContract,
    through: Month,
    as_of: dt.date | None = None,
) -> list[PeriodBalance]:
    """The contract's periods as the books stand now, or as they stood at the end of `as_of`."""
    lines = [
        AllocationLine(
            a.period, a.kind, a.amount_fen, a.standing_on(as_of) if as_of else a.standing
        )
        for a in store.allocations(session, c.id, row.id)
    ]
    return period_balances(terms_of(row), lines, through)


def _allocation(
    c: Compound,
    row: RevenueContract,
    period: str,
    kind: str,
    fen: int,
    draft_id: int,
    now: dt.datetime,
) -> ContractAllocation:
    return ContractAllocation(
        compound_id=c.id,
        contract_id=row.id,
        period=period,
        kind=kind,
        amount_fen=fen,
        draft_id=draft_id,
        created_at=now,
    )


def accrue_month(
    ctx: Context, actor: Actor, *, compound: str, month: Month, date: dt.date | None = None
) -> int:
    """Draft the accrual of every direct-contract period due by the month's end (or today)."""
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.DRAFT_ENTRY, c)
        lock_compound(session, c.id)
        rules = ctx.rules.for_compound(c.name)
        until = date or min(month.last_day, local_today(ctx.clock))
        if Month.of(until) != month:
            raise InvalidDate(f"计提日期 {until} 不在 {month.label}：请写该月内、不晚于今天的日期")
        due: list[tuple[RevenueContract, PeriodBalance]] = []
        for row in store.contracts_of(session, c.id):
            if row.kind != ContractKind.DIRECT.value:
                continue
            for p in balances(session, c, row, month):
                if p.due_on <= until and p.unaccrued_fen > 0:
                    due.append((row, p))
        if not due:
            raise WrongState(f"{c.name}到 {until} 没有应计提而未计提的合同款项，未作任何更改")
        # Raised on the earliest due day in the month, so receipts from then on find it.
        day = date or max(month.first_day, min(p.due_on for _, p in due))
        lines: list[Line] = []
        for row, p in due:
            text = f"{row.ref} {p.label} {row.counterparty}"[:200]
            lines.append(Line(receivable_code(rules, row), p.unaccrued_fen, text))
            lines.append(Line(rules.category(row.category).account, -p.unaccrued_fen, text))
        categories = {row.category for row, _ in due}
        draft = write_draft(
            ctx,
            session,
            actor,
            c,
            date=day,
            memo=f"{month.label}合同应收计提（{len(due)} 笔）",
            lines=lines,
            kind="accrual",
            category=categories.pop() if len(categories) == 1 else None,
        )
        now = ctx.clock()
        for row, p in due:
            session.add(_allocation(c, row, p.key, "accrual", p.unaccrued_fen, draft.id, now))
        session.flush()
        return draft.id


def receive(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    ref: str,
    amount_fen: int,
    date: dt.date,
    period: str | None = None,
    memo: str | None = None,
    attachment_count: int = 0,
) -> int:
    """Draft a receipt against a contract; returns the draft id."""
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.DRAFT_ENTRY, c)
        lock_compound(session, c.id)
        rules = ctx.rules.for_compound(c.name)
        row = find_contract(session, c, ref)
        terms = terms_of(row)
        named = (
            str(period_start(Month.parse(period, field="期间"), terms.frequency))
            if period
            else None
        )
        through = Month.of(date)
        if row.kind == ContractKind.DIRECT.value:
            through = Month.of(terms.end) if terms.end else _ahead(through, ADVANCE_MONTHS)
        found = balances(session, c, row, through)
        if named is not None and named not in {p.key for p in found}:
            raise InvalidInput(
                f"期间「{period}」不在合同「{row.ref}」的期限内，或还未到", period=period
            )
        if row.kind == ContractKind.COLLECTION.value and named is not None:
            chosen = next(p for p in found if p.key == named)
            if chosen.expected_fen == 0:
                raise WrongState(
                    f"物业尚未报送（或尚未审核）{chosen.label}的代收情况：请先 collection record 并审核"
                )
        parts = allocate_receipt(found, amount_fen, named)
        receivable = receivable_code(rules, row)
        income = rules.category(row.category).account
        text = memo or f"收到{row.counterparty}{rules.category(row.category).name}（{row.ref}）"
        lines = [Line(rules.account_by_role(AccountRole.BANK).code, amount_fen, row.counterparty)]
        accruals: list[tuple[str, int]] = []
        raised_by: dict[str, int] = {}
        for a in store.allocations(session, c.id, row.id):
            if a.kind == "accrual" and a.standing != "void" and a.entry_date <= date:
                raised_by[a.period] = raised_by.get(a.period, 0) + a.amount_fen
        for p, part in parts:
            label = f"{row.ref} {p.label}"
            # Raised by the receipt's date, less everything received whenever: the receivable
            # then never dips below zero on any day from the receipt on (invariant 8).
            raised_open = raised_by.get(p.key, 0) - p.received_fen - p.pending_fen
            extra = part - max(raised_open, 0)
            if extra > p.unaccrued_fen:
                raise InvalidDate(
                    f"合同「{row.ref}」{p.label}的应收是在收款日 {date} 之后才计提的："
                    "请把收款日期改到计提日或之后，或先作废计提草稿再收款"
                )
            if extra > 0:
                lines += [Line(receivable, extra, f"{label} 计提"), Line(income, -extra, label)]
                accruals.append((p.key, extra))
            lines.append(Line(receivable, -part, label))
        draft = write_draft(
            ctx,
            session,
            actor,
            c,
            date=date,
            memo=text,
            lines=lines,
            kind="receipt",
            category=row.category,
            attachment_count=attachment_count,
        )
        now = ctx.clock()
        for key, extra in accruals:
            session.add(_allocation(c, row, key, "accrual", extra, draft.id, now))
        for p, part in parts:
            session.add(_allocation(c, row, p.key, "receipt", part, draft.id, now))
        session.flush()
        return draft.id


def _ahead(month: Month, count: int) -> Month:
    for _ in range(count):
        month = month.next()
    return month
