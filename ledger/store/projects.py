"""Queries over projects: the project, its history, quotes, votes, objections, payments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.errors import NotFound
from ledger.store.schema import Account, Entry, Posting
from ledger.store.schema_controls import (
    Project,
    ProjectObjection,
    ProjectQuote,
    ProjectStep,
    ProjectVote,
)


def get(session: Session, project_id: int, *, for_update: bool = False) -> Project:
    q = select(Project).where(Project.id == project_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update()
    row = session.execute(q).scalar_one_or_none()
    if row is None:
        raise NotFound(f"没有编号为 {project_id} 的项目", project=project_id)
    return row


def steps(session: Session, project_id: int) -> list[ProjectStep]:
    return list(
        session.execute(
            select(ProjectStep)
            .where(ProjectStep.project_id == project_id)
            .order_by(ProjectStep.seq)
        ).scalars()
    )


def next_step_seq(session: Session, project_id: int) -> int:
    value = session.execute(
        select(func.max(ProjectStep.seq)).where(ProjectStep.project_id == project_id)
    ).scalar_one()
    return int(value or 0) + 1


def last_step_date(session: Session, project_id: int) -> dt.date | None:
    return session.execute(
        select(func.max(ProjectStep.on_date)).where(ProjectStep.project_id == project_id)
    ).scalar_one()


def step_date(session: Session, project_id: int, action: str) -> dt.date | None:
    """The day of the project's latest step of that kind, if any."""
    return session.execute(
        select(func.max(ProjectStep.on_date)).where(
            ProjectStep.project_id == project_id, ProjectStep.action == action
        )
    ).scalar_one()


def quotes(session: Session, project_id: int) -> list[ProjectQuote]:
    return list(
        session.execute(
            select(ProjectQuote)
            .where(ProjectQuote.project_id == project_id)
            .order_by(ProjectQuote.id)
        ).scalars()
    )


def votes(session: Session, project_id: int) -> list[ProjectVote]:
    return list(
        session.execute(
            select(ProjectVote).where(ProjectVote.project_id == project_id).order_by(ProjectVote.id)
        ).scalars()
    )


def objections(session: Session, project_id: int) -> list[ProjectObjection]:
    return list(
        session.execute(
            select(ProjectObjection)
            .where(ProjectObjection.project_id == project_id)
            .order_by(ProjectObjection.id)
        ).scalars()
    )


def paid_fen(session: Session, compound_id: int, project_id: int) -> int:
    """Money that left the bank account for the project (payments less their reversals)."""
    value = session.execute(
        select(func.sum(Posting.amount_fen))
        .join(Entry, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq))
        .join(Account, Account.id == Posting.account_id)
        .where(
            Entry.compound_id == compound_id,
            Entry.project_id == project_id,
            Account.role == "bank",
        )
    ).scalar_one()
    return -int(value or 0)


def in_compound(session: Session, compound_id: int) -> list[Project]:
    return list(
        session.execute(
            select(Project).where(Project.compound_id == compound_id).order_by(Project.id)
        ).scalars()
    )
