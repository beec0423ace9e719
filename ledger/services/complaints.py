"""Complaints and suggestions (投诉建议): logged with their channel and date, answered once.

Part of 财务收支统一监督: what residents said through the hotline, the suggestion box, a
visit or online is recorded by the treasurer, the committee, the supervisory group or the
community, and answered by the committee or the community, with the answer's date. Dates
are local calendar dates, never in the future and never before the compound's account was
opened; an answer is never dated before the complaint was received. An answer, once given,
stands: a second answer is refused. Each step is one transaction with its audit record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.clock import format_local, local_today
from ledger.domain.complaint import Channel
from ledger.domain.entry import check_text
from ledger.domain.errors import InvalidDate, NotFound, WrongState
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.store import audit, org
from ledger.store.schema import Compound, User
from ledger.store.schema_controls import Complaint, Project

RESIDENT_CHARS_MAX = 100
TEXT_CHARS_MAX = 2000


def record_complaint(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    channel: str,
    received_on: dt.date,
    resident: str,
    content: str,
    project_id: int | None = None,
) -> int:
    """Log a complaint or suggestion; returns its id."""
    how = Channel.parse(channel)
    resident = check_text(resident, field="反映人", limit=RESIDENT_CHARS_MAX)
    content = check_text(content, field="反映内容", limit=TEXT_CHARS_MAX)
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.RECORD_COMPLAINT, c)
        _check_day(ctx, c, received_on, "收到日期")
        if project_id is not None:
            project = session.get(Project, project_id)
            if project is None or project.compound_id != c.id:
                raise NotFound(f"{c.name}没有编号为 #{project_id} 的项目", project=project_id)
        now = ctx.clock()
        row = Complaint(
            compound_id=c.id,
            channel=how.value,
            received_on=received_on,
            resident=resident,
            content=content,
            project_id=project_id,
            recorded_by=actor.id,
            recorded_at=now,
        )
        session.add(row)
        session.flush()
        details = {
            "channel": how.value,
            "received_on": received_on,
            "resident": resident,
            "content": content,
            "project": project_id,
        }
        _audit(session, c, actor, now, "record_complaint", row, details)
        return row.id


def answer_complaint(
    ctx: Context, actor: Actor, complaint_id: int, *, answer: str, answered_on: dt.date
) -> None:
    """Record the answer given to a complaint, once."""
    answer = check_text(answer, field="答复内容", limit=TEXT_CHARS_MAX)
    with ctx.db.write() as session:
        row = session.get(Complaint, complaint_id)
        if row is None:
            raise NotFound(f"没有编号为 #{complaint_id} 的投诉建议", complaint=complaint_id)
        c = session.get_one(Compound, row.compound_id)
        require(session, actor, Action.ANSWER_COMPLAINT, c)
        if row.answered_on is not None:
            raise WrongState(
                f"投诉建议 #{row.id} 已于 {row.answered_on} 答复过，不能再次答复",
                complaint=row.id,
            )
        _check_day(ctx, c, answered_on, "答复日期")
        if answered_on < row.received_on:
            raise InvalidDate(
                f"答复日期 {answered_on} 早于收到日期 {row.received_on}",
                complaint=row.id,
            )
        row.answer, row.answered_by, row.answered_on = answer, actor.id, answered_on
        details = {"answered_on": answered_on, "answer": answer}
        _audit(session, c, actor, ctx.clock(), "answer_complaint", row, details)


@dataclass(frozen=True)
class ComplaintView:
    """One complaint or suggestion and its answer, as a person reads it."""

    id: int
    channel: Channel
    received_on: dt.date
    resident: str
    content: str
    project_id: int | None
    project_title: str | None
    recorded_by: str
    recorded_at: dt.datetime
    answer: str | None
    answered_by: str | None
    answered_on: dt.date | None

    @property
    def answered(self) -> bool:
        return self.answered_on is not None

    @property
    def state_label(self) -> str:
        return "已答复" if self.answered else "待答复"

    @property
    def days_to_answer(self) -> int | None:
        if self.answered_on is None:
            return None
        return (self.answered_on - self.received_on).days

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel.value,
            "channel_label": self.channel.label,
            "received_on": self.received_on.isoformat(),
            "resident": self.resident,
            "content": self.content,
            "project_id": self.project_id,
            "project_title": self.project_title,
            "recorded_by": self.recorded_by,
            "recorded_at": format_local(self.recorded_at),
            "answered": self.answered,
            "state_label": self.state_label,
            "answer": self.answer,
            "answered_by": self.answered_by,
            "answered_on": self.answered_on.isoformat() if self.answered_on else None,
            "days_to_answer": self.days_to_answer,
        }


def list_complaints(
    ctx: Context, compound: str, *, month: Month | None = None, unanswered: bool = False
) -> list[ComplaintView]:
    """The compound's complaints by date received; `month` keeps those received in it."""
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        names: dict[int, str] = dict(session.execute(select(User.id, User.display_name)).all())
        q = (
            select(Complaint, Project.title)
            .outerjoin(Project, Project.id == Complaint.project_id)
            .where(Complaint.compound_id == c.id)
        )
        if month is not None:
            q = q.where(Complaint.received_on.between(month.first_day, month.last_day))
        if unanswered:
            q = q.where(Complaint.answered_on.is_(None))
        rows = session.execute(q.order_by(Complaint.received_on, Complaint.id)).all()
        return [
            ComplaintView(
                id=r.id,
                channel=Channel(r.channel),
                received_on=r.received_on,
                resident=r.resident,
                content=r.content,
                project_id=r.project_id,
                project_title=title,
                recorded_by=names[r.recorded_by],
                recorded_at=r.recorded_at,
                answer=r.answer,
                answered_by=names[r.answered_by] if r.answered_by is not None else None,
                answered_on=r.answered_on,
            )
            for r, title in rows
        ]


def _check_day(ctx: Context, c: Compound, day: dt.date, field: str) -> None:
    if day < c.opened_on:
        raise InvalidDate(f"{field} {day} 早于{c.name}公共收益专户开立日期 {c.opened_on}")
    today = local_today(ctx.clock)
    if day > today:
        raise InvalidDate(f"{field} {day} 晚于今天（{today}）")


def _audit(
    session: Session,
    c: Compound,
    actor: Actor,
    at: dt.datetime,
    action: str,
    row: Complaint,
    details: Mapping[str, object],
) -> None:
    audit.append(
        session,
        scope=audit.compound_scope(c.id),
        at=at,
        actor_id=actor.id,
        compound_id=c.id,
        action=action,
        target=f"complaint:{row.id}",
        details=details,
    )
