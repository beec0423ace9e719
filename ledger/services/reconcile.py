"""`reconcile`: the month's bank reconciliation statement (银行存款余额调节表), made and stored.

- Bank balance at the month's end: the balance of the last imported line on or before it
  (the statement must have a line in the month or after it), or a figure typed from the
  paper statement when the bank gives no file — then who typed it is recorded.
- Ledger balance: the bank account's balance in the books at the month's end.
- Items in transit, from the stored matches: a bank line up to the month's end whose entry is
  later or missing is 银行已收/已付、企业未收/未付; an entry up to the month's end whose bank
  line is later or missing is 企业已收/已付、银行未收/未付. Only lines and entries from the
  first imported line on count (the bank's opening balance covers what came before); with a
  typed balance, only up to the last imported line (nothing later is known of the bank).
- Each run is stored as a new row (the newest counts) until the month is prepared; preparing
  needs the newest row to show no difference and still to be what the books and the bank
  lines give (`require_reconciled`).
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.orm import Session

from ledger.domain.account import AccountRole
from ledger.domain.clock import local_today
from ledger.domain.closing import MonthState
from ledger.domain.errors import NotFound, WrongState
from ledger.domain.money import format_fen
from ledger.domain.period import Month
from ledger.domain.reconciliation import (
    BalanceSource,
    Reconciliation,
    TransitItem,
    TransitKind,
    sorted_items,
    transit_item,
)
from ledger.domain.roles import Action
from ledger.domain.rules import RuleBook
from ledger.services.access import require
from ledger.services.bank_import import account_key
from ledger.services.context import Actor, Context
from ledger.store import audit, books, org
from ledger.store import bank as store
from ledger.store.database import lock_compound
from ledger.store.schema import Compound
from ledger.store.schema_bank import BankReconciliation


def reconcile(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    month: Month,
    bank_balance_fen: int | None = None,
) -> Reconciliation:
    """Make and store `month`'s reconciliation; `bank_balance_fen` is typed from paper."""
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.RECONCILE, c)
        lock_compound(session, c.id)
        if month.last_day >= local_today(ctx.clock):
            raise WrongState(
                f"{month.label} 还没有结束，不能编制月末的余额调节表", month=str(month)
            )
        state = books.close_state(session, c.id, month)
        if state not in (None, MonthState.OPEN.value):
            raise WrongState(
                f"{c.name} {month.label} 已编制月结（数字已冻结），不能重新对账；"
                "如需更正，请监督小组退回月结后再对账",
                month=str(month),
            )
        result = compute(session, ctx.rules, c, month, bank_balance_fen)
        now = ctx.clock()
        row = BankReconciliation(
            compound_id=c.id,
            month=str(month),
            bank_balance_fen=result.bank_balance_fen,
            balance_source=result.source.value,
            typed_by=actor.id if result.source is BalanceSource.TYPED else None,
            ledger_balance_fen=result.ledger_balance_fen,
            bank_in_fen=result.total(TransitKind.BANK_IN),
            bank_out_fen=result.total(TransitKind.BANK_OUT),
            books_in_fen=result.total(TransitKind.BOOKS_IN),
            books_out_fen=result.total(TransitKind.BOOKS_OUT),
            difference_fen=result.difference_fen,
            items=json.dumps([i.as_json() for i in result.items], ensure_ascii=False),
            made_by=actor.id,
            made_at=now,
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=now,
            actor_id=actor.id,
            compound_id=c.id,
            action="reconcile",
            target=f"{month}",
            details={
                "reconciliation": row.id,
                "source": result.source.value,
                "figures": list(result.figures()),
            },
        )
        return result


