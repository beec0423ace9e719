"""Income with the property company's reasonable cost share (民法典 §282).

Income is recorded gross; the cost share is its own expense line; the net reaches the bank:
Dr bank (net) + Dr cost share (deduction) = Cr income (gross). So the notice can show
gross, deduction and net, and nothing is netted away out of sight.
"""

from __future__ import annotations

from ledger.domain.entry import Line
from ledger.domain.errors import InvalidAmount
from ledger.domain.money import format_fen


def income_lines(
    *,
    gross_fen: int,
    deduction_fen: int,
    income_account: str,
    bank_account: str,
    cost_account: str,
    memo: str = "",
) -> list[Line]:
    if gross_fen <= 0:
        raise InvalidAmount(f"总收入必须大于零，现在是 {format_fen(gross_fen)}")
    if not 0 <= deduction_fen <= gross_fen:
        raise InvalidAmount(
            f"合理成本 {format_fen(deduction_fen)} 不能为负，也不能超过总收入 {format_fen(gross_fen)}"
        )
    net = gross_fen - deduction_fen
    lines = []
    if net:
        lines.append(Line(bank_account, net, memo))
    if deduction_fen:
        lines.append(Line(cost_account, deduction_fen, "物业合理成本"))
    lines.append(Line(income_account, -gross_fen, memo))
    return lines
