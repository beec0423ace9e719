"""A bank statement's lines and the checks a statement must pass before it is imported.

Invariants kept here:
- an amount is signed integer fen from the account holder's side: + money in, − money out;
  a line moves money one way only and never by zero;
- a statement runs in date order (banks that export newest first are turned round, keeping
  the order of lines within a day), and each line's balance is the previous balance plus the
  line's amount — the bank's own arithmetic, checked line by line;
- a line is known by its serial number (流水号) within its account: the same serial with
  different content is an error, never an update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ledger.domain.errors import Problem
from ledger.domain.money import format_fen


@dataclass(frozen=True)
class BankLine:
    row: int  # the row number in the file it came from (1-based, title rows counted)
    serial: str
    date: dt.date
    amount_fen: int  # + money in, − money out
    balance_fen: int  # the balance after this line, as the bank printed it
    counterparty: str = ""
    counterparty_account: str = ""
    memo: str = ""

    @property
    def money_in(self) -> bool:
        return self.amount_fen > 0

    @property
    def words(self) -> str:
        """What a person reads to know the line: counterparty and memo."""
        return f"{self.counterparty} {self.memo}".strip()

    def content(self) -> tuple[object, ...]:
        """Everything but the row: two imports of one line must agree on all of it."""
        return (
            self.serial,
            self.date,
            self.amount_fen,
            self.balance_fen,
            self.counterparty,
            self.counterparty_account,
            self.memo,
        )


def where(row: int) -> str:
    return f"第 {row} 行"


def in_date_order(lines: Sequence[BankLine]) -> list[BankLine]:
    """The lines oldest first: a newest-first export is reversed as a whole."""
    if len(lines) > 1 and lines[0].date > lines[-1].date:
        return list(reversed(lines))
    return list(lines)


def check_order(lines: Sequence[BankLine]) -> list[Problem]:
    problems = []
    for before, line in pairwise(lines):
        if line.date < before.date:
            problems.append(
                Problem(
                    where(line.row),
                    f"日期 {line.date} 早于上一笔（{where(before.row)}，{before.date}）："
                    "对账单应按日期顺序排列",
                )
            )
    return problems


def check_serials(lines: Sequence[BankLine]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for line in lines:
        if line.serial in seen:
            problems.append(
                Problem(where(line.row), f"流水号「{line.serial}」与{where(seen[line.serial])}重复")
            )
        seen.setdefault(line.serial, line.row)
    return problems


def check_running_balance(lines: Sequence[BankLine], opening_fen: int | None) -> list[Problem]:
    """Each balance is the one before plus the amount. `opening_fen` is the balance before the
    first line (the last imported balance); None takes the first line's word for it. After a
    break the check goes on from the printed balance, so one wrong line is reported once."""
    problems = []
    previous = opening_fen
    for line in lines:
        if previous is not None and previous + line.amount_fen != line.balance_fen:
            expected = previous + line.amount_fen
            problems.append(
                Problem(
                    where(line.row),
                    f"余额不连续：上一笔余额 {format_fen(previous)} "
                    f"{'+' if line.amount_fen > 0 else '−'} 本笔 {format_fen(abs(line.amount_fen))}"
                    f" = {format_fen(expected)}，而本行余额为 {format_fen(line.balance_fen)}"
                    f"（相差 {format_fen(line.balance_fen - expected)}）",
                )
            )
        previous = line.balance_fen
    return problems
