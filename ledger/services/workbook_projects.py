"""The project sheets of the workbook: 项目台账 (every workflow step), 表决记录, 比价记录.

A project belongs to a period when it had been proposed by the period's end and was not
already finished (closed, rejected, withdrawn) before its start. Its register shows every
step recorded on or before the period's end — who, on which day, when it was recorded, on
what evidence — with the project's state at the period's end, its budget, what was paid
from the bank account by then (payments less their reversals) and what remains.
Votes are those held in the period, one row per threshold check with the exact figures and
the margin (positive: met by that much; negative: missing); areas are in m².
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select

from ledger.domain.project import ProjectAction, ProjectState
from ledger.domain.vote_rules import VoteBody
from ledger.domain.workbook import Column, Row, date, integer, money, number, stamp, text, yes_no
from ledger.services.workbook_scope import Part, Scope, listed, local, yuan
from ledger.store.schema import Account, Entry, Posting
from ledger.store.schema_controls import Project, ProjectQuote, ProjectStep, ProjectVote

PROJECT_COLUMNS: tuple[Column, ...] = (
    integer("项目编号"),
    text("项目名称"),
    text("档次"),
    text("期末状态"),
    money("预算"),
    money("已付"),
    money("余额"),
    integer("步骤序号"),
    text("步骤"),
    text("步骤后状态"),
    date("日期"),
    text("经办人"),
    stamp("记录时间"),
    text("依据"),
    text("详情"),
)

VOTE_COLUMNS: tuple[Column, ...] = (
    integer("表决编号"),
    integer("项目编号"),
    text("项目名称"),
    text("表决机构"),
    date("表决日期"),
    text("专项事项"),
    integer("委员总数"),
    integer("出席委员"),
    integer("业主总数"),
    integer("参与业主"),
    number("专有部分总面积（㎡）"),
    number("参与表决面积（㎡）"),
    number("赞成面积（㎡）"),
    integer("赞成"),
    integer("反对"),
    integer("弃权"),
    text("检查项"),
    number("实得"),
    number("基数"),
    text("门槛"),
    number("至少需"),
    text("是否达到"),
    number("差额"),
    text("表决结果"),
    text("登记人"),
    stamp("登记时间"),
)

QUOTE_COLUMNS: tuple[Column, ...] = (
    integer("项目编号"),
    text("项目名称"),
    integer("报价编号"),
    text("报价单位"),
    money("报价金额"),
    text("报价文件"),
    text("是否选中"),
    text("是否最低价"),
    text("选择理由"),
    text("登记人"),
    stamp("登记时间"),
)


def alive_projects(scope: Scope) -> list[tuple[Project, list[ProjectStep]]]:
    """The period's projects in id order, each with its steps up to the period's end."""
    session, c = scope.session, scope.compound
    steps: dict[int, list[ProjectStep]] = defaultdict(list)
    for s in session.execute(
        select(ProjectStep)
        .where(ProjectStep.compound_id == c.id, ProjectStep.on_date <= scope.end)
        .order_by(ProjectStep.project_id, ProjectStep.seq)
    ).scalars():
        steps[s.project_id].append(s)
    out = []
    for p in session.execute(
        select(Project).where(Project.compound_id == c.id).order_by(Project.id)
    ).scalars():
        history = steps.get(p.id, [])
        before = [s for s in history if s.on_date < scope.start]
        if history and (not before or ProjectState(before[-1].to_state).is_open):
            out.append((p, history))
    return out


def projects(scope: Scope) -> Part:
    paid = _paid(scope)
    tiers = {t.key: t.name for t in scope.rules.project_tiers}
    rows: list[Row] = []
    for p, history in alive_projects(scope):
        spent = paid.get(p.id, 0)
        head = (
            p.id,
            p.title,
            tiers.get(p.tier, p.tier),
            ProjectState(history[-1].to_state).label,
            yuan(p.budget_fen),
            yuan(spent),
            yuan(p.budget_fen - spent) if p.budget_fen is not None else None,
        )
        for s in history:
            details = json.loads(s.details or "{}")
            rows.append(
                (
                    *head,
                    s.seq,
                    ProjectAction(s.action).label,
                    ProjectState(s.to_state).label,
                    s.on_date,
                    scope.name(s.actor_id),
                    local(s.at),
                    s.evidence or None,
                    json.dumps(details, ensure_ascii=False, sort_keys=True) if details else None,
                )
            )
    return listed(rows)


def _paid(scope: Scope) -> dict[int, int]:
    """Project id → money that left the bank account for it up to the period's end."""
    rows = scope.session.execute(
        select(Entry.project_id, func.sum(Posting.amount_fen))
        .join(
            Posting, (Posting.compound_id == Entry.compound_id) & (Posting.entry_seq == Entry.seq)
        )
        .join(Account, Account.id == Posting.account_id)
        .where(
            Entry.compound_id == scope.compound.id,
            Entry.project_id.is_not(None),
            Entry.entry_date <= scope.end,
            Account.role == "bank",
        )
        .group_by(Entry.project_id)
    ).all()
    return {p: -int(s) for p, s in rows if p is not None}


