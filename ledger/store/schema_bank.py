"""Bank statements, their matches to entries and monthly reconciliations (issue 7). Tables are
created by migration 0005.

All five tables are append-only (database triggers refuse UPDATE and DELETE): an imported
bank line is what the bank printed and never changes; a match pairs two things that never
change; a reconciliation is kept as made, and redoing one adds a newer row for the month.
Bank lines are unique per compound, account and serial (流水号), which makes an import
idempotent; matches are one-to-one on both sides.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ledger.store.schema import Base, UtcDateTime

APPEND_ONLY = ("bank_import", "bank_line", "bank_match", "bank_suggestion", "bank_reconciliation")


class BankImport(Base):
    """One imported statement file: who, when, which file, and what it added."""

    __tablename__ = "bank_import"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    account_no: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    profile: Mapped[str] = mapped_column(String(40))
    encoding: Mapped[str] = mapped_column(String(16))
    lines_in_file: Mapped[int] = mapped_column(Integer)
    lines_added: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class BankLineRow(Base):
    """One line of the bank statement; `seq` is its place in the account's running balance."""

    __tablename__ = "bank_line"
    __table_args__ = (
        UniqueConstraint("compound_id", "account_no", "serial"),
        UniqueConstraint("compound_id", "account_no", "seq"),
        Index("ix_bank_line_date", "compound_id", "txn_date"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    account_no: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)
    serial: Mapped[str] = mapped_column(String(200))
    txn_date: Mapped[dt.date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    balance_fen: Mapped[int] = mapped_column(BigInteger)
    counterparty: Mapped[str] = mapped_column(Text)
    counterparty_account: Mapped[str] = mapped_column(String(200))
    memo: Mapped[str] = mapped_column(Text)
    import_id: Mapped[int] = mapped_column(ForeignKey("bank_import.id"))
    file_row: Mapped[int] = mapped_column(Integer)


class BankMatch(Base):
    """A bank line paired with the posted entry that booked the same movement."""

    __tablename__ = "bank_match"
    __table_args__ = (
        UniqueConstraint("compound_id", "entry_seq"),
        ForeignKeyConstraint(["compound_id", "entry_seq"], ["entry.compound_id", "entry.seq"]),
    )
    bank_line_id: Mapped[int] = mapped_column(ForeignKey("bank_line.id"), primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    entry_seq: Mapped[int] = mapped_column(Integer)
    days_apart: Mapped[int] = mapped_column(Integer)
    similarity_pct: Mapped[int] = mapped_column(Integer)
    matched_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    matched_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class BankSuggestion(Base):
    """A draft entry suggested for a bank line nothing in the books matched."""

    __tablename__ = "bank_suggestion"
    __table_args__ = (UniqueConstraint("draft_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    bank_line_id: Mapped[int] = mapped_column(ForeignKey("bank_line.id"))
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class BankReconciliation(Base):
    """One month's reconciliation as made; the newest row of a month is the one that counts."""

    __tablename__ = "bank_reconciliation"
    __table_args__ = (Index("ix_bank_reconciliation_month", "compound_id", "month"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    month: Mapped[str] = mapped_column(String(7))
    bank_balance_fen: Mapped[int] = mapped_column(BigInteger)
    balance_source: Mapped[str] = mapped_column(String(12))
    typed_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    ledger_balance_fen: Mapped[int] = mapped_column(BigInteger)
    bank_in_fen: Mapped[int] = mapped_column(BigInteger)
    bank_out_fen: Mapped[int] = mapped_column(BigInteger)
    books_in_fen: Mapped[int] = mapped_column(BigInteger)
    books_out_fen: Mapped[int] = mapped_column(BigInteger)
    difference_fen: Mapped[int] = mapped_column(BigInteger)
    items: Mapped[str] = mapped_column(Text)  # JSON list of the items in transit
    made_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    made_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
