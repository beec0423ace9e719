"""Queries on contracts, their allocations and maintenance-fund transfers.

An allocation or transfer line is `posted` when its draft was posted and that entry has not
been reversed, `pending` while its draft is open, and `void` otherwise (discarded draft, or
reversed entry): rows never change, their standing follows the books.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from ledger.domain.period import Month
from ledger.store.schema import Account, Draft, Entry, Posting
from ledger.store.schema_contracts import ContractAllocation, FundTransfer, RevenueContract

Standing = Literal["posted", "pending", "void"]


@dataclass(frozen=True)
class AllocationRow:
    contract_id: int
    period: str
    kind: str  # accrual | receipt
    amount_fen: int
    gross_fen: int | None
    cost_share_fen: int | None
    draft_id: int
    standing: Standing
    entry_date: dt.date
    reversed_on: dt.date | None

    def standing_on(self, day: dt.date) -> Standing:
        """The standing as the books were at the end of `day` (for an old month's notice)."""
        if self.entry_date > day:
            return "void"
        if self.standing == "void" and self.reversed_on is not None and self.reversed_on > day:
            return "posted"
        return self.standing


def contract_by_ref(session: Session, compound_id: int, ref: str) -> RevenueContract | None:
    return session.execute(
        select(RevenueContract).where(
            RevenueContract.compound_id == compound_id, RevenueContract.ref == ref
        )
    ).scalar_one_or_none()


def contracts_of(session: Session, compound_id: int) -> list[RevenueContract]:
    return list(
        session.execute(
            select(RevenueContract)
            .where(RevenueContract.compound_id == compound_id)
            .order_by(RevenueContract.start_on, RevenueContract.ref)
        ).scalars()
    )


def _standing(state: str, reversed_seq: int | None) -> Standing:
    if state == "open":
        return "pending"
    if state == "posted" and reversed_seq is None:
        return "posted"
    return "void"


def allocations(
    session: Session, compound_id: int, contract_id: int | None = None
) -> list[AllocationRow]:
    reversal = aliased(Entry)
    query = (
        select(ContractAllocation, Draft.state, reversal.seq, Draft.entry_date, reversal.entry_date)
        .join(Draft, Draft.id == ContractAllocation.draft_id)
        .outerjoin(
            reversal,
            and_(
                reversal.compound_id == Draft.compound_id,
                reversal.reverses_seq == Draft.posted_seq,
            ),
        )
        .where(ContractAllocation.compound_id == compound_id)
        .order_by(ContractAllocation.id)
    )
    if contract_id is not None:
        query = query.where(ContractAllocation.contract_id == contract_id)
    return [
        AllocationRow(
            a.contract_id,
            a.period,
            a.kind,
            a.amount_fen,
            a.gross_fen,
            a.cost_share_fen,
            a.draft_id,
            _standing(state, rev),
            day,
            reversed_on,
        )
        for a, state, rev, day, reversed_on in session.execute(query).all()
    ]


@dataclass(frozen=True)
class TransferRow:
    first_month: str
    last_month: str
    amount_fen: int
    draft_id: int
    standing: Standing
    entry_date: dt.date
    reversed_on: dt.date | None

    def standing_on(self, day: dt.date) -> Standing:
        if self.entry_date > day:
            return "void"
        if self.standing == "void" and self.reversed_on is not None and self.reversed_on > day:
            return "posted"
        return self.standing


def fund_transfers(session: Session, compound_id: int) -> list[TransferRow]:
    reversal = aliased(Entry)
    rows = session.execute(
        select(FundTransfer, Draft.state, reversal.seq, Draft.entry_date, reversal.entry_date)
        .join(Draft, Draft.id == FundTransfer.draft_id)
        .outerjoin(
            reversal,
            and_(
                reversal.compound_id == Draft.compound_id,
                reversal.reverses_seq == Draft.posted_seq,
            ),
        )
        .where(FundTransfer.compound_id == compound_id)
        .order_by(FundTransfer.id)
    ).all()
    return [
        TransferRow(
            t.first_month, t.last_month, t.amount_fen, t.draft_id, _standing(s, rev), day, back
        )
        for t, s, rev, day, back in rows
    ]


def net_movements(
    session: Session, compound_id: int, first: Month, last: Month, codes: Collection[str]
) -> int:
    """Sum of the postings (debit positive) on the accounts `codes` from `first` to `last`."""
    total = session.execute(
        select(func.coalesce(func.sum(Posting.amount_fen), 0))
        .join(Account, Account.id == Posting.account_id)
        .where(
            Posting.compound_id == compound_id,
            Posting.voucher_month >= str(first),
            Posting.voucher_month <= str(last),
            Account.code.in_(list(codes)),
        )
    ).scalar_one()
    return int(total)
