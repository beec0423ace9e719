"""Revenue contracts and what they are owed (issue 7). Tables are created by migration 0004.

- `revenue_contract`: a contract's terms are fixed once written; the only change allowed is
  ending it, once (a trigger refuses anything else, and any DELETE).
- `contract_allocation`: which draft raised (accrual) or paid (receipt) how much of which
  contract period; append-only. A line counts once its draft is posted and not reversed,
  so a discarded draft or a reversal frees the period again without changing any row.
- `fund_transfer`: which draft transfers how much of which period's maintenance-fund share;
  append-only, counted the same way.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ledger.store.schema import Base, UtcDateTime


class RevenueContract(Base):
    __tablename__ = "revenue_contract"
    __table_args__ = (
        UniqueConstraint("compound_id", "ref"),
        CheckConstraint("kind IN ('direct', 'collection')", name="kind"),
        CheckConstraint("frequency IN ('monthly', 'quarterly', 'yearly')", name="frequency"),
        CheckConstraint("amount_fen >= 0 AND deposit_fen >= 0", name="amounts"),
        CheckConstraint("due_day BETWEEN 1 AND 28", name="due_day"),
        CheckConstraint("end_on IS NULL OR end_on >= start_on", name="term"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    ref: Mapped[str] = mapped_column(String(100))  # the document's reference (合同编号)
    counterparty: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    frequency: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date)
    due_day: Mapped[int] = mapped_column(Integer)
    deposit_fen: Mapped[int] = mapped_column(BigInteger)
    cost_share_bp: Mapped[int | None] = mapped_column(Integer)
    seal_use_id: Mapped[int | None] = mapped_column(ForeignKey("seal_use.id"))
    note: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class ContractAllocation(Base):
    __tablename__ = "contract_allocation"
    __table_args__ = (
        CheckConstraint("kind IN ('accrual', 'receipt')", name="kind"),
        CheckConstraint("amount_fen > 0", name="positive"),
        Index("ix_contract_allocation_contract", "compound_id", "contract_id", "period"),
        Index("ix_contract_allocation_draft", "draft_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    contract_id: Mapped[int] = mapped_column(ForeignKey("revenue_contract.id"))
    period: Mapped[str] = mapped_column(String(7))  # the period's first month
    kind: Mapped[str] = mapped_column(String(12))
    amount_fen: Mapped[int] = mapped_column(BigInteger)  # the receivable raised or cleared
    gross_fen: Mapped[int | None] = mapped_column(BigInteger)  # collections: what was collected
    cost_share_fen: Mapped[int | None] = mapped_column(BigInteger)  # collections: kept by it
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class FundTransfer(Base):
    __tablename__ = "fund_transfer"
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="positive"),
        Index("ix_fund_transfer_period", "compound_id", "first_month"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    first_month: Mapped[str] = mapped_column(String(7))
    last_month: Mapped[str] = mapped_column(String(7))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
