"""Where a month's bank reconciliation stands, as the month close shows it: the newest stored
reconciliation statement (余额调节表) of the month, if any, with its figures and who made it.

A read model only: making one is `ledger.services.reconcile.reconcile`, and preparing the
month checks it again (`reconcile.require_reconciled`), so what is shown here never decides
anything by itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ledger.domain.clock import format_local
from ledger.domain.money import format_fen
from ledger.domain.period import Month
from ledger.services.context import Context
from ledger.store import bank, org
from ledger.store.schema import User


@dataclass(frozen=True)
class ReconcileStatus:
    month: Month
    bank_balance_fen: int
    ledger_balance_fen: int
    difference_fen: int
    made_by: str
    made_at: dt.datetime

    @property
    def balanced(self) -> bool:
        return self.difference_fen == 0

    @property
    def label(self) -> str:
        who = f"（{self.made_by} {format_local(self.made_at)}）"
        figures = (
            f"银行 {format_fen(self.bank_balance_fen)}，账面 {format_fen(self.ledger_balance_fen)}"
        )
        if self.balanced:
            return f"银行对账：调节后相符，{figures}{who}"
        return f"银行对账：调节后仍差 {format_fen(self.difference_fen)}，{figures}，须查明后重新对账{who}"


def reconcile_status(ctx: Context, compound: str, month: Month) -> ReconcileStatus | None:
    """The month's newest reconciliation, or None when none has been made."""
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        row = bank.latest_reconciliation(session, c.id, str(month))
        if row is None:
            return None
        return ReconcileStatus(
            month=month,
            bank_balance_fen=row.bank_balance_fen,
            ledger_balance_fen=row.ledger_balance_fen,
            difference_fen=row.difference_fen,
            made_by=session.get_one(User, row.made_by).display_name,
            made_at=row.made_at,
        )