def compute(
    session: Session, rules: RuleBook, c: Compound, month: Month, typed_fen: int | None
) -> Reconciliation:
    end = month.last_day
    account = account_key(c)
    bank_code = rules.for_compound(c.name).account_by_role(AccountRole.BANK).code
    bank_account = books.accounts_by_code(session, c.id)[bank_code]
    ledger_fen = books.balance_through(session, c.id, bank_account.id, end)
    first = store.first_date(session, c.id, account)
    last = store.last_date(session, c.id, account)
    if typed_fen is not None:
        source, bank_fen = BalanceSource.TYPED, typed_fen
        covered = min(end, last) if last is not None else None
    else:
        source, bank_fen = BalanceSource.STATEMENT, _statement_balance(session, c, month, account)
        covered = end
    items = []
    if first is not None and covered is not None and first <= covered:
        items = _in_transit(session, c.id, account, bank_account.id, first, covered, end)
    return Reconciliation(c.name, month, bank_fen, source, ledger_fen, sorted_items(items))


def _statement_balance(session: Session, c: Compound, month: Month, account: str) -> int:
    line = store.balance_line_through(session, c.id, account, month.last_day)
    last = store.last_date(session, c.id, account)
    if line is None or last is None or (line.txn_date < month.first_day and last <= month.last_day):
        raise NotFound(
            f"还没有导入{c.name} {month.label} 的银行对账单：请先运行 "
            f"`python main.py bank import --compound {c.name} 文件`；银行只给纸质对账单时，"
            f"用 `reconcile --bank-balance 月末余额` 录入",
            month=str(month),
        )
    return line.balance_fen


def _in_transit(
    session: Session,
    compound_id: int,
    account: str,
    bank_account_id: int,
    first: dt.date,
    covered: dt.date,
    end: dt.date,
) -> list[TransitItem]:
    """Lines no entry up to `end` matched, and entries no line up to `end` matched; an
    unmatched entry and its unmatched reversal cancel and are left out."""
    items = [
        transit_item(
            bank_side=True,
            amount_fen=x.amount_fen,
            date=x.txn_date,
            ref=x.serial,
            text=f"{x.counterparty} {x.memo}".strip(),
        )
        for x in store.unsettled_lines(session, compound_id, account, first, covered, end)
    ]
    unbanked = store.bank_entries_between(
        session, compound_id, bank_account_id, first, covered, unsettled_at=end
    )
    matched = store.matched_entries(session, compound_id, [e.seq for e in unbanked])
    pairs_off = store.cancelling([e for e in unbanked if e.seq not in matched])
    items += [
        transit_item(bank_side=False, amount_fen=e.net_fen, date=e.date, ref=e.voucher, text=e.memo)
        for e in unbanked
        if e.seq not in pairs_off
    ]
    return items


def require_reconciled(session: Session, rules: RuleBook, c: Compound, month: Month) -> None:
    """Refuse unless the month's newest reconciliation shows no difference and the books and
    bank lines still give the same figures (for preparing the month)."""
    command = f"python main.py reconcile --compound {c.name} --month {month}"
    row = store.latest_reconciliation(session, c.id, str(month))
    if row is None:
        raise WrongState(
            f"{c.name} {month.label} 还没有银行存款余额调节表，不能编制月结：请先导入对账单并运行 `{command}`",
            month=str(month),
        )
    if row.difference_fen != 0:
        raise WrongState(
            f"{c.name} {month.label} 的银行存款余额调节表调节后仍有差额 {format_fen(row.difference_fen)}"
            f"（银行 {format_fen(row.bank_balance_fen)}，账面 {format_fen(row.ledger_balance_fen)}），"
            f"不能编制月结：请查明差额、补记或更正凭证后重新运行 `{command}`",
            month=str(month),
            difference_fen=row.difference_fen,
        )
    typed = row.bank_balance_fen if row.balance_source == BalanceSource.TYPED.value else None
    now = compute(session, rules, c, month, typed)
    if now.figures() != stored_figures(row):
        raise WrongState(
            f"{c.name} {month.label} 对账之后账簿或银行流水有了变动"
            f"（现在调节后差额 {format_fen(now.difference_fen)}）：请重新运行 `{command}`",
            month=str(month),
        )


def stored_figures(row: BankReconciliation) -> tuple[int, ...]:
    return (
        row.bank_balance_fen,
        row.ledger_balance_fen,
        row.bank_in_fen,
        row.bank_out_fen,
        row.books_in_fen,
        row.books_out_fen,
        row.difference_fen,
    )
