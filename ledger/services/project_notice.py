"""The project notice (立项公示) and its objections, and starting work once it is over.

The notice needs an approved seal-register line for the project notice (公章统一存管). It
lasts the rules' notice days from its first day; objections are taken during the rules'
objection days and hold the project until resolved: dismissed with a written answer (the
notice continues), upheld for a new vote, or upheld to reject.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ledger.domain.clock import local_today
from ledger.domain.entry import check_text
from ledger.domain.errors import InvalidDate, InvalidInput, NotFound, WrongState
from ledger.domain.project import ProjectAction, ProjectState
from ledger.domain.roles import Action
from ledger.services.context import Actor, Context
from ledger.services.project_flow import step
from ledger.store import projects as repo
from ledger.store import seals
from ledger.store.schema_controls import ProjectObjection

A, S = ProjectAction, ProjectState
OUTCOMES = {
    "dismissed": "驳回异议（书面答复），公示继续",
    "revote": "异议成立，重新表决",
    "reject": "异议成立，项目终止",
}


def publish(
    ctx: Context, actor: Actor, project_id: int, *, start: dt.date | None = None
) -> dt.date:
    """Start the notice; returns its last day."""
    with step(ctx, actor, project_id, A.PUBLISH, Action.PUBLISH_PROJECT) as st:
        p = st.project
        tier = next(t for t in st.rules.project_tiers if t.key == p.tier)
        if tier.community_approval and st.state is not S.COMMUNITY_APPROVED:
            raise WrongState(f"{tier.name}项目须先经社区党委把关，才能公示")
        seal = seals.granted_seal(
            st.session, st.compound.id, kind="project_notice", project_id=p.id
        )
        if seal is None:
            raise WrongState(
                "立项公示须加盖业委会公章：请先登记用印申请并经社区审批（seal request/approve）"
            )
        first = st.day(start)
        p.notice_start = first
        p.notice_end = first + dt.timedelta(days=st.rules.notice_days - 1)
        st.record(
            A.PUBLISH,
            S.PUBLICIZED,
            on_date=first,
            evidence=f"公示 {first} 至 {p.notice_end}，用印登记第 {seal.register_no} 号",
            details={"notice_start": first, "notice_end": p.notice_end, "seal": seal.id},
        )
        return p.notice_end


def file_objection(
    ctx: Context,
    actor: Actor,
    project_id: int,
    *,
    resident: str,
    content: str,
    filed_on: dt.date | None = None,
) -> int:
    with step(ctx, actor, project_id, A.OBJECT, Action.FILE_OBJECTION) as st:
        p = st.project
        day = filed_on or local_today(ctx.clock)
        assert p.notice_start is not None
        last = p.notice_start + dt.timedelta(days=st.rules.objection_days - 1)
        if p.notice_start <= day <= last:
            day = st.day(day)  # not in the future, not before an earlier step
        else:
            raise InvalidDate(f"异议受理期是 {p.notice_start} 至 {last}，{day} 不在其中")
        row = ProjectObjection(
            project_id=p.id,
            compound_id=st.compound.id,
            filed_on=day,
            resident=check_text(resident, field="异议人", limit=100),
            content=check_text(content, field="异议内容", limit=2000),
            recorded_by=actor.id,
            recorded_at=ctx.clock(),
            state="open",
        )
        st.session.add(row)
        st.session.flush()
        st.record(
            A.OBJECT,
            S.ON_HOLD,
            on_date=day,
            evidence=row.content,
            details={"objection": row.id, "resident": row.resident},
        )
        return row.id


def resolve_objection(
    ctx: Context, actor: Actor, objection_id: int, *, outcome: str, answer: str
) -> None:
    if outcome not in OUTCOMES:
        raise InvalidInput(f"处理结果「{outcome}」不对，可选：{'、'.join(OUTCOMES)}")
    with ctx.db.read() as session:
        row = session.get(ProjectObjection, objection_id)
        if row is None:
            raise NotFound(f"没有编号为 {objection_id} 的异议")
        project_id = row.project_id
    with step(ctx, actor, project_id, A.RESOLVE, Action.RESOLVE_OBJECTION) as st:
        obj = st.session.execute(
            select(ProjectObjection).where(ProjectObjection.id == objection_id)
        ).scalar_one()
        if obj.state != "open":
            raise WrongState(f"异议 #{objection_id} 已经处理过")
        obj.state = "dismissed" if outcome == "dismissed" else "upheld"
        obj.answer = check_text(answer, field="书面答复", limit=2000)
        obj.resolved_by, obj.resolved_at = actor.id, ctx.clock()
        still_open = [o for o in repo.objections(st.session, project_id) if o.state == "open"]
        if outcome != "dismissed":
            # Upheld: the project goes back to a vote or ends, which answers every open objection.
            for other in still_open:
                other.state, other.resolved_by, other.resolved_at = "upheld", actor.id, ctx.clock()
                other.answer = f"与异议 #{obj.id} 一并处理：{obj.answer}"
        if outcome == "reject":
            to = S.REJECTED
        elif outcome == "revote":
            to = S.QUOTED
            st.project.notice_start = st.project.notice_end = None
        else:
            to = S.ON_HOLD if still_open else S.PUBLICIZED
        st.record(
            A.RESOLVE,
            to,
            on_date=local_today(ctx.clock),
            evidence=obj.answer,
            details={"objection": obj.id, "outcome": outcome},
        )


def start_work(
    ctx: Context, actor: Actor, project_id: int, *, on_date: dt.date | None = None
) -> None:
    """Begin the work once the notice is over with no open objection; payments may follow."""
    with step(ctx, actor, project_id, A.START, Action.START_PROJECT) as st:
        p = st.project
        day = st.day(on_date)
        assert p.notice_end is not None
        if day <= p.notice_end:
            raise WrongState(f"公示期到 {p.notice_end} 才结束，{day} 还不能开工")
        if any(o.state == "open" for o in repo.objections(st.session, project_id)):
            raise WrongState("还有未处理的异议，不能开工：请先处理异议")
        st.record(A.START, S.IN_PROGRESS, on_date=day, evidence="公示期满，无未处理的异议")
