"""The control sheets of the workbook: 用印登记, 审批轨迹 (the audit log), 月结签字, 意见与异议.

Which lines belong to a period, as in the audit query (`ledger.services.audit_query`): seal
lines requested, decided or used on one of its days; audit records made on one of its days
(streamed: the log is the longest record of all); sign-offs of its months, whenever made;
complaints received or answered in it, and notice-period objections filed or resolved in it.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, or_, select

from ledger.domain.closing import Decision, Step
from ledger.domain.complaint import Channel
from ledger.domain.project import ProjectAction
from ledger.domain.roles import Action
from ledger.domain.seal import SealKind, SealState
from ledger.domain.workbook import Column, Row, date, integer, stamp, text
from ledger.services.workbook_scope import Part, Scope, Where, listed, local
from ledger.store.schema import AuditRecord, Draft, Entry
from ledger.store.schema_controls import Complaint, MonthSignoff, Project, ProjectObjection, SealUse

STREAM = 2000

SEAL_COLUMNS: tuple[Column, ...] = (
    integer("登记号"),
    text("文件类别"),
    text("文件"),
    text("用途"),
    text("状态"),
    integer("项目编号"),
    text("项目名称"),
    integer("付款草稿"),
    text("付款凭证号"),
    text("月份"),
    text("合同"),
    text("申请人"),
    stamp("申请时间"),
    text("审批人"),
    stamp("审批时间"),
    text("审批意见"),
    text("盖章人"),
    stamp("盖章时间"),
)

AUDIT_COLUMNS: tuple[Column, ...] = (
    stamp("时间"),
    text("操作人"),
    text("操作"),
    text("操作代码"),
    text("对象"),
    text("详情"),
    text("日志链"),
    integer("序号"),
    text("哈希", 66),
)

SIGNOFF_COLUMNS: tuple[Column, ...] = (
    text("月份"),
    text("步骤"),
    text("决定"),
    text("签字人"),
    stamp("时间"),
    text("意见"),
    text("快照哈希", 66),
)

OPINION_COLUMNS: tuple[Column, ...] = (
    text("类型"),
    integer("编号"),
    text("渠道"),
    date("收到日期"),
    text("反映人"),
    text("内容"),
    integer("项目编号"),
    text("项目名称"),
    text("登记人"),
    stamp("登记时间"),
    text("状态"),
    text("答复或处理"),
    text("答复人"),
    date("答复日期"),
)

_OTHER_ACTIONS = {
    "discard_draft": "作废草稿",
    "edit_draft": "修改草稿",
    "import_beancount": "导入 beancount 账本",
    "import_xlsx": "导入 Excel 序时账",
    "bootstrap_street": "设立街道",
    "create_community": "设立社区",
    "create_compound": "设立小区",
    "create_user": "新建用户",
    "grant_role": "授予角色",
    "seal_baseline": "封存升级前已有的记录",
    "seal_rows": "封存本次操作写入的记录",
    "match_bank": "银行流水与凭证匹配",
    "suggest_from_bank": "按银行流水生成建议草稿",
}
_OBJECTION_STATES = {"open": "待处理", "upheld": "异议成立", "dismissed": "异议不成立"}


def action_label(code: str) -> str:
    """The Chinese name of an audit-log action code (the code itself when unknown)."""
    if code in _OTHER_ACTIONS:
        return _OTHER_ACTIONS[code]
    if code in Action._value2member_map_:
        return Action(code).label
    kind, _, rest = code.partition("_")
    if kind == "project" and rest in ProjectAction._value2member_map_:
        return f"项目：{ProjectAction(rest).label}"
    if kind == "month" and rest in Step._value2member_map_:
        return f"月结：{Step(rest).label}"
    return code


def seals(scope: Scope) -> Part:
    q = (
        select(SealUse, Project.title, Entry.voucher_no)
        .outerjoin(Project, Project.id == SealUse.project_id)
        .outerjoin(Draft, Draft.id == SealUse.draft_id)
        .outerjoin(
            Entry, (Entry.compound_id == Draft.compound_id) & (Entry.seq == Draft.posted_seq)
        )
        .where(
            SealUse.compound_id == scope.compound.id,
            or_(
                scope.during(SealUse.requested_at),
                scope.during(SealUse.decided_at),
                scope.during(SealUse.used_at),
            ),
        )
        .order_by(SealUse.register_no)
    )
    rows: list[Row] = [
        (
            r.register_no,
            SealKind(r.document_kind).label,
            r.document,
            r.purpose,
            SealState(r.state).label,
            r.project_id,
            title,
            r.draft_id,
            voucher,
            r.month,
            r.contract_ref,
            scope.name(r.requested_by),
            local(r.requested_at),
            scope.name(r.decided_by),
            local(r.decided_at),
            r.opinion or None,
            scope.name(r.used_by),
            local(r.used_at),
        )
        for r, title, voucher in scope.session.execute(q).all()
    ]
    return listed(rows)


def audit_trail(scope: Scope) -> Part:
    where = (AuditRecord.compound_id == scope.compound.id, scope.during(AuditRecord.at))
    count = scope.session.execute(
        select(func.count()).select_from(AuditRecord).where(*where)
    ).scalar_one()
    return Part(int(count), _audit_rows(scope, where))


def _audit_rows(scope: Scope, where: tuple[Where, ...]) -> Iterator[Row]:
    rows = scope.session.execute(
        select(
            AuditRecord.at,
            AuditRecord.actor_id,
            AuditRecord.action,
            AuditRecord.target,
            AuditRecord.details,
            AuditRecord.scope,
            AuditRecord.seq,
            AuditRecord.hash,
        )
        .where(*where)
        .order_by(AuditRecord.at, AuditRecord.scope, AuditRecord.seq)
        .execution_options(yield_per=STREAM)
    )
    for at, actor, action, target, details, chain, seq, digest in rows:
        yield (
            local(at),
            scope.name(actor),
            action_label(action),
            action,
            target,
            None if details in ("", "{}") else details,
            chain,
            seq,
            digest,
        )


def signoffs(scope: Scope) -> Part:
    q = (
        select(MonthSignoff)
        .where(MonthSignoff.compound_id == scope.compound.id, scope.in_period(MonthSignoff.month))
        .order_by(MonthSignoff.month, MonthSignoff.id)
    )
    rows: list[Row] = [
        (
            r.month,
            Step(r.step).label,
            Decision(r.decision).label,
            scope.name(r.actor_id),
            local(r.at),
            r.comment or None,
            r.snapshot_hash,
        )
        for r in scope.session.execute(q).scalars()
    ]
    return listed(rows)


def opinions(scope: Scope) -> Part:
    session, c = scope.session, scope.compound
    titles = dict(
        session.execute(select(Project.id, Project.title).where(Project.compound_id == c.id)).all()
    )
    complaints = session.execute(
        select(Complaint).where(
            Complaint.compound_id == c.id,
            or_(
                Complaint.received_on.between(scope.start, scope.end),
                Complaint.answered_on.between(scope.start, scope.end),
            ),
        )
    ).scalars()
    rows: list[Row] = [
        (
            "投诉建议",
            r.id,
            Channel(r.channel).label,
            r.received_on,
            r.resident,
            r.content,
            r.project_id,
            titles.get(r.project_id) if r.project_id is not None else None,
            scope.name(r.recorded_by),
            local(r.recorded_at),
            "已答复" if r.answered_on is not None else "待答复",
            r.answer,
            scope.name(r.answered_by),
            r.answered_on,
        )
        for r in complaints
    ]
    objections = session.execute(
        select(ProjectObjection).where(
            ProjectObjection.compound_id == c.id,
            or_(
                ProjectObjection.filed_on.between(scope.start, scope.end),
                scope.during(ProjectObjection.resolved_at),
            ),
        )
    ).scalars()
    for o in objections:
        resolved = local(o.resolved_at)
        rows.append(
            (
                "公示期异议",
                o.id,
                "项目公示",
                o.filed_on,
                o.resident,
                o.content,
                o.project_id,
                titles.get(o.project_id),
                scope.name(o.recorded_by),
                local(o.recorded_at),
                _OBJECTION_STATES.get(o.state, o.state),
                o.answer,
                scope.name(o.resolved_by),
                resolved.date() if resolved is not None else None,
            )
        )
    rows.sort(key=lambda r: (r[3], r[0], r[1]))
    return listed(rows)
