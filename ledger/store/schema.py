"""Tables of the books, as SQLAlchemy 2 typed models.

Every book-keeping table carries `compound_id`, so the books partition cleanly by compound.
Append-only tables (`entry`, `posting`, `entry_attachment`, `audit_log`, `period_lock`) are
protected by database triggers (see `triggers.py`) as a second line of defence behind the
services: no UPDATE, no DELETE; an entry must arrive balanced, consecutive and chained.

Postings reference their entry by `(compound_id, entry_seq)` through a deferred foreign key,
so a posting set is written first and the entry row that seals it last: once the entry row
exists, no posting can be added to it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Stored as naive UTC on every engine, returned aware: the same text in every hash."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Street(Base):
    __tablename__ = "street"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Community(Base):
    __tablename__ = "community"
    __table_args__ = (UniqueConstraint("street_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("street.id"))
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Compound(Base):
    __tablename__ = "compound"
    __table_args__ = (UniqueConstraint("street_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("street.id"))
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id"))
    name: Mapped[str] = mapped_column(String(100))
    households: Mapped[int] = mapped_column(Integer, default=0)
    bank_name: Mapped[str] = mapped_column(String(100), default="")
    bank_account_no: Mapped[str] = mapped_column(String(64), default="")
    opened_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class RoleGrant(Base):
    """A role held by a user over one scope: the street, a community or a compound."""

    __tablename__ = "role_grant"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN street_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN community_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN compound_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_scope",
        ),
        UniqueConstraint("user_id", "role", "street_id", "community_id", "compound_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    role: Mapped[str] = mapped_column(String(20))
    street_id: Mapped[int | None] = mapped_column(ForeignKey("street.id"))
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id"))
    compound_id: Mapped[int | None] = mapped_column(ForeignKey("compound.id"))
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Account(Base):
    """A compound's chart-of-accounts line, loaded from rules.yaml when the compound is set up."""

    __tablename__ = "account"
    __table_args__ = (
        UniqueConstraint("compound_id", "code"),
        UniqueConstraint("compound_id", "beancount"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    beancount: Mapped[str] = mapped_column(String(200))
    may_go_negative: Mapped[bool] = mapped_column(Boolean)
    role: Mapped[str | None] = mapped_column(String(32))


class Draft(Base):
    """A journal entry being prepared. Mutable by its maker until approved or discarded."""

    __tablename__ = "draft"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'posted', 'discarded')", name="state"),
        Index("ix_draft_open", "compound_id", "state"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    kind: Mapped[str] = mapped_column(String(16))
    entry_date: Mapped[dt.date] = mapped_column(Date)
    memo: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(32))
    project_id: Mapped[int | None] = mapped_column(Integer)
    attachment_count: Mapped[int] = mapped_column(Integer, default=0)
    reverses_seq: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    maker_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(12), default="open")
    posted_seq: Mapped[int | None] = mapped_column(Integer)


class DraftLine(Base):
    __tablename__ = "draft_line"
    __table_args__ = (UniqueConstraint("draft_id", "line_no"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    memo: Mapped[str] = mapped_column(Text, default="")


class DraftAttachment(Base):
    __tablename__ = "draft_attachment"
    __table_args__ = (UniqueConstraint("draft_id", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))


class Entry(Base):
    """A posted journal entry (voucher). Append-only; one link of the compound's hash chain."""

    __tablename__ = "entry"
    __table_args__ = (
        UniqueConstraint("compound_id", "voucher_month", "voucher_seq"),
        UniqueConstraint("compound_id", "voucher_no"),
        UniqueConstraint("compound_id", "reverses_seq"),
        UniqueConstraint("draft_id"),
        ForeignKeyConstraint(["compound_id", "reverses_seq"], ["entry.compound_id", "entry.seq"]),
        CheckConstraint("seq >= 1 AND voucher_seq >= 1", name="positive_seq"),
        CheckConstraint("reverses_seq IS NULL OR reverses_seq < seq", name="reverses_earlier"),
        Index("ix_entry_date", "compound_id", "entry_date"),
    )
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    voucher_month: Mapped[str] = mapped_column(String(7))
    voucher_seq: Mapped[int] = mapped_column(Integer)
    voucher_no: Mapped[str] = mapped_column(String(32))
    entry_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    memo: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(32))
    project_id: Mapped[int | None] = mapped_column(Integer)
    attachment_count: Mapped[int] = mapped_column(Integer)
    reverses_seq: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("draft.id"))
    maker_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    checker_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    drafted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    posted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Posting(Base):
    """One line of a posted entry: an account and a signed amount (debit positive)."""

    __tablename__ = "posting"
    __table_args__ = (
        ForeignKeyConstraint(
            ["compound_id", "entry_seq"],
            ["entry.compound_id", "entry.seq"],
            deferrable=True,
            initially="DEFERRED",
        ),
        CheckConstraint("amount_fen <> 0", name="nonzero"),
        # Covering index: a month's balances never read the entries themselves.
        Index(
            "ix_posting_month_balance", "compound_id", "voucher_month", "account_id", "amount_fen"
        ),
        Index("ix_posting_account", "compound_id", "account_id", "voucher_month"),
    )
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"), primary_key=True)
    entry_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    voucher_month: Mapped[str] = mapped_column(String(7))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    memo: Mapped[str] = mapped_column(Text)


class MonthTotal(Base):
    """Debit and credit totals and the number of postings of one account in one month of one
    compound: derived from the postings, written in the same transaction by both posting paths
    (`ledger.store.month_totals`), recomputed and compared by `verify`. The statement reads
    its opening and since-the-start figures here, a few rows a month, not the whole history."""

    __tablename__ = "month_total"
    # Clustered on the primary key in SQLite too: a statement reads a range of it.
    __table_args__ = ({"sqlite_with_rowid": False},)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"), primary_key=True)
    voucher_month: Mapped[str] = mapped_column(String(7), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    debit_fen: Mapped[int] = mapped_column(BigInteger)
    credit_fen: Mapped[int] = mapped_column(BigInteger)
    count: Mapped[int] = mapped_column(Integer)


class EntryAttachment(Base):
    """A scanned document attached to a posted entry, identified by its SHA-256."""

    __tablename__ = "entry_attachment"
    __table_args__ = (
        ForeignKeyConstraint(
            ["compound_id", "entry_seq"],
            ["entry.compound_id", "entry.seq"],
            deferrable=True,
            initially="DEFERRED",
        ),
    )
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"), primary_key=True)
    entry_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))


class PeriodLock(Base):
    """A closed (published) month of a compound: nothing may be posted into it afterwards."""

    __tablename__ = "period_lock"
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    locked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    locked_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    last_seq: Mapped[int] = mapped_column(Integer)
    snapshot_hash: Mapped[str] = mapped_column(String(64))


class AuditRecord(Base):
    """One line of the append-only audit log, hash-chained per scope (a compound or a street)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_compound", "compound_id", "at"),
        Index("ix_audit_actor", "actor_id", "at"),
    )
    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    compound_id: Mapped[int | None] = mapped_column(ForeignKey("compound.id"))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(100))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
