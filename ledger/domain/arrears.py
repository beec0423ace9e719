"""What each contract period has been paid, how a receipt is shared out over periods, and
what is overdue (arrears, 欠款).

Invariants kept here:
- a receipt goes to the oldest period with money still open, then the next, unless the
  treasurer names the period; it never pays more than is open, so a period is never overpaid
  and the parts always sum exactly to the receipt;
- an arrear is a period whose due date has passed (the due day itself is not late) with money
  still unpaid; days overdue count from the due date to the as-of day;
- only posted receipts pay a period; a receipt awaiting approval is shown as pending, and
  already holds its share so that two drafts cannot pay the same money twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ledger.domain.errors import InvalidAmount
from ledger.domain.money import format_fen, format_plain


@dataclass(frozen=True)
class PeriodBalance:
    """One contract period as the books stand: expected, accrued, received and pending."""

    key: str  # the period's first month, YYYY-MM
    label: str
    due_on: dt.date
    expected_fen: int
    accrued_fen: int  # posted accruals (the receivable raised for it)
    received_fen: int  # posted receipts
    pending_fen: int  # receipts drafted, not yet approved
    accrual_pending_fen: int = 0  # accruals drafted, not yet approved

    @property
    def outstanding_fen(self) -> int:
        return self.expected_fen - self.received_fen

    @property
    def open_fen(self) -> int:
        """What a new receipt may still pay: nothing a pending draft already holds."""
        return self.expected_fen - self.received_fen - self.pending_fen

    @property
    def unaccrued_fen(self) -> int:
        return self.expected_fen - self.accrued_fen - self.accrual_pending_fen


def days_overdue(due_on: dt.date, as_of: dt.date) -> int:
    """Whole days past the due date; 0 on the due day itself and before it."""
    return max((as_of - due_on).days, 0)


def allocate_receipt(
    periods: Sequence[PeriodBalance], amount_fen: int, named: str | None = None
) -> list[tuple[PeriodBalance, int]]:
    """Share a receipt over the periods, oldest first (or only the named one)."""
    if amount_fen <= 0:
        raise InvalidAmount(f"收款金额必须大于零，现在是 {format_fen(amount_fen)}")
    candidates = [p for p in periods if p.open_fen > 0 and (named is None or p.key == named)]
    available = sum(p.open_fen for p in candidates)
    if amount_fen > available:
        where = f"期间 {named} " if named else "合同"
        raise InvalidAmount(
            f"收款 {format_fen(amount_fen)} 超过{where}尚未收取的 {format_fen(available)}："
            "多收的款项请核实后另行处理",
            amount=amount_fen,
            open=available,
        )
    out: list[tuple[PeriodBalance, int]] = []
    left = amount_fen
    for p in sorted(candidates, key=lambda x: x.key):
        part = min(left, p.open_fen)
        out.append((p, part))
        left -= part
        if not left:
            break
    return out


@dataclass(frozen=True)
class Arrear:
    """Money owed to the compound and overdue: who, for what, since when, how much."""

    contract_ref: str
    counterparty: str
    category: str  # the income category's name
    kind_label: str  # 直接收款 / 物业代收
    period: str  # the period's label
    period_key: str
    due_on: dt.date
    expected_fen: int
    received_fen: int
    days_overdue: int

    @property
    def outstanding_fen(self) -> int:
        return self.expected_fen - self.received_fen

    def as_json(self) -> dict[str, Any]:
        return {
            "contract": self.contract_ref,
            "counterparty": self.counterparty,
            "category": self.category,
            "kind": self.kind_label,
            "period": self.period,
            "period_key": self.period_key,
            "due_on": self.due_on.isoformat(),
            "expected": format_plain(self.expected_fen),
            "received": format_plain(self.received_fen),
            "outstanding": format_plain(self.outstanding_fen),
            "days_overdue": self.days_overdue,
        }


def arrear_of(
    p: PeriodBalance,
    as_of: dt.date,
    *,
    contract_ref: str,
    counterparty: str,
    category: str,
    kind_label: str,
) -> Arrear | None:
    """The period as an arrear on `as_of`, or None when it is not yet due or fully paid."""
    late = days_overdue(p.due_on, as_of)
    if late == 0 or p.outstanding_fen <= 0:
        return None
    return Arrear(
        contract_ref,
        counterparty,
        category,
        kind_label,
        p.label,
        p.key,
        p.due_on,
        p.expected_fen,
        p.received_fen,
        late,
    )


@dataclass(frozen=True)
class ArrearsReport:
    compound: str
    as_of: dt.date
    lines: tuple[Arrear, ...]

    @property
    def total_fen(self) -> int:
        return sum(a.outstanding_fen for a in self.lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "compound": self.compound,
            "as_of": self.as_of.isoformat(),
            "total": format_plain(self.total_fen),
            "count": len(self.lines),
            "arrears": [a.as_json() for a in self.lines],
        }
