"""The audit packages as text for a terminal: a heading, the balances, the counts, then every
list as a table (a list with nothing in it says so, rather than disappearing)."""

from __future__ import annotations

from collections.abc import Sequence

from ledger.cli import table
from ledger.domain.audit_items import EntryItem
from ledger.domain.audit_report import CATEGORY_LABELS, AuditReport, Balances, PersonAudit, Records
from ledger.domain.clock import format_local
from ledger.domain.money import format_fen


def period_text(r: AuditReport) -> str:
    b = r.balances
    head = (
        f"{r.compound} 经济责任审计 {r.first.label}—{r.last.label}（{b.first_day} 至 {b.last_day}）"
    )
    parts = [head, _balances(b), _counts(r.counts())]
    parts.append(_section("过账凭证", _entries(r.entries), numeric=[3]))
    parts += _records(r.records, person=False)
    return "\n\n".join(parts)


def person_text(p: PersonAudit) -> str:
    roles = "；".join(
        f"{g.role_label}@{g.scope}（{format_local(g.granted_at)} 授予）" for g in p.grants
    )
    head = "\n".join(
        [
            f"离任审计：{p.display_name}（{p.person}）在{p.compound}",
            f"角色：{roles}",
            f"任期：{p.term_start} 至 {p.term_end}"
            + ("（尚未卸任：系统还没有卸任记录，任期算到今天）" if p.term_open else ""),
        ]
    )
    parts = [head, _balances(p.balances), _counts(p.counts())]
    parts.append(_section("编制的凭证（制单）", _entries(p.drafted), numeric=[3]))
    parts.append(_section("审核过账的凭证", _entries(p.approved), numeric=[3]))
    parts += _records(p.records, person=True)
    return "\n\n".join(parts)


def _balances(b: Balances) -> str:
    bank = (
        f"专户（{b.bank_code}）期初 {format_fen(b.bank_opening_fen, symbol=True)}，"
        f"期末 {format_fen(b.bank_closing_fen, symbol=True)}"
    )
    totals = (
        f"期间收入 {format_fen(b.income_fen, symbol=True)}，"
        f"支出 {format_fen(b.expense_fen, symbol=True)}，"
        f"收支相抵 {format_fen(b.income_fen - b.expense_fen, symbol=True)}"
    )
    rows = [
        [
            a.code,
            a.name,
            format_fen(a.opening_fen),
            format_fen(a.debit_fen),
            format_fen(a.credit_fen),
            format_fen(a.closing_fen),
        ]
        for a in b.accounts
    ]
    tb = table.render(["代码", "科目", "期初", "借方", "贷方", "期末"], rows, numeric=[2, 3, 4, 5])
    return f"{bank}\n{totals}\n科目余额表（余额借方为正）：\n{tb}"


def _counts(counts: dict[str, int]) -> str:
    return "经手事项：" + "，".join(f"{CATEGORY_LABELS[k]} {n}" for k, n in counts.items())


def _section(
    title: str, body: tuple[Sequence[str], list[list[str]]], numeric: Sequence[int] = ()
) -> str:
    headers, rows = body
    if not rows:
        return f"{title}：（无）"
    return f"{title}（{len(rows)}）：\n{table.render(headers, rows, numeric=numeric)}"


def _entries(items: tuple[EntryItem, ...]) -> tuple[Sequence[str], list[list[str]]]:
    rows = [
        [e.voucher_no, str(e.date), e.memo[:24], format_fen(e.amount_fen), e.maker, e.checker]
        for e in items
    ]
    return ["凭证号", "日期", "摘要", "金额", "制单", "审核"], rows


def _records(r: Records, *, person: bool) -> list[str]:
    mine = ["本人经手"] if person else []
    steps = [
        [str(s.on_date), f"#{s.project_id} {s.project_title[:16]}", s.action_label, s.person]
        for s in r.project_steps
    ]
    votes = [
        [
            str(v.held_on),
            f"#{v.project_id} {v.project_title[:16]}",
            v.body_label,
            f"{v.votes_for}/{v.votes_against}/{v.abstain}",
            "通过" if v.passed else "未通过",
            v.recorded_by,
        ]
        for v in r.votes
    ]
    seals = [
        [
            str(x.register_no),
            x.kind_label,
            x.document[:20],
            x.state_label,
            f"{x.requested_by} {format_local(x.requested_at)}",
            f"{x.decided_by} {format_local(x.decided_at)}" if x.decided_at else "",
            f"{x.used_by} {format_local(x.used_at)}" if x.used_at else "",
            *(["、".join(x.capacities)] if person else []),
        ]
        for x in r.seals
    ]
    signoffs = [
        [s.month, s.step_label, s.decision_label, s.person, format_local(s.at), s.comment[:20]]
        for s in r.signoffs
    ]
    complaints = [
        [
            f"#{c.id}",
            str(c.received_on),
            c.resident,
            c.content[:20],
            c.recorded_by,
            f"{c.answered_by} {c.answered_on}" if c.answered_on else "待答复",
            *(["、".join(c.capacities)] if person else []),
        ]
        for c in r.complaints
    ]
    approvals = [
        [
            f"#{a.draft_id}",
            f"#{a.project_id} {(a.project_title or '')[:16]}",
            format_fen(a.amount_fen),
            a.voucher_no or "未过账",
            a.approved_by,
            format_local(a.approved_at),
        ]
        for a in r.payment_approvals
    ]
    return [
        _section("项目步骤", (["日期", "项目", "步骤", "经办人"], steps)),
        _section(
            "表决登记",
            (["表决日期", "项目", "表决机构", "赞成/反对/弃权", "结果", "登记人"], votes),
        ),
        _section(
            "用印登记",
            (["登记号", "类别", "文件", "状态", "申请", "审批", "盖章", *mine], seals),
        ),
        _section("月结手续", (["月份", "手续", "结论", "经办人", "时间", "意见"], signoffs)),
        _section(
            "投诉建议",
            (["编号", "收到日期", "反映人", "内容", "登记人", "答复", *mine], complaints),
        ),
        _section(
            "大额付款把关",
            (["草稿", "项目", "金额", "凭证", "把关人", "时间"], approvals),
            numeric=[2],
        ),
    ]