def votes(scope: Scope) -> Part:
    rows: list[Row] = []
    q = (
        select(ProjectVote, Project.title)
        .join(Project, Project.id == ProjectVote.project_id)
        .where(
            ProjectVote.compound_id == scope.compound.id,
            ProjectVote.held_on.between(scope.start, scope.end),
        )
        .order_by(ProjectVote.held_on, ProjectVote.id)
    )
    for v, title in scope.session.execute(q).all():
        head = (
            v.id,
            v.project_id,
            title,
            VoteBody(v.body).label,
            v.held_on,
            yes_no(v.special),
            v.members,
            v.present,
            v.owners_total,
            v.owners_voted,
            _area(v.area_total),
            _area(v.area_voted),
            _area(v.area_for),
            v.votes_for,
            v.votes_against,
            v.abstain,
        )
        tail = ("通过" if v.passed else "未通过", scope.name(v.recorded_by), local(v.recorded_at))
        checks = json.loads(v.result).get("checks", [])
        for check in checks or [{}]:
            rows.append((*head, *_check(check), *tail))
    return listed(rows)


def _check(check: dict[str, object]) -> Row:
    if not check:
        return (None,) * 7
    name = str(check["name"])
    in_area = "面积" in name  # area checks count hundredths of m², the others people

    def value(key: str) -> int | Decimal | None:
        raw = check.get(key)
        if not isinstance(raw, int):
            return None
        return _area(raw) if in_area else raw

    met = check.get("met")
    return (
        name,
        value("part"),
        value("whole"),
        str(check.get("threshold") or "") or None,
        value("needed"),
        yes_no(bool(met)) if met is not None else None,
        value("margin"),
    )


def _area(hundredths: int | None) -> Decimal | None:
    return None if hundredths is None else Decimal(hundredths).scaleb(-2)


def quotes(scope: Scope) -> Part:
    alive = {p.id: p for p, _ in alive_projects(scope)}
    _, hi = scope.bounds()
    rows = scope.session.execute(
        select(ProjectQuote)
        .where(ProjectQuote.compound_id == scope.compound.id, ProjectQuote.added_at < hi)
        .order_by(ProjectQuote.project_id, ProjectQuote.id)
    ).scalars()
    by_project: dict[int, list[ProjectQuote]] = defaultdict(list)
    for q in rows:
        if q.project_id in alive:
            by_project[q.project_id].append(q)
    out: list[Row] = []
    for project_id, offers in by_project.items():
        p = alive[project_id]
        cheapest = min(q.amount_fen for q in offers)
        for q in offers:
            chosen = q.id == p.chosen_quote_id
            out.append(
                (
                    p.id,
                    p.title,
                    q.id,
                    q.vendor,
                    yuan(q.amount_fen),
                    q.document or None,
                    yes_no(chosen),
                    yes_no(q.amount_fen == cheapest),
                    p.choice_reason if chosen and p.choice_reason else None,
                    scope.name(q.added_by),
                    local(q.added_at),
                )
            )
    return listed(out)
