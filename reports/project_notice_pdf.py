"""The project notice (立项公示) posted on the board before owners' money is spent on a project.

Everything a resident needs to judge the project, in the order the decision was made: the
need and who raised it, how it was verified, the legal opinion, the quotes compared (the
chosen one marked, the reason when it is not the cheapest), the vote counted against the
thresholds with its margins (`reports.project_vote_pdf`), the community's gate, the budget,
and the notice period with how and until when to object (hotline and suggestion box from
the rules) — then the committee's name, date and the place of the seal with its
seal-register number.

Rendered from `ProjectView` and plain `NoticeTerms`; nothing here reads the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ledger.domain.capital import capital_amount
from ledger.domain.money import parse_fen
from ledger.domain.project import OBJECTION_STATES, PROPOSER_KINDS, VERIFY_METHODS
from ledger.domain.project_view import ProjectView, StepLine
from reports.pdf import (
    CONTENT_WIDTH,
    Cell,
    Column,
    PageSetup,
    amount,
    build_pdf,
    cn_date,
    cn_span,
    data_table,
    label_table,
    layout_table,
    para,
    seal_box,
    styles,
)
from reports.project_vote_pdf import vote_flowables


@dataclass(frozen=True)
class NoticeTerms:
    """How residents object, from the compound's rules (`supervision`, notice days)."""

    hotline: str
    suggestion_box: str
    notice_days: int
    objection_days: int


def render_project_notice(
    view: ProjectView, terms: NoticeTerms, *, seal_no: int | None = None
) -> bytes:
    """The notice as PDF; `seal_no` overrides the view's seal-register number."""
    ln = view.line
    story = project_notice_flowables(view, terms, seal_no=seal_no)
    setup = PageSetup(
        title=f"{ln.compound} 立项公示",
        header_right=f"项目第 {ln.id} 号 {ln.title}",
        subject="立项公示",
        keywords=("立项公示", ln.compound, ln.title),
    )
    return build_pdf(story, setup)


def project_notice_flowables(
    view: ProjectView, terms: NoticeTerms, *, seal_no: int | None = None
) -> list[Flowable]:
    """The notice as flowables; refuses a project without a passed vote (nothing to post)."""
    st = styles()
    ln = view.line
    passed = [v for v in view.votes if v["passed"]]
    if not passed:
        raise ValueError(f"project {ln.id} has no passed vote: there is nothing to give notice of")
    body = "业主大会" if passed[-1]["body"] == "assembly" else "业主委员会"
    story: list[Flowable] = [
        para(f"{ln.compound} 立项公示", st.title),
        para(ln.title, st.subtitle),
        para(
            "根据《中华人民共和国民法典》第二百七十八条、第二百八十二条和本小区公共收益使用规则，"
            f"下列使用公共收益的项目已经{body}表决通过，现予公示，接受全体业主监督。",
            st.body,
        ),
    ]
    story += _section("一、项目概况", [_overview(view, body)])
    story += _section("二、需求由来", [_origin(view)])
    story += _section("三、比价情况", _quotes(view))
    story += _section("四、表决情况", [f for v in view.votes for f in vote_flowables(v)])
    gate = _last(view.steps, "approve")
    if gate is not None:
        verdict = "同意" if gate.details.get("approved") else "不同意"
        text = f"{gate.by}，{cn_date(gate.on_date)}：{gate.evidence}（{verdict}）"
        story += _section("五、社区党委把关", [para(text, st.body)])
    story += _section("六、公示与异议" if gate else "五、公示与异议", _notice(view, terms))
    story.append(Spacer(1, 10))
    story.append(_signature(view, view.notice_seal_no if seal_no is None else seal_no))
    return story


def _section(title: str, content: list[Flowable]) -> list[Flowable]:
    # The heading stays with the first thing under it, never alone at the foot of a page.
    st = styles()
    if not content:
        return []
    return [KeepTogether([para(title, st.heading), content[0]]), *content[1:]]


def _last(steps: tuple[StepLine, ...], action: str) -> StepLine | None:
    found = [s for s in steps if s.action == action]
    return found[-1] if found else None


def _overview(view: ProjectView, body: str) -> Flowable:
    st = styles()
    ln = view.line
    rows: list[tuple[str, Cell]] = [
        ("项目编号", f"第 {ln.id} 号"),
        ("项目名称", ln.title),
        ("项目类别", f"{ln.tier_label}项目（{body}表决）"),
    ]
    if view.households:
        rows.append(("受益户数", f"{view.households} 户"))
    if ln.budget_fen is not None:
        budget = f"¥{amount(ln.budget_fen)}（大写：{capital_amount(ln.budget_fen)}）"
        rows.append(("批准预算", para(budget, st.total)))
    rows += [
        ("立项估算", f"¥{amount(ln.estimate_fen)}"),
        ("资金来源", f"{ln.compound}公共收益专户"),
        ("当前状态", ln.state_label),
    ]
    if ln.paid_fen:
        rows.append(("已付款", f"¥{amount(ln.paid_fen)}，尚余 ¥{amount(ln.remaining_fen)}"))
    return label_table(rows)


