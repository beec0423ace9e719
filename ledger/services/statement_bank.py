"""The bank part of the monthly statement: the month's newest reconciliation, as stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ledger.domain.period import Month
from ledger.domain.reconciliation import BalanceSource, BankCheck
from ledger.store import bank as store
from ledger.store.schema import Compound


def bank_parts(session: Session, c: Compound, month: Month) -> dict[str, Any]:
    row = store.latest_reconciliation(session, c.id, str(month))
    if row is None:
        return {"bank_check": None}
    return {
        "bank_check": BankCheck(
            row.bank_balance_fen,
            BalanceSource(row.balance_source),
            row.ledger_balance_fen,
            row.bank_in_fen,
            row.bank_out_fen,
            row.books_in_fen,
            row.books_out_fen,
            row.difference_fen,
        )
    }
