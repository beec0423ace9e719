"""The notice's section on the bank reconciliation: what the bank statement says is in the
account at the month's end, what the books say, the items in transit between them and the
difference left. Left out when the month has no reconciliation yet."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ledger.domain.reconciliation import TRANSIT_LABELS, BalanceSource, TransitKind
from ledger.domain.statement import MonthlyStatement
from reports.pdf import Cell, amount, label_table, para, styles


def bank_section(st: MonthlyStatement) -> list[Flowable]:
    check = st.bank_check
    if check is None:
        return []
    s = styles()
    source = (
        "银行对账单" if check.source is BalanceSource.STATEMENT else "银行纸质对账单（手工录入）"
    )
    totals = {
        TransitKind.BANK_IN: check.bank_in_fen,
        TransitKind.BANK_OUT: check.bank_out_fen,
        TransitKind.BOOKS_IN: check.books_in_fen,
        TransitKind.BOOKS_OUT: check.books_out_fen,
    }
    transit = "；".join(f"{TRANSIT_LABELS[k]} ¥{amount(v)}" for k, v in totals.items() if v)
    verdict = "账实相符" if check.difference_fen == 0 else "尚未查明，正在核对"
    rows: list[tuple[str, Cell]] = [
        ("银行月末余额", f"¥{amount(check.bank_balance_fen)}（{source}）"),
        ("账面月末余额", f"¥{amount(check.ledger_balance_fen)}"),
        ("未达账项", transit or "无"),
        ("调节后差额", para(f"¥{amount(check.difference_fen)}（{verdict}）", s.total)),
    ]
    return [label_table(rows, label_width=0.24)]
