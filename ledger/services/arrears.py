"""Arrears (欠款): every contract period whose due date has passed with money unpaid, as of a
day — the advertising firm that stopped paying, the property company that keeps the parking
money, the base-station rent nobody chased. Read only; anyone may look."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ledger.domain.arrears import Arrear, ArrearsReport, arrear_of
from ledger.domain.clock import local_today
from ledger.domain.contract import ContractKind
from ledger.domain.period import Month
from ledger.domain.rules import Rules
from ledger.services.context import Context
from ledger.services.receivables import balances
from ledger.store import contracts as store
from ledger.store import org
from ledger.store.schema import Compound


def as_of_for(ctx: Context, month: Month | None) -> dt.date:
    """The month's last day (today, for the current month), or today without a month."""
    today = local_today(ctx.clock)
    return today if month is None else min(month.last_day, today)


def arrears_in(session: Session, rules: Rules, c: Compound, as_of: dt.date) -> tuple[Arrear, ...]:
    out: list[Arrear] = []
    for row in store.contracts_of(session, c.id):
        name = rules.category(row.category).name
        kind = ContractKind(row.kind).label
        for p in balances(session, c, row, Month.of(as_of), as_of):
            found = arrear_of(
                p,
                as_of,
                contract_ref=row.ref,
                counterparty=row.counterparty,
                category=name,
                kind_label=kind,
            )
            if found is not None:
                out.append(found)
    return tuple(sorted(out, key=lambda a: (a.due_on, a.contract_ref)))


def arrears_report(ctx: Context, compound: str, month: Month | None = None) -> ArrearsReport:
    as_of = as_of_for(ctx, month)
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        return ArrearsReport(
            c.name, as_of, arrears_in(session, ctx.rules.for_compound(c.name), c, as_of)
        )
