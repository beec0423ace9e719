"""A contract as people read it (`contract show`, `contract list`): its terms and, period by
period, what was expected, raised as a receivable, received and is still open.

`period_balances` is the one place that turns the schedule and the allocation lines into
balances: direct periods expect the schedule's amount; a collection month expects what the
property company reported (its posted accruals), and nothing before it reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ledger.domain.arrears import PeriodBalance
from ledger.domain.contract import ContractKind, Terms, period_label, schedule
from ledger.domain.money import format_plain
from ledger.domain.period import Month


@dataclass(frozen=True)
class AllocationLine:
    period: str
    kind: str  # accrual | receipt
    amount_fen: int
    standing: str  # posted | pending | void


def period_balances(
    terms: Terms, lines: Iterable[AllocationLine], through: Month
) -> list[PeriodBalance]:
    sums: dict[tuple[str, str, str], int] = {}
    last = through
    for x in lines:
        if x.standing == "void":
            continue
        sums[x.period, x.kind, x.standing] = (
            sums.get((x.period, x.kind, x.standing), 0) + x.amount_fen
        )
        last = max(last, Month.parse(x.period))
    out = []
    for p in schedule(terms, last):

        def s(kind: str, standing: str, key: str = p.key) -> int:
            return sums.get((key, kind, standing), 0)

        accrued = s("accrual", "posted")
        expected = accrued if terms.kind is ContractKind.COLLECTION else p.expected_fen
        out.append(
            PeriodBalance(
                key=p.key,
                label=period_label(p.first, terms.frequency),
                due_on=p.due_on,
                expected_fen=expected,
                accrued_fen=accrued,
                received_fen=s("receipt", "posted"),
                pending_fen=s("receipt", "pending"),
                accrual_pending_fen=s("accrual", "pending"),
            )
        )
    return out


@dataclass(frozen=True)
class ContractView:
    ref: str
    counterparty: str
    kind: ContractKind
    category_key: str
    category_name: str
    frequency_label: str
    amount_fen: int
    start: dt.date
    end: dt.date | None
    ended_on: dt.date | None
    end_reason: str | None
    due_day: int
    deposit_fen: int
    cost_share_bp: int | None
    seal_register_no: int | None
    note: str
    periods: tuple[PeriodBalance, ...]
    as_of: dt.date

    @property
    def state_label(self) -> str:
        if self.ended_on is not None:
            return "已终止"
        if self.end is not None and self.end < self.as_of:
            return "已到期"
        return "履行中"

    @property
    def expected_fen(self) -> int:
        return sum(p.expected_fen for p in self.periods if p.due_on <= self.as_of)

    @property
    def received_fen(self) -> int:
        return sum(p.received_fen for p in self.periods)

    @property
    def overdue_fen(self) -> int:
        return sum(p.outstanding_fen for p in self.periods if p.due_on < self.as_of)

    def as_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "counterparty": self.counterparty,
            "kind": self.kind.value,
            "kind_label": self.kind.label,
            "category": self.category_key,
            "category_name": self.category_name,
            "frequency": self.frequency_label,
            "amount": format_plain(self.amount_fen),
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
            "end_reason": self.end_reason,
            "state": self.state_label,
            "due_day": self.due_day,
            "deposit": format_plain(self.deposit_fen),
            "cost_share_bp": self.cost_share_bp,
            "seal_register_no": self.seal_register_no,
            "note": self.note,
            "expected_to_date": format_plain(self.expected_fen),
            "received": format_plain(self.received_fen),
            "overdue": format_plain(self.overdue_fen),
            "periods": [
                {
                    "period": p.label,
                    "key": p.key,
                    "due_on": p.due_on.isoformat(),
                    "expected": format_plain(p.expected_fen),
                    "accrued": format_plain(p.accrued_fen),
                    "received": format_plain(p.received_fen),
                    "pending": format_plain(p.pending_fen),
                    "outstanding": format_plain(p.outstanding_fen),
                }
                for p in self.periods
            ],
        }
