"""The forms for each step of a project, described as data (`step_form.StepSpec`): which
fields a step asks for, which service records it and, for a step that cannot be undone, the
question asked first. The detail screen offers only the steps `project_offers` allows; the
services check again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ledger.domain.money import format_fen, parse_fen
from ledger.domain.project import PROPOSER_KINDS, VERIFY_METHODS, ProjectAction
from ledger.domain.project_view import ProjectView
from ledger.services import project_notice, projects
from tui.screens.step_form import Field, Run, StepForm, StepSpec, Values, parse_count
from tui.session import Session

__all__ = ["PROPOSE", "STEPS", "StepForm", "parse_count"]

A = ProjectAction


def _day(v: Values) -> dt.date:
    return v.date("date")


def _propose(s: Session, _: ProjectView, v: Values) -> str:
    households = v.text("households").strip()
    pid = projects.propose(
        s.ctx,
        s.actor,
        compound=s.compound,
        title=v.text("title"),
        need=v.text("need"),
        proposer=v.text("proposer"),
        proposer_kind=v.choice("kind"),
        estimate_fen=v.amount("estimate"),
        households=parse_count(households, "受益户数") if households else 0,
        special=v.choice("special") == "yes",
        on_date=_day(v),
    )
    return f"已登记立项提议，项目编号 #{pid}；下一步：业委会入户或电话验证需求"


def _quotes(view: ProjectView) -> dict[str, tuple[tuple[str, str], ...]]:
    cheapest = min((parse_fen(q["amount"]) for q in view.quotes), default=0)
    return {
        "quote": tuple(
            (
                f"#{q['id']} {q['vendor']}  {format_fen(parse_fen(q['amount']))}"
                + ("（最低价）" if parse_fen(q["amount"]) == cheapest else ""),
                str(q["id"]),
            )
            for q in view.quotes
        )
    }


def _objections(view: ProjectView) -> dict[str, tuple[tuple[str, str], ...]]:
    return {
        "objection": tuple(
            (f"#{o['id']} {o['resident']}：{o['content'][:30]}", str(o["id"]))
            for o in view.objections
            if o["state"] == "open"
        )
    }


def _simple(message: str, call: Callable[[Session, ProjectView, Values], object]) -> Run:
    """A step whose service returns nothing worth showing: say what was done and what next."""

    def run(s: Session, view: ProjectView, v: Values) -> str:
        call(s, view, v)
        return message

    return run


DATE = Field("date", "日期", "date")
YES_NO = (("通过", "yes"), ("不通过", "no"))

PROPOSE = StepSpec(
    None,
    "立项提议（群众点题）",
    (
        Field("title", "项目名称", placeholder="如 地下车库照明改造"),
        Field("need", "需求说明", placeholder="居民反映的问题"),
        Field("proposer", "提议人", placeholder="姓名"),
        Field(
            "kind",
            "提议人身份",
            "choice",
            tuple((v, k) for k, v in PROPOSER_KINDS.items()),
            default="resident",
        ),
        Field("estimate", "预算估算", "amount"),
        Field("households", "受益户数", placeholder="可不填", optional=True),
        Field(
            "special",
            "特别表决事项",
            "choice",
            (("否（一般事项）", "no"), ("是（筹集、改建、使用维修资金等，需四分之三以上）", "yes")),
            default="no",
        ),
        DATE,
    ),
    _propose,
)

STEPS: dict[ProjectAction, StepSpec] = {
    A.VERIFY: StepSpec(
        A.VERIFY,
        "需求验证",
        (
            Field("method", "验证方式", "choice", tuple((v, k) for k, v in VERIFY_METHODS.items())),
            Field("evidence", "验证情况", placeholder="如 入户走访 120 户，118 户赞成"),
            DATE,
        ),
        _simple(
            "已登记需求验证；下一步：合法性审查",
            lambda s, view, v: projects.verify_need(
                s.ctx,
                s.actor,
                view.line.id,
                method=v.choice("method"),
                evidence=v.text("evidence"),
                on_date=_day(v),
            ),
        ),
    ),
    A.REVIEW: StepSpec(
        A.REVIEW,
        "合法性审查",
        (
            Field("reviewer", "审查机构", placeholder="如 司法所、律师事务所"),
            Field("opinion", "审查意见"),
            Field("passed", "结论", "choice", YES_NO),
            DATE,
        ),
        _simple(
            "已登记审查意见",
            lambda s, view, v: projects.legal_review(
                s.ctx,
                s.actor,
                view.line.id,
                reviewer=v.text("reviewer"),
                opinion=v.text("opinion"),
                passed=v.choice("passed") == "yes",
                on_date=_day(v),
            ),
        ),
        ask=lambda view, v: (
            "审查不通过，项目将被否决，不能恢复。确认登记？" if v.choice("passed") == "no" else None
        ),
    ),
    A.QUOTE: StepSpec(
        A.QUOTE,
        "登记报价",
        (
            Field("vendor", "供应商"),
            Field("amount", "报价金额", "amount"),
            Field("document", "报价文件", placeholder="文件编号或名称"),
            DATE,
        ),
        _simple(
            "已登记报价；报价够数后由业委会选定供应商",
            lambda s, view, v: projects.add_quote(
                s.ctx,
                s.actor,
                view.line.id,
                vendor=v.text("vendor"),
                amount_fen=v.amount("amount"),
                document=v.text("document"),
                on_date=_day(v),
            ),
        ),
    ),
    A.CHOOSE: StepSpec(
        A.CHOOSE,
        "选定供应商",
        (
            Field("quote", "报价", "choice"),
            Field("reason", "选择理由", placeholder="不选最低价时必须写明理由", optional=True),
            DATE,
        ),
        _simple(
            "已选定供应商；下一步：表决",
            lambda s, view, v: projects.choose_quote(
                s.ctx,
                s.actor,
                view.line.id,
                int(v.choice("quote")),
                reason=v.text("reason"),
                on_date=_day(v),
            ),
        ),
        note="选定的报价即为批准预算；不是最低价的，必须写明理由（会公示）。",
        choices_from=_quotes,
    ),
    A.APPROVE: StepSpec(
        A.APPROVE,
        "社区党委把关",
        (
            Field("approve", "把关结论", "choice", (("同意", "yes"), ("不同意（项目终止）", "no"))),
            Field("opinion", "把关意见"),
            DATE,
        ),
        _simple(
            "已登记社区把关意见",
            lambda s, view, v: projects.gate(
                s.ctx,
                s.actor,
                view.line.id,
                approve=v.choice("approve") == "yes",
                opinion=v.text("opinion"),
                on_date=_day(v),
            ),
        ),
        ask=lambda view, v: (
            "不同意将终止项目，不能恢复。确认登记？" if v.choice("approve") == "no" else None
        ),
    ),
    A.PUBLISH: StepSpec(
        A.PUBLISH,
        "发布立项公示",
        (Field("date", "公示首日", "date"),),
        lambda s, view, v: (
            "已公示，公示期至 "
            + str(project_notice.publish(s.ctx, s.actor, view.line.id, start=_day(v)))
        ),
        ask=lambda view, v: (
            f"从 {_day(v)} 起公示项目 #{view.line.id}「{view.line.title}」，"
            "公示期内居民可提异议。确认发布？"
        ),
        note="须先有经社区审批的公示用印（用印登记）。",
    ),
    A.OBJECT: StepSpec(
        A.OBJECT,
        "登记异议",
        (
            Field("resident", "异议人"),
            Field("content", "异议内容"),
            Field("date", "收到日期", "date"),
        ),
        lambda s, view, v: (
            "已登记异议 #"
            + str(
                project_notice.file_objection(
                    s.ctx,
                    s.actor,
                    view.line.id,
                    resident=v.text("resident"),
                    content=v.text("content"),
                    filed_on=_day(v),
                )
            )
            + "，项目暂停，待社区处理"
        ),
        note="异议登记后项目暂停，须社区党委书面处理后才能继续。",
    ),
    A.RESOLVE: StepSpec(
        A.RESOLVE,
        "处理异议",
        (
            Field("objection", "异议", "choice"),
            Field(
                "outcome",
                "处理结果",
                "choice",
                tuple((v, k) for k, v in project_notice.OUTCOMES.items()),
            ),
            Field("answer", "书面答复"),
        ),
        _simple(
            "已处理异议",
            lambda s, view, v: project_notice.resolve_objection(
                s.ctx,
                s.actor,
                int(v.choice("objection")),
                outcome=v.choice("outcome"),
                answer=v.text("answer"),
            ),
        ),
        ask=lambda view, v: (
            f"处理结果：{project_notice.OUTCOMES[v.choice('outcome')]}。登记后不能更改。确认？"
        ),
        choices_from=_objections,
    ),
    A.START: StepSpec(
        A.START,
        "开工实施",
        (Field("date", "开工日期", "date"),),
        _simple(
            "已开工实施，可以编制付款",
            lambda s, view, v: project_notice.start_work(
                s.ctx, s.actor, view.line.id, on_date=_day(v)
            ),
        ),
        ask=lambda view, v: f"项目 #{view.line.id} 于 {_day(v)} 开工，此后可以付款。确认？",
    ),
    A.ACCEPT: StepSpec(
        A.ACCEPT,
        "验收",
        (
            Field("result", "验收结论"),
            Field("by", "验收人", placeholder="可写多人"),
            DATE,
        ),
        _simple(
            "已验收；下一步：结项",
            lambda s, view, v: projects.accept(
                s.ctx,
                s.actor,
                view.line.id,
                result=v.text("result"),
                accepted_by=v.text("by"),
                on_date=_day(v),
            ),
        ),
    ),
    A.CLOSE: StepSpec(
        A.CLOSE,
        "结项",
        (DATE,),
        lambda s, view, v: (
            "已结项，决算 "
            + format_fen(projects.close(s.ctx, s.actor, view.line.id, on_date=_day(v)))
        ),
        ask=lambda view, v: (
            f"结项后决算等于已付 {format_fen(view.line.paid_fen)}，"
            "剩余预算释放，不能再付款。确认结项？"
        ),
    ),
    A.REJECT: StepSpec(
        A.REJECT,
        "否决项目",
        (Field("reason", "否决理由"),),
        _simple(
            "项目已否决",
            lambda s, view, v: projects.reject(
                s.ctx, s.actor, view.line.id, reason=v.text("reason")
            ),
        ),
        ask=lambda view, v: f"否决项目 #{view.line.id}「{view.line.title}」，不能恢复。确认？",
    ),
    A.WITHDRAW: StepSpec(
        A.WITHDRAW,
        "撤回项目",
        (Field("reason", "撤回理由"),),
        _simple(
            "项目已撤回",
            lambda s, view, v: projects.withdraw(
                s.ctx, s.actor, view.line.id, reason=v.text("reason")
            ),
        ),
        ask=lambda view, v: f"撤回项目 #{view.line.id}「{view.line.title}」，不能恢复。确认？",
    ),
}
