"""The seal register (用印登记, 公章统一存管): request, approve or refuse, use; and its read model.

The committee seal is kept by the community. Every use is one register line: the document,
its purpose and what it seals (a project notice, a month notice, a payment draft, a
contract), requested by the treasurer or the committee, decided by the community custodian
(who may not decide their own request), then recorded as used. Documents that must be sealed
look for an approved or used line (`ledger.store.seals.granted_seal`); at most one line per
such document is pending (requested or approved, not yet used) at a time.

Register numbers run from 1 per compound for the compound's whole life and never restart
with the year, so they are shown as plain numbers (第 12 号): a year in front would suggest
a yearly series that is not there. Numbers are taken under the compound's lock, so
concurrent requests never share or skip one. Each step is one transaction with its audit
record; a refused step writes nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.clock import local_today
from ledger.domain.entry import check_text
from ledger.domain.errors import InvalidDate, InvalidInput, NotFound, PermissionDenied, WrongState
from ledger.domain.period import Month
from ledger.domain.project import ProjectState
from ledger.domain.roles import Action
from ledger.domain.seal import SealKind, SealState
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.services.seal_register import SealLine, list_seals
from ledger.store import audit, org
from ledger.store.database import lock_compound
from ledger.store.schema import Compound, Draft
from ledger.store.schema_controls import Project, SealUse
from ledger.store.seals import next_register_no

__all__ = ["SealLine", "approve_seal", "list_seals", "request_seal", "use_seal"]

PURPOSE_CHARS_MAX = 500
OPINION_CHARS_MAX = 500
PENDING = (SealState.REQUESTED.value, SealState.APPROVED.value)


def request_seal(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    document_kind: str,
    document: str,
    purpose: str,
    project_id: int | None = None,
    draft_id: int | None = None,
    month: str | None = None,
    contract_ref: str | None = None,
) -> int:
    """Register a request to use the seal; returns the register line's id."""
    kind = SealKind.parse(document_kind)
    document = check_text(document, field="用印文件名称")
    purpose = check_text(purpose, field="用印事由", limit=PURPOSE_CHARS_MAX)
    contract = check_text(contract_ref or "", field="合同编号", required=False, limit=100) or None
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.REQUEST_SEAL, c)
        lock_compound(session, c.id)
        month_text = _check_month(ctx, c, month) if month is not None else None
        _check_links(session, c, kind, project_id, draft_id, month_text, contract)
        _check_no_pending(session, c, kind, project_id, draft_id, month_text)
        now = ctx.clock()
        row = SealUse(
            compound_id=c.id,
            register_no=next_register_no(session, c.id),
            document_kind=kind.value,
            document=document,
            purpose=purpose,
            project_id=project_id,
            draft_id=draft_id,
            month=month_text,
            contract_ref=contract,
            requested_by=actor.id,
            requested_at=now,
            state=SealState.REQUESTED.value,
        )
        session.add(row)
        session.flush()
        _audit(session, c, actor, now, "request_seal", row, document=document, purpose=purpose)
        return row.id


def approve_seal(ctx: Context, actor: Actor, seal_id: int, *, approve: bool, opinion: str) -> None:
    """The community custodian approves or refuses a request (a refusal must say why)."""
    field = "审批意见" if approve else "不予用印的理由"
    text = check_text(opinion, field=field, required=not approve, limit=OPINION_CHARS_MAX)
    with ctx.db.write() as session:
        row, c = _line(session, seal_id)
        require(session, actor, Action.APPROVE_SEAL, c)
        _require_state(row, SealState.REQUESTED, "审批")
        if row.requested_by == actor.id:
            raise PermissionDenied(
                f"用印登记第 {row.register_no} 号是「{actor.display_name}」自己申请的，"
                "不能自己审批：请社区党委另一位保管人审批",
                seal=row.id,
                action=Action.APPROVE_SEAL.value,
                user=actor.name,
                compound_id=c.id,
            )
        if approve and row.draft_id is not None:
            draft = session.get_one(Draft, row.draft_id)
            if draft.state == "discarded":
                raise WrongState(
                    f"用印登记第 {row.register_no} 号所盖的付款草稿 #{draft.id} 已作废，不能批准用印",
                    seal=row.id,
                )
        now = ctx.clock()
        row.state = (SealState.APPROVED if approve else SealState.REFUSED).value
        row.decided_by, row.decided_at, row.opinion = actor.id, now, text or None
        _audit(session, c, actor, now, "approve_seal", row, approve=approve, opinion=text)