def _origin(view: ProjectView) -> Flowable:
    proposed = _last(view.steps, "propose")
    kind = PROPOSER_KINDS.get(view.proposer_kind, view.proposer_kind)
    rows: list[tuple[str, Cell]] = [
        ("群众点题", view.need),
        (
            "提议人",
            view.proposer
            + ("" if kind in view.proposer else f"，{kind}")
            + _on(proposed, suffix="提出"),
        ),
    ]
    verified = _last(view.steps, "verify")
    if verified is not None:
        method = str(verified.details.get("method", ""))
        how = VERIFY_METHODS.get(method, method)
        said = verified.evidence  # often opens with the method itself ("入户走访 120 户")
        rows.append(
            (
                "需求验证",
                f"{cn_date(verified.on_date)}，"
                + (said if said.startswith(how) else f"{how}：{said}"),
            )
        )
    reviewed = _last(view.steps, "review")
    if reviewed is not None:
        who = str(reviewed.details.get("reviewer", ""))
        verdict = "审查通过" if reviewed.details.get("passed", True) else "审查不通过"
        rows.append(
            ("合法性审查", f"{cn_date(reviewed.on_date)}，{who}：{reviewed.evidence}（{verdict}）")
        )
    return label_table(rows)


def _on(step: StepLine | None, *, suffix: str = "") -> str:
    return f"，{cn_date(step.on_date)}{suffix}" if step is not None else ""


def _quotes(view: ProjectView) -> list[Flowable]:
    st = styles()
    if not view.quotes:
        return [para("尚未比价。", st.body)]
    fens = [parse_fen(str(q["amount"])) for q in view.quotes]
    cheapest = min(fens)
    columns = [
        Column("序号", 0.7, "center"),
        Column("供应商", 4.2),
        Column("报价金额", 2.0, "right"),
        Column("报价文件", 2.4),
        Column("结果", 1.3, "center"),
    ]
    rows: list[list[Cell]] = [
        [
            str(i),
            str(q["vendor"]),
            amount(fen),
            str(q["document"]),
            "✓ 选定" if q["chosen"] else ("最低价" if fen == cheapest else ""),
        ]
        for i, (q, fen) in enumerate(zip(view.quotes, fens, strict=True), 1)
    ]
    out: list[Flowable] = [data_table(columns, rows), Spacer(1, 4)]
    chosen = [(q, fen) for q, fen in zip(view.quotes, fens, strict=True) if q["chosen"]]
    if chosen:
        q, fen = chosen[0]
        text = f"选定：{q['vendor']}，报价 ¥{amount(fen)}。"
        if fen > cheapest:
            low = next(x for x, f in zip(view.quotes, fens, strict=True) if f == cheapest)
            text += (
                f"选定的不是最低价（最低为 {low['vendor']} ¥{amount(cheapest)}，"
                f"相差 ¥{amount(fen - cheapest)}），理由：{view.choice_reason or '（未写明）'}"
            )
        else:
            text += "选定的是最低价。"
        out.append(para(text, st.body))
    return out


def _notice(view: ProjectView, terms: NoticeTerms) -> list[Flowable]:
    st = styles()
    ln = view.line
    if ln.notice_start is not None and ln.notice_end is not None:
        days = (ln.notice_end - ln.notice_start).days + 1
        last = ln.notice_start + dt.timedelta(days=terms.objection_days - 1)
        period = f"{cn_span(ln.notice_start, ln.notice_end)}，共 {days} 天。"
        until = f"请于{cn_date(last)}（含当日）前"
    else:
        period = f"自张贴之日起 {terms.notice_days} 天（张贴日期见落款）。"
        until = f"请于张贴之日起 {terms.objection_days} 天内"
    out: list[Flowable] = [
        para(f"公示期：{period}", st.total),
        para(
            f"业主对本项目有异议的，{until}写明姓名、楼栋和理由，通过以下方式提出："
            f"监督电话 {terms.hotline}；意见箱：{terms.suggestion_box}；"
            "也可向业主委员会或监督小组书面提出。公示期内有异议的，项目暂停，"
            "异议处理完毕并书面答复后方可实施。",
            st.body,
        ),
    ]
    if view.objections:
        columns = [
            Column("日期", 2.0, "center"),
            Column("异议人", 1.6),
            Column("异议内容", 3.6),
            Column("处理情况", 2.8),
        ]
        rows: list[list[Cell]] = [
            [
                cn_date(dt.date.fromisoformat(str(o["filed_on"]))),
                str(o["resident"]),
                str(o["content"]),
                OBJECTION_STATES.get(str(o["state"]), str(o["state"]))
                + (f"：{o['answer']}" if o.get("answer") else ""),
            ]
            for o in view.objections
        ]
        out += [para("已收到的异议：", st.body), data_table(columns, rows)]
    return out


def _signature(view: ProjectView, seal_no: int | None) -> Flowable:
    st = styles()
    ln = view.line
    note = f"用印登记第 {seal_no} 号" if seal_no is not None else "（用印须先登记）"
    lines = [
        para(f"{ln.compound}业主委员会", st.total),
        para(cn_date(ln.notice_start), st.body),
    ]
    box = seal_box("业委会公章", note)
    width = CONTENT_WIDTH
    commands = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]
    return KeepTogether(layout_table([["", box, lines]], [width - 290, 110, 180], commands))
