"""Revenue contracts and the income they make the compound expect, period by period.

A contract is either `direct` (the counterparty — an advertising firm, a tower company, a
tenant — pays the compound a fixed amount per period) or `collection` (the property company
collects income such as parking fees on the compound's behalf, keeps its cost share and
transfers the net by the rules' transfer day of the next month).

Invariants kept here:
- periods are calendar months, calendar quarters or calendar years; a period the contract
  covers only in part (it starts or ends inside it) is expected pro rata by days, rounded
  half up to the fen, so a whole period is always exactly the contract amount;
- a direct period is due on the contract's due day of the period's first month, never before
  the day the contract starts covering it (rent is paid in advance);
- a collection month is due on the transfer day of the following month; what is expected is
  what the property company reports it collected, less its cost share;
- amounts are integer fen, shares integer basis points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ledger.domain.errors import InvalidInput
from ledger.domain.money import MAX_ABS_FEN, format_fen
from ledger.domain.period import Month
from ledger.domain.rules import Frequency

MAX_DUE_DAY = 28  # the last day every month has
MAX_PERIODS = 1200  # a hundred years of months: a schedule is never longer


class ContractKind(StrEnum):
    DIRECT = "direct"
    COLLECTION = "collection"

    @property
    def label(self) -> str:
        return "直接收款" if self is ContractKind.DIRECT else "物业代收"

    @classmethod
    def parse(cls, text: str) -> ContractKind:
        value = (text or "").strip()
        for kind in cls:
            if value in (kind.value, kind.label):
                return kind
        raise InvalidInput(
            f"未知的合同类型「{text}」：可选 direct（直接收款）、collection（物业代收）", kind=text
        )


def parse_frequency(text: str) -> Frequency:
    value = (text or "").strip()
    for f in Frequency:
        if value in (f.value, f.label):
            return f
    raise InvalidInput(
        f"未知的收款周期「{text}」：可选 monthly（按月）、quarterly（按季度）、yearly（按年）"
    )


@dataclass(frozen=True)
class Terms:
    """What a contract says about money: how much, how often, from when to when, due when."""

    kind: ContractKind
    frequency: Frequency
    amount_fen: int  # per whole period (direct); 0 for a collection contract
    start: dt.date
    end: dt.date | None  # the last day covered; None while the contract runs on
    due_day: int  # direct: day of the period's first month; collection: transfer day

    def check(self) -> None:
        """Refuse terms no contract can have (the service checks before writing)."""
        if self.kind is ContractKind.DIRECT and not 0 < self.amount_fen <= MAX_ABS_FEN:
            raise InvalidInput(f"每期金额必须大于零，现在是 {format_fen(self.amount_fen)}")
        if self.kind is ContractKind.COLLECTION and self.frequency is not Frequency.MONTHLY:
            raise InvalidInput("物业代收合同按月报送、按月转入，收款周期只能是 monthly（按月）")
        if not 1 <= self.due_day <= MAX_DUE_DAY:
            raise InvalidInput(f"付款日应为每月 1—{MAX_DUE_DAY} 日，现在是 {self.due_day}")
        if self.end is not None and self.end < self.start:
            raise InvalidInput(f"合同结束日 {self.end} 早于开始日 {self.start}")


@dataclass(frozen=True)
class ContractPeriod:
    """One period of a contract: what it covers, when it is due, what it is expected to pay."""

    first: Month  # the calendar period's first month; the period's key
    last: Month
    covers_from: dt.date
    covers_to: dt.date
    due_on: dt.date
    expected_fen: int  # direct: the (pro-rated) amount; collection: 0 until reported

    @property
    def key(self) -> str:
        return str(self.first)

    @property
    def partial(self) -> bool:
        return self.covers_from != self.first.first_day or self.covers_to != self.last.last_day

    def label(self, frequency: Frequency) -> str:
        return period_label(self.first, frequency)


def period_label(first: Month, frequency: Frequency) -> str:
    if frequency is Frequency.MONTHLY:
        return first.label
    if frequency is Frequency.QUARTERLY:
        return f"{first.year}年第{(first.month - 1) // 3 + 1}季度"
    return f"{first.year}年度"


def period_start(month: Month, frequency: Frequency) -> Month:
    """The first month of the calendar period (month, quarter, year) holding `month`."""
    step = frequency.months
    return Month(month.year, (month.month - 1) // step * step + 1)


def period_end(first: Month, frequency: Frequency) -> Month:
    last = first
    for _ in range(frequency.months - 1):
        last = last.next()
    return last


def prorate(amount_fen: int, covered_days: int, period_days: int) -> int:
    """amount × covered / period, half up; the whole period gives the amount exactly."""
    if covered_days >= period_days:
        return amount_fen
    return (2 * amount_fen * covered_days + period_days) // (2 * period_days)


def due_date(terms: Terms, first: Month, last: Month, covers_from: dt.date) -> dt.date:
    if terms.kind is ContractKind.COLLECTION:
        after = last.next()
        return dt.date(after.year, after.month, terms.due_day)
    return max(covers_from, dt.date(first.year, first.month, terms.due_day))


def schedule(terms: Terms, through: Month) -> list[ContractPeriod]:
    """Every period from the contract's start whose first month is no later than `through`."""
    out: list[ContractPeriod] = []
    first = period_start(Month.of(terms.start), terms.frequency)
    while first <= through and len(out) < MAX_PERIODS:
        last = period_end(first, terms.frequency)
        covers_from = max(terms.start, first.first_day)
        covers_to = last.last_day if terms.end is None else min(terms.end, last.last_day)
        if covers_to < covers_from:
            break
        period_days = (last.last_day - first.first_day).days + 1
        covered = (covers_to - covers_from).days + 1
        expected = 0
        if terms.kind is ContractKind.DIRECT:
            expected = prorate(terms.amount_fen, covered, period_days)
        due = due_date(terms, first, last, covers_from)
        out.append(ContractPeriod(first, last, covers_from, covers_to, due, expected))
        first = last.next()
    return out


def period_for(terms: Terms, key: str) -> ContractPeriod:
    """The period named by its first month (or any month inside it), or a clear refusal."""
    month = Month.parse(key, field="合同期间")
    first = period_start(month, terms.frequency)
    found = next((p for p in schedule(terms, first) if p.first == first), None)
    if found is None:
        raise InvalidInput(f"期间「{key}」不在合同期限内（{terms.start} 起）", period=key)
    return found
