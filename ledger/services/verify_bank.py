"""`verify` of the bank statements and reconciliations (issue 7).

- Each account's imported lines run in sequence and each balance is the one before plus the
  line's amount (the bank's own arithmetic, as imported).
- A match pairs a bank line with an entry that moved the bank account by the same amount.
- Each stored reconciliation adds up: adjusted bank balance − adjusted ledger balance is the
  stored difference, and its listed items sum to its stored totals.
- A month prepared (or published) since the compound began keeping reconciliations has one
  with no difference; months closed before its first reconciliation are left alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.account import AccountRole
from ledger.domain.errors import LedgerError
from ledger.domain.money import format_fen, parse_fen
from ledger.domain.reconciliation import TransitKind
from ledger.domain.rules import RuleBook
from ledger.store.schema import Compound, Posting
from ledger.store.schema_bank import BankLineRow, BankMatch, BankReconciliation
from ledger.store.schema_controls import MonthClose, MonthSignoff

if TYPE_CHECKING:
    from ledger.services.verify import VerifyReport

RULE = "bank"


def check_bank(
    session: Session, rules: RuleBook, report: VerifyReport, compound_ids: Sequence[int]
) -> None:
    from ledger.services.verify import Finding

    for cid in compound_ids:
        c = session.get_one(Compound, cid)
        problems = _balances(session, cid) + _matches(session, rules, c)
        problems += _reconciliations(session, cid)
        report.findings += [Finding(c.name, where, RULE, message) for where, message in problems]


def _balances(session: Session, cid: int) -> list[tuple[str, str]]:
    out = []
    previous: dict[str, tuple[int, int]] = {}
    rows = session.execute(
        select(
            BankLineRow.account_no,
            BankLineRow.seq,
            BankLineRow.serial,
            BankLineRow.amount_fen,
            BankLineRow.balance_fen,
        )
        .where(BankLineRow.compound_id == cid)
        .order_by(BankLineRow.account_no, BankLineRow.seq)
    ).all()
    for account, seq, serial, amount, balance in rows:
        last = previous.get(account)
        if last is not None and (seq != last[0] + 1 or last[1] + amount != balance):
            out.append(
                (f"流水 {serial}", f"银行流水序号或余额不连续（上一笔余额 {format_fen(last[1])}）")
            )
        previous[account] = (seq, balance)
    return out


def _matches(session: Session, rules: RuleBook, c: Compound) -> list[tuple[str, str]]:
    from ledger.store import books

    code = rules.for_compound(c.name).account_by_role(AccountRole.BANK).code
    bank = books.accounts_by_code(session, c.id).get(code)
    if bank is None:
        return []
    net = (
        select(Posting.entry_seq, func.sum(Posting.amount_fen).label("net"))
        .where(Posting.compound_id == c.id, Posting.account_id == bank.id)
        .group_by(Posting.entry_seq)
        .subquery()
    )
    rows = session.execute(
        select(BankLineRow.serial, BankLineRow.amount_fen, net.c.net)
        .join(BankMatch, BankMatch.bank_line_id == BankLineRow.id)
        .outerjoin(net, net.c.entry_seq == BankMatch.entry_seq)
        .where(BankMatch.compound_id == c.id)
    ).all()
    return [
        (
            f"流水 {serial}",
            f"与之匹配的凭证银行存款变动 {format_fen(int(n or 0))} 不等于流水金额 {format_fen(a)}",
        )
        for serial, a, n in rows
        if int(n or 0) != a
    ]


def _transit_totals(items: str) -> dict[TransitKind, int] | None:
    """The items in transit summed by kind, or None when the stored list cannot be read."""
    totals = dict.fromkeys(TransitKind, 0)
    try:
        for item in json.loads(items):
            totals[TransitKind(item["kind"])] += parse_fen(item["amount"])
    except (ValueError, KeyError, TypeError, LedgerError):
        return None
    return totals


def _reconciliations(session: Session, cid: int) -> list[tuple[str, str]]:
    out = []
    rows = (
        session.execute(
            select(BankReconciliation)
            .where(BankReconciliation.compound_id == cid)
            .order_by(BankReconciliation.id)
        )
        .scalars()
        .all()
    )
    latest: dict[str, BankReconciliation] = {}
    for r in rows:
        latest[r.month] = r
        adjusted = (r.bank_balance_fen + r.books_in_fen - r.books_out_fen) - (
            r.ledger_balance_fen + r.bank_in_fen - r.bank_out_fen
        )
        totals = _transit_totals(r.items)
        if totals is None:
            out.append((r.month, f"银行存款余额调节表 #{r.id} 的未达账项无法读取：已被改动过"))
            continue
        stored = (r.bank_in_fen, r.bank_out_fen, r.books_in_fen, r.books_out_fen)
        if adjusted != r.difference_fen or tuple(totals[k] for k in TransitKind) != stored:
            out.append(
                (
                    r.month,
                    f"银行存款余额调节表 #{r.id} 的数字对不上（调节后差额应为 {format_fen(adjusted)}）",
                )
            )
    if not rows:
        return out
    since = rows[0].made_at
    closing = session.execute(
        select(MonthSignoff.month, func.max(MonthSignoff.at))
        .join(
            MonthClose,
            (MonthClose.compound_id == MonthSignoff.compound_id)
            & (MonthClose.month == MonthSignoff.month),
        )
        .where(
            MonthSignoff.compound_id == cid,
            MonthSignoff.step == "prepare",
            MonthClose.state != "open",
        )
        .group_by(MonthSignoff.month)
    ).all()
    for month, prepared_at in closing:
        if prepared_at < since:
            continue
        kept = latest.get(month)
        if kept is None:
            out.append((month, "月结已编制，但没有银行存款余额调节表"))
        elif kept.difference_fen != 0:
            message = f"月结已编制，但银行存款余额调节表差额为 {format_fen(kept.difference_fen)}"
            out.append((month, message))
    return out
