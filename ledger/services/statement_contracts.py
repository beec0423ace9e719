"""The monthly statement's lines on money owed to the compound (arrears at the month's end)
and on the maintenance-fund share; kept apart from `statement.py`, which calls it once."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ledger.domain.period import Month
from ledger.domain.rules import Rules
from ledger.services.arrears import arrears_in, as_of_for
from ledger.services.context import Context
from ledger.services.fund_share import report_in
from ledger.store.schema import Compound


def contract_parts(
    ctx: Context, session: Session, rules: Rules, c: Compound, month: Month
) -> dict[str, Any]:
    """`arrears` as of the month's last day (today, within the month), and the `fund_share`
    (None when the rules ask none)."""
    fund = report_in(session, rules, c, month)
    return {
        "arrears": arrears_in(session, rules, c, as_of_for(ctx, month)),
        "fund_share": fund if fund.enabled else None,
    }
