"""Read models of balances: the trial balance of a compound's month."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ledger.domain.period import Month
from ledger.domain.trial_balance import AccountLine, TrialBalance
from ledger.services.context import Context
from ledger.store import books, org
from ledger.store.schema import Compound


def trial_balance(ctx: Context, compound: str, month: Month) -> TrialBalance:
    with ctx.db.read() as session:
        return trial_balance_in(session, org.compound_by_name(session, compound), month)


def trial_balance_in(session: Session, c: Compound, month: Month) -> TrialBalance:
    opening = books.sums_before(session, c.id, month)
    turnover = books.month_turnover(session, c.id, month)
    lines = []
    for a in sorted(books.accounts_by_code(session, c.id).values(), key=lambda a: a.code):
        debit, credit = turnover.get(a.id, (0, 0))
        start = opening.get(a.id, 0)
        if start or debit or credit:
            lines.append(AccountLine(a.code, a.name, a.kind, start, debit, credit))
    return TrialBalance(c.name, str(month), tuple(lines))