def use_seal(ctx: Context, actor: Actor, seal_id: int) -> None:
    """Record that the approved document has been sealed: who and when."""
    with ctx.db.write() as session:
        row, c = _line(session, seal_id)
        require(session, actor, Action.USE_SEAL, c)
        _require_state(row, SealState.APPROVED, "盖章")
        now = ctx.clock()
        row.state, row.used_by, row.used_at = SealState.USED.value, actor.id, now
        _audit(session, c, actor, now, "use_seal", row)


def _check_month(ctx: Context, c: Compound, text: str) -> str:
    month = Month.parse(text, field="公示月份")
    if month < Month.of(c.opened_on):
        raise InvalidDate(f"公示月份 {month.label} 早于{c.name}公共收益专户开立的月份", month=text)
    if month > Month.of(local_today(ctx.clock)):
        raise InvalidDate(f"公示月份 {month.label} 还没有到，不能预先申请用印", month=text)
    return str(month)


def _check_links(
    session: Session,
    c: Compound,
    kind: SealKind,
    project_id: int | None,
    draft_id: int | None,
    month: str | None,
    contract: str | None,
) -> None:
    needs = {
        SealKind.PROJECT_NOTICE: (project_id, "项目编号"),
        SealKind.MONTH_NOTICE: (month, "公示月份（YYYY-MM）"),
        SealKind.PAYMENT: (draft_id, "付款凭证草稿编号"),
        SealKind.CONTRACT: (contract, "合同编号"),
    }
    if kind in needs and needs[kind][0] is None:
        raise InvalidInput(f"「{kind.label}」用印必须注明{needs[kind][1]}", kind=kind.value)
    if project_id is not None:
        project = session.get(Project, project_id)
        if project is None or project.compound_id != c.id:
            raise NotFound(f"{c.name}没有编号为 #{project_id} 的项目", project=project_id)
        p_state = ProjectState(project.state)
        if kind is SealKind.PROJECT_NOTICE and not p_state.is_open:
            raise WrongState(
                f"项目 #{project_id}「{project.title}」{p_state.label}，不能再为它的立项公示用印",
                project=project_id,
            )
    if draft_id is not None:
        draft = session.get(Draft, draft_id)
        if draft is None or draft.compound_id != c.id:
            raise NotFound(f"{c.name}没有编号为 #{draft_id} 的凭证草稿", draft=draft_id)
        if kind is SealKind.PAYMENT and draft.state != "open":
            d_state = "已过账" if draft.state == "posted" else "已作废"
            raise WrongState(
                f"付款草稿 #{draft_id} {d_state}：只能为待审核的付款申请用印", draft=draft_id
            )


def _check_no_pending(
    session: Session,
    c: Compound,
    kind: SealKind,
    project_id: int | None,
    draft_id: int | None,
    month: str | None,
) -> None:
    """One pending line per sealed document, so 'is it sealed?' has one answer."""
    links = {
        SealKind.PROJECT_NOTICE: SealUse.project_id == project_id,
        SealKind.MONTH_NOTICE: SealUse.month == month,
        SealKind.PAYMENT: SealUse.draft_id == draft_id,
    }
    if kind not in links:
        return
    pending = session.execute(
        select(SealUse).where(
            SealUse.compound_id == c.id,
            SealUse.document_kind == kind.value,
            SealUse.state.in_(PENDING),
            links[kind],
        )
    ).scalar_one_or_none()
    if pending is not None:
        raise WrongState(
            f"这份{kind.label}文件已有用印登记第 {pending.register_no} 号"
            f"（{SealState(pending.state).label}），不能重复申请",
            seal=pending.id,
        )


def _line(session: Session, seal_id: int) -> tuple[SealUse, Compound]:
    row = session.get(SealUse, seal_id)
    if row is None:
        raise NotFound(f"没有编号为 #{seal_id} 的用印申请", seal=seal_id)
    return row, session.get_one(Compound, row.compound_id)


def _require_state(row: SealUse, wanted: SealState, verb: str) -> None:
    if row.state != wanted.value:
        state = SealState(row.state)
        raise WrongState(
            f"用印登记第 {row.register_no} 号{state.label}，不能{verb}"
            f"（只有「{wanted.label}」的申请可以{verb}）",
            seal=row.id,
            state=row.state,
        )


def _audit(
    session: Session,
    c: Compound,
    actor: Actor,
    at: dt.datetime,
    action: str,
    row: SealUse,
    **details: object,
) -> None:
    audit.append(
        session,
        scope=audit.compound_scope(c.id),
        at=at,
        actor_id=actor.id,
        compound_id=c.id,
        action=action,
        target=f"seal:{row.id}",
        details={
            "register_no": row.register_no,
            "kind": row.document_kind,
            "state": row.state,
            "project": row.project_id,
            "draft": row.draft_id,
            "month": row.month,
            "contract": row.contract_ref,
            **details,
        },
    )
