"""`verify` of contract income and maintenance-fund transfers against the posted books.

The allocation rows say which draft raised or cleared how much of a contract period; a draft
can still be edited before it is posted, so once posted its entry must carry exactly those
amounts on the receivable accounts: raised = debits, cleared = credits. A fund transfer's
entry must debit the maintenance-fund account by the amount the transfer row names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.account import AccountRole
from ledger.domain.rules import RuleBook
from ledger.store import books
from ledger.store.schema import Compound, Draft, Posting
from ledger.store.schema_contracts import ContractAllocation, FundTransfer

if TYPE_CHECKING:
    from ledger.services.verify import VerifyReport


def _sums(session: Session, compound_id: int, account_ids: set[int]) -> dict[int, tuple[int, int]]:
    """Debit and credit totals on the accounts, per entry."""
    debit = func.sum(func.abs(Posting.amount_fen) + Posting.amount_fen) / 2
    credit = func.sum(func.abs(Posting.amount_fen) - Posting.amount_fen) / 2
    rows = session.execute(
        select(Posting.entry_seq, debit, credit)
        .where(Posting.compound_id == compound_id, Posting.account_id.in_(account_ids))
        .group_by(Posting.entry_seq)
    ).all()
    return {seq: (int(d), int(c)) for seq, d, c in rows}


def check_contracts(
    session: Session, rules: RuleBook, report: VerifyReport, compound_ids: Sequence[int]
) -> None:
    from ledger.services.verify import Finding

    for cid in compound_ids:
        c = session.get_one(Compound, cid)
        r = rules.for_compound(c.name)
        accounts = books.accounts_by_code(session, cid)
        codes = {cat.receivable for cat in r.income_categories if cat.receivable}
        codes.add(r.account_by_role(AccountRole.RECEIVABLE_PROPERTY).code)
        receivable = {accounts[x].id for x in codes if x in accounts}
        expected: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for seq, kind, fen in session.execute(
            select(Draft.posted_seq, ContractAllocation.kind, ContractAllocation.amount_fen)
            .join(Draft, Draft.id == ContractAllocation.draft_id)
            .where(ContractAllocation.compound_id == cid, Draft.state == "posted")
        ).all():
            if seq is not None:
                expected[seq][0 if kind == "accrual" else 1] += fen
        found = _sums(session, cid, receivable) if expected else {}
        for seq, (raised, cleared) in sorted(expected.items()):
            if found.get(seq, (0, 0)) != (raised, cleared):
                report.findings.append(
                    Finding(
                        c.name,
                        f"链序号 {seq}",
                        "合同应收对应",
                        f"合同登记的计提 {raised} 分、收款 {cleared} 分，与凭证上的应收科目借贷"
                        f" {found.get(seq, (0, 0))} 分不符",
                    )
                )
        fund = accounts.get(r.account_by_role(AccountRole.MAINTENANCE_FUND).code)
        transfers = session.execute(
            select(Draft.posted_seq, FundTransfer.amount_fen)
            .join(Draft, Draft.id == FundTransfer.draft_id)
            .where(FundTransfer.compound_id == cid, Draft.state == "posted")
        ).all()
        moved = _sums(session, cid, {fund.id}) if fund is not None and transfers else {}
        for seq, fen in transfers:
            if seq is not None and moved.get(seq, (0, 0))[0] != fen:
                report.findings.append(
                    Finding(
                        c.name,
                        f"链序号 {seq}",
                        "维修资金划转对应",
                        f"划转登记 {fen} 分，与凭证借记维修资金科目的金额不符",
                    )
                )
