"""Invariant 8: an account that may not go negative (the bank account above all) stays at or
above zero at the end of every day, including days after a back-dated entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from ledger.domain.account import AccountKind
from ledger.domain.entry import Line
from ledger.domain.errors import InsufficientFunds
from ledger.domain.money import format_fen
from ledger.store import books
from ledger.store.schema import Account


def check_not_negative(
    session: Session,
    compound_id: int,
    accounts: Mapping[str, Account],
    lines: Sequence[Line],
    day: dt.date,
) -> None:
    changes: dict[str, int] = {}
    for line in lines:
        changes[line.account_code] = changes.get(line.account_code, 0) + line.amount_fen
    for code, delta in changes.items():
        account = accounts[code]
        kind = AccountKind(account.kind)
        if account.may_go_negative or kind.normal_balance(delta) >= 0:
            continue
        balance = books.balance_through(session, compound_id, account.id, day) + delta
        lowest, low_day = balance, day
        for later, change in books.daily_changes_after(session, compound_id, account.id, day):
            balance += change
            if kind.normal_balance(balance) < kind.normal_balance(lowest):
                lowest, low_day = balance, later
        if kind.normal_balance(lowest) < 0:
            have = kind.normal_balance(lowest - delta)
            raise InsufficientFunds(
                f"{account.code} {account.name} 余额不足：{low_day} 的余额只有 {format_fen(have)}，"
                f"这笔要减少 {format_fen(abs(delta))}，会透支 {format_fen(-kind.normal_balance(lowest))}",
                account=account.code,
                shortfall_fen=-kind.normal_balance(lowest),
            )
