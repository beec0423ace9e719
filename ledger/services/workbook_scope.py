"""One compound over one period, as the workbook's sheet builders see it.

A `Scope` is opened inside the export's read transaction and shared by every sheet of one
compound: the session, the compound, the period (whole months), the users' display names,
the accounts, and the month-by-account turnover that both the trial balance and the ledgers
rest on (one grouped query over the covering index, made once). A `Part` is what a builder
returns for one compound: how many rows, and the rows themselves (a generator for the long
sheets, read later while the transaction is still open).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import QueryableAttribute, Session

from ledger.domain.clock import LOCAL_TZ, to_local
from ledger.domain.money import fen_to_decimal
from ledger.domain.period import Month, months_between
from ledger.domain.rules import Rules
from ledger.domain.workbook import Row
from ledger.store.schema import Account, Compound, Posting

Where = ColumnElement[bool]


@dataclass(frozen=True)
class Part:
    count: int
    rows: Iterable[Row]


def listed(rows: list[Row]) -> Part:
    return Part(len(rows), rows)


def yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else fen_to_decimal(int(fen))


def local(ts: dt.datetime | None) -> dt.datetime | None:
    """A stored (UTC) timestamp as the naive Beijing time a spreadsheet cell can hold."""
    return None if ts is None else to_local(ts).replace(tzinfo=None)


class Scope:
    def __init__(
        self,
        session: Session,
        compound: Compound,
        period: tuple[Month, Month],
        names: Mapping[int, str],
        rules: Rules,
    ) -> None:
        self.session, self.compound, self.names, self.rules = session, compound, names, rules
        self.first, self.last = period

    @property
    def start(self) -> dt.date:
        return self.first.first_day

    @property
    def end(self) -> dt.date:
        return self.last.last_day

    @property
    def months(self) -> list[Month]:
        """The period's months from the one the compound's account was opened in."""
        return months_between(max(self.first, Month.of(self.compound.opened_on)), self.last)

    def name(self, user_id: int | None) -> str | None:
        return None if user_id is None else self.names.get(user_id, f"#{user_id}")

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """UTC instants of local midnight starting the period and local midnight after it."""

        def midnight(day: dt.date) -> dt.datetime:
            return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TZ).astimezone(dt.UTC)

        return midnight(self.start), midnight(self.end + dt.timedelta(days=1))

    def during(self, column: QueryableAttribute[Any]) -> Where:
        """A timestamp column falls on a local day of the period."""
        lo, hi = self.bounds()
        return and_(column >= lo, column < hi)

    def in_period(self, month_column: QueryableAttribute[Any]) -> Where:
        return month_column.between(str(self.first), str(self.last))

    @cached_property
    def accounts(self) -> dict[int, Account]:
        rows = self.session.execute(
            select(Account).where(Account.compound_id == self.compound.id).order_by(Account.code)
        ).scalars()
        return {a.id: a for a in rows}

    @cached_property
    def turnover(self) -> dict[int, dict[str, tuple[int, int]]]:
        """account id → month → (debit, credit), for every month up to the period's end."""
        amount = Posting.amount_fen
        debit = func.sum(func.abs(amount) + amount) / 2
        credit = func.sum(func.abs(amount) - amount) / 2
        rows = self.session.execute(
            select(Posting.account_id, Posting.voucher_month, debit, credit)
            .where(Posting.compound_id == self.compound.id, Posting.voucher_month <= str(self.last))
            .group_by(Posting.account_id, Posting.voucher_month)
        ).all()
        out: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
        for account, month, d, c in rows:
            out[account][month] = (int(d), int(c))
        return out

    def opening(self, account_id: int, month: Month) -> int:
        """The account's balance before `month` (debit positive)."""
        months = self.turnover.get(account_id, {})
        return sum(d - c for m, (d, c) in months.items() if m < str(month))

    def period_lines(self) -> list[tuple[Account, int, int, int]]:
        """(account, opening, debit, credit) over the period, for accounts with any of them."""
        first, last = str(self.first), str(self.last)
        out = []
        for a in self.accounts.values():
            months = self.turnover.get(a.id, {})
            opening = sum(d - c for m, (d, c) in months.items() if m < first)
            debit = sum(d for m, (d, _) in months.items() if first <= m <= last)
            credit = sum(c for m, (_, c) in months.items() if first <= m <= last)
            if opening or debit or credit:
                out.append((a, opening, debit, credit))
        return out
