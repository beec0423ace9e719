"""The maintenance-fund share (专项维修资金): the part of net public revenue that local rules
(Shanghai 2026, Guangxi: at least 50%) send to the maintenance fund, period by period.

Net public revenue of a period = income − the property company's cost share − taxes, from
the posted books. What is due is the rules' share of it, rounded half away from zero to the
fen; a period with no net revenue (or a loss) owes nothing. A period is due once it has
ended; what is transferred counts against the period it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.domain.contract import period_end, period_label, period_start
from ledger.domain.money import bp_share, format_plain
from ledger.domain.period import Month
from ledger.domain.rules import Frequency, MaintenanceFundRule


def share_due(net_fen: int, share_bp: int) -> int:
    return bp_share(net_fen, share_bp) if net_fen > 0 else 0


def period_of(month: Month, frequency: Frequency) -> tuple[Month, Month]:
    first = period_start(month, frequency)
    return first, period_end(first, frequency)


def periods_through(rule: MaintenanceFundRule, opened: Month, month: Month) -> list[Month]:
    """First months of every fund period from the books' first month up to `month`."""
    out: list[Month] = []
    first, _ = period_of(opened, rule.frequency)
    while first <= month:
        out.append(first)
        first = period_end(first, rule.frequency).next()
    return out


@dataclass(frozen=True)
class FundSharePeriod:
    first: Month
    last: Month
    label: str
    net_fen: int  # net public revenue of the period (to date, if it has not ended)
    share_bp: int
    transferred_fen: int
    complete: bool  # the period has ended by the month the figures are for

    @property
    def due_fen(self) -> int:
        return share_due(self.net_fen, self.share_bp)

    @property
    def outstanding_fen(self) -> int:
        return self.due_fen - self.transferred_fen

    @property
    def late(self) -> bool:
        """Ended and not (fully) transferred: the statement warns."""
        return self.complete and self.outstanding_fen > 0

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.label,
            "first_month": str(self.first),
            "last_month": str(self.last),
            "net": format_plain(self.net_fen),
            "share_bp": self.share_bp,
            "due": format_plain(self.due_fen),
            "transferred": format_plain(self.transferred_fen),
            "outstanding": format_plain(self.outstanding_fen),
            "complete": self.complete,
            "late": self.late,
        }


def fund_period(
    rule: MaintenanceFundRule, first: Month, as_of: Month, net_fen: int, transferred_fen: int
) -> FundSharePeriod:
    last = period_end(first, rule.frequency)
    return FundSharePeriod(
        first,
        last,
        period_label(first, rule.frequency),
        net_fen,
        rule.share_bp,
        transferred_fen,
        last <= as_of,
    )


@dataclass(frozen=True)
class FundShareReport:
    """The fund share as of a month: the current period and every earlier one still owing."""

    compound: str
    month: str
    enabled: bool
    share_bp: int
    frequency_label: str
    basis: str  # which local rule it follows, in words
    periods: tuple[FundSharePeriod, ...]

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(
            f"{p.label}应划转专项维修资金 {format_plain(p.due_fen)} 元，"
            f"已划转 {format_plain(p.transferred_fen)} 元，尚欠 {format_plain(p.outstanding_fen)} 元"
            for p in self.periods
            if p.late
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "compound": self.compound,
            "month": self.month,
            "enabled": self.enabled,
            "share_bp": self.share_bp,
            "frequency": self.frequency_label,
            "basis": self.basis,
            "periods": [p.as_json() for p in self.periods],
            "warnings": list(self.warnings),
        }
