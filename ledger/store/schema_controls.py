"""Tables of the 一管四统 controls: projects and their steps, quotes, votes, objections,
payment approvals, the seal register, month close sign-offs and complaints.

Workflow rows (`project`, `project_objection`, `seal_use`, `month_close`, `complaint`) carry
their current state; every step that changes one is also written to an append-only table
(`project_step`, `month_signoff`) and to the audit log, so the history can be read and checked.
Quotes, votes and payment approvals are append-only facts.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
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


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (Index("ix_project_state", "compound_id", "state"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    title: Mapped[str] = mapped_column(String(200))
    need: Mapped[str] = mapped_column(Text)
    proposer: Mapped[str] = mapped_column(String(100))
    proposer_kind: Mapped[str] = mapped_column(String(32))
    households: Mapped[int] = mapped_column(Integer, default=0)
    estimate_fen: Mapped[int] = mapped_column(BigInteger)
    tier: Mapped[str] = mapped_column(String(16))
    special_matter: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(24))
    chosen_quote_id: Mapped[int | None] = mapped_column(Integer)
    choice_reason: Mapped[str | None] = mapped_column(Text)
    budget_fen: Mapped[int | None] = mapped_column(BigInteger)
    notice_start: Mapped[dt.date | None] = mapped_column(Date)
    notice_end: Mapped[dt.date | None] = mapped_column(Date)
    final_cost_fen: Mapped[int | None] = mapped_column(BigInteger)
    created_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ProjectStep(Base):
    """One recorded step of a project: who, when, what it rested on. Append-only."""

    __tablename__ = "project_step"
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    action: Mapped[str] = mapped_column(String(24))
    from_state: Mapped[str] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    on_date: Mapped[dt.date] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text)


class ProjectQuote(Base):
    __tablename__ = "project_quote"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    vendor: Mapped[str] = mapped_column(String(200))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    document: Mapped[str] = mapped_column(String(200))
    added_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ProjectVote(Base):
    """A vote tally and its result, with the exact figures the thresholds were checked on."""

    __tablename__ = "project_vote"
    __table_args__ = (CheckConstraint("body IN ('committee', 'assembly')", name="body"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    body: Mapped[str] = mapped_column(String(16))
    held_on: Mapped[dt.date] = mapped_column(Date)
    special: Mapped[bool] = mapped_column(Boolean, default=False)
    members: Mapped[int | None] = mapped_column(Integer)
    present: Mapped[int | None] = mapped_column(Integer)
    votes_for: Mapped[int] = mapped_column(Integer)
    votes_against: Mapped[int] = mapped_column(Integer)
    abstain: Mapped[int] = mapped_column(Integer)
    owners_total: Mapped[int | None] = mapped_column(Integer)
    owners_voted: Mapped[int | None] = mapped_column(Integer)
    area_total: Mapped[int | None] = mapped_column(BigInteger)  # hundredths of m²
    area_voted: Mapped[int | None] = mapped_column(BigInteger)
    area_for: Mapped[int | None] = mapped_column(BigInteger)
    passed: Mapped[bool] = mapped_column(Boolean)
    result: Mapped[str] = mapped_column(Text)  # the checks and margins, in words and JSON
    recorded_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ProjectObjection(Base):
    __tablename__ = "project_objection"
    __table_args__ = (CheckConstraint("state IN ('open', 'upheld', 'dismissed')", name="state"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    filed_on: Mapped[dt.date] = mapped_column(Date)
    resident: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(12), default="open")
    answer: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class PaymentApproval(Base):
    """The community's approval of a payment draft above the major-payment limit."""

    __tablename__ = "payment_approval"
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id"), primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    approved_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    approved_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    opinion: Mapped[str] = mapped_column(Text)


class SealUse(Base):
    """One line of the seal register (用印登记): requested, approved or refused, then used."""

    __tablename__ = "seal_use"
    __table_args__ = (
        UniqueConstraint("compound_id", "register_no"),
        CheckConstraint("state IN ('requested', 'approved', 'refused', 'used')", name="state"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    register_no: Mapped[int] = mapped_column(Integer)
    document_kind: Mapped[str] = mapped_column(String(24))
    document: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("draft.id"))
    month: Mapped[str | None] = mapped_column(String(7))
    contract_ref: Mapped[str | None] = mapped_column(String(100))
    requested_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(12))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    opinion: Mapped[str | None] = mapped_column(Text)
    used_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class MonthClose(Base):
    """Where a compound's month stands in closing: prepared → reviewed → signed → published."""

    __tablename__ = "month_close"
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    state: Mapped[str] = mapped_column(String(24))
    last_seq: Mapped[int] = mapped_column(Integer)
    snapshot_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class MonthSignoff(Base):
    """One sign-off (or sending back) of a month, append-only, naming the snapshot it signed."""

    __tablename__ = "month_signoff"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    month: Mapped[str] = mapped_column(String(7))
    step: Mapped[str] = mapped_column(String(24))
    decision: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    comment: Mapped[str] = mapped_column(Text)
    snapshot_hash: Mapped[str] = mapped_column(String(64))


class Complaint(Base):
    """A complaint or suggestion (hotline, suggestion box, visit) and its answer."""

    __tablename__ = "complaint"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compound.id"))
    channel: Mapped[str] = mapped_column(String(16))
    received_on: Mapped[dt.date] = mapped_column(Date)
    resident: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    answered_on: Mapped[dt.date | None] = mapped_column(Date)
