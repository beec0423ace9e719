"""`verify` of the derived `month_total` table: every row is recomputed from the postings in
one grouped query for the compounds checked and compared with the stored one. A changed, a
missing or an extra row is a finding naming the compound, the month and the account."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ledger.store.schema import Account, Compound, MonthTotal, Posting

if TYPE_CHECKING:
    from ledger.services.verify import VerifyReport

RULE = "月度合计"
Totals = dict[tuple[int, str, int], tuple[int, int, int]]


def check_month_totals(session: Session, report: VerifyReport, only: Sequence[int]) -> None:
    from ledger.services.verify import Finding

    if not only:
        return
    names = {i: n for i, n in session.execute(select(Compound.id, Compound.name))}
    codes = {
        i: code
        for i, code in session.execute(
            select(Account.id, Account.code).where(Account.compound_id.in_(only))
        )
    }
    recomputed, stored = _from_postings(session, only), _stored(session, only)
    for key in sorted(recomputed.keys() | stored.keys()):
        want, have = recomputed.get(key), stored.get(key)
        if want == have:
            continue
        compound_id, month, account_id = key
        code = codes.get(account_id, f"#{account_id}")
        if have is None:
            message = f"科目 {code} 有分录，却没有月度合计"
        elif want is None:
            message = f"科目 {code} 没有分录，却有月度合计"
        else:
            message = f"科目 {code} 的月度合计与分录不符"
        report.findings.append(Finding(names.get(compound_id, "?"), month, RULE, message))


def _from_postings(session: Session, only: Sequence[int]) -> Totals:
    amount = Posting.amount_fen
    rows = session.execute(
        select(
            Posting.compound_id,
            Posting.voucher_month,
            Posting.account_id,
            func.sum(case((amount > 0, amount), else_=0)),
            func.sum(case((amount < 0, -amount), else_=0)),
            func.count(),
        )
        .where(Posting.compound_id.in_(only))
        .group_by(Posting.compound_id, Posting.voucher_month, Posting.account_id)
    )
    return {(c, m, a): (int(d), int(cr), int(n)) for c, m, a, d, cr, n in rows}


def _stored(session: Session, only: Sequence[int]) -> Totals:
    rows = session.execute(
        select(
            MonthTotal.compound_id,
            MonthTotal.voucher_month,
            MonthTotal.account_id,
            MonthTotal.debit_fen,
            MonthTotal.credit_fen,
            MonthTotal.count,
        ).where(MonthTotal.compound_id.in_(only))
    )
    return {(c, m, a): (int(d), int(cr), int(n)) for c, m, a, d, cr, n in rows}
