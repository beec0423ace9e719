"""Read models for paying projects: the projects that may be paid now (with budget, paid,
what may still be paid and the limit that needs the community's gate), why a given project
may not be paid, and the payments a project has received.

Whether a project may be paid is decided by `payment_rules.check_payment`, the same check
the payment draft and its posting make, so a screen never offers what the service refuses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ledger.domain.errors import LedgerError
from ledger.domain.project import PAYABLE, ProjectState
from ledger.domain.project_view import ProjectLine
from ledger.services.context import Context
from ledger.services.payment_rules import check_payment
from ledger.services.project_views import project_list
from ledger.store import org
from ledger.store import projects as repo
from ledger.store.schema import Account, Entry, Posting


@dataclass(frozen=True)
class PayableProject:
    line: ProjectLine
    ceiling_fen: int  # approved budget plus the rules' tolerance
    major_payment_fen: int  # a single payment of this much or more needs the community's gate

    @property
    def payable_fen(self) -> int:
        """How much more may be paid before the ceiling."""
        return max(0, self.ceiling_fen - self.line.paid_fen)


@dataclass(frozen=True)
class PaymentLine:
    voucher: str
    date: dt.date
    memo: str
    amount_fen: int  # out of the bank; a reversal is negative


def payable_projects(ctx: Context, compound: str, on_date: dt.date) -> list[PayableProject]:
    """Projects a payment dated `on_date` may name, with something left to pay."""
    rules = ctx.rules.for_compound(compound)
    out = []
    for line in project_list(ctx, compound):
        if ProjectState(line.state) not in PAYABLE:
            continue
        item = PayableProject(
            line, rules.payment_ceiling_fen(line.budget_fen or 0), rules.major_payment_limit_fen
        )
        if item.payable_fen > 0 and payment_refusal(ctx, compound, line.id, on_date) is None:
            out.append(item)
    return out


def payment_refusal(
    ctx: Context, compound: str, project_id: int, on_date: dt.date
) -> LedgerError | None:
    """The rule that refuses any payment (even one fen) to the project on `on_date`, or None."""
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        rules = ctx.rules.for_compound(c.name)
        try:
            check_payment(session, rules, c, project_id, 1, on_date=on_date)
        except LedgerError as err:
            return err
    return None


def project_payments(ctx: Context, project_id: int) -> list[PaymentLine]:
    """Posted payments naming the project (and their reversals), oldest first."""
    with ctx.db.read() as session:
        p = repo.get(session, project_id)
        rows = session.execute(
            select(Entry.voucher_no, Entry.entry_date, Entry.memo, Posting.amount_fen)
            .join(
                Posting,
                (Posting.compound_id == Entry.compound_id) & (Posting.entry_seq == Entry.seq),
            )
            .join(Account, Account.id == Posting.account_id)
            .where(
                Entry.compound_id == p.compound_id,
                Entry.project_id == p.id,
                Account.role == "bank",
            )
            .order_by(Entry.seq)
        ).all()
        return [PaymentLine(v, d, m, -int(a)) for v, d, m, a in rows]
