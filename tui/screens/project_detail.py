"""One project in full: its need and money, every recorded step (who, when, on what evidence),
the quotes, the votes with each threshold and its margin, objections and answers, and the
payments. The keys offered are the steps the project's state and the user's roles allow
(`project_offers`); each opens its form, and the services check again when it is saved."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ledger.domain.money import format_fen, parse_fen
from ledger.domain.project import OBJECTION_STATES, ProjectAction
from ledger.domain.project_view import ProjectView
from ledger.services import payable_projects, project_offers
from ledger.services.project_views import project_view
from tui.screens.form_payment import PaymentForm
from tui.screens.project_steps import STEPS, StepForm
from tui.screens.project_vote import VoteForm, figure
from tui.session import Session

A = ProjectAction
KEYS: dict[ProjectAction, str] = {
    A.VERIFY: "v",
    A.REVIEW: "l",
    A.QUOTE: "q",
    A.CHOOSE: "c",
    A.VOTE: "t",
    A.APPROVE: "g",
    A.PUBLISH: "u",
    A.OBJECT: "o",
    A.RESOLVE: "s",
    A.START: "k",
    A.ACCEPT: "a",
    A.CLOSE: "z",
    A.REJECT: "j",
    A.WITHDRAW: "w",
}


def _money(fen: int) -> Text:
    return Text(format_fen(fen), justify="right")


def _table(title: str, *columns: str, right: tuple[int, ...] = ()) -> Table:
    table = Table(title=title, title_justify="left", expand=True, show_edge=False, pad_edge=False)
    for n, name in enumerate(columns):
        table.add_column(name, justify="right" if n in right else "left", overflow="fold")
    return table


def summary(view: ProjectView) -> Text:
    ln = view.line
    text = Text()
    text.append(f"#{ln.id} {ln.title}", style="bold")
    text.append(f"（{ln.tier_label}项目）  阶段：")
    text.append(ln.state_label, style="bold")
    text.append(f"\n需求：{view.need}\n提议人：{view.proposer}  受益 {view.households} 户  ")
    text.append(f"预算估算 {format_fen(ln.estimate_fen)}")
    if ln.budget_fen is not None:
        text.append(
            f"\n批准预算 {format_fen(ln.budget_fen)}  已付 {format_fen(ln.paid_fen)}"
            f"  余 {format_fen(ln.remaining_fen)}"
        )
    if ln.notice_start is not None:
        text.append(f"\n公示期 {ln.notice_start} 至 {ln.notice_end}")
    if view.special_matter:
        text.append("\n属民法典第二百七十八条第六至八项事项（需四分之三以上同意）")
    return text


def history(view: ProjectView, payments: list[payable_projects.PaymentLine]) -> RenderableType:
    parts: list[RenderableType] = []
    steps = _table("过程", "#", "步骤", "日期", "经办", "依据")
    for s in view.steps:
        steps.add_row(str(s.seq), s.action_label, str(s.on_date), s.by, s.evidence)
    parts.append(steps)
    if view.quotes:
        quotes = _table("报价", "#", "供应商", "金额", "文件", "", right=(2,))
        for q in view.quotes:
            quotes.add_row(
                str(q["id"]),
                q["vendor"],
                _money(parse_fen(q["amount"])),
                q["document"],
                "选定" if q["chosen"] else "",
            )
        parts.append(quotes)
        if view.choice_reason:
            parts.append(Text(f"选择理由：{view.choice_reason}"))
    for v in view.votes:
        parts.append(_vote(v))
    if view.objections:
        objections = _table("异议", "#", "日期", "异议人", "内容", "处理")
        for o in view.objections:
            state = OBJECTION_STATES.get(o["state"], o["state"])
            answer = f"{state}：{o['answer']}" if o["answer"] else state
            objections.add_row(str(o["id"]), o["filed_on"], o["resident"], o["content"], answer)
        parts.append(objections)
    if payments:
        paid = _table("付款", "凭证号", "日期", "摘要", "金额", right=(3,))
        for p in payments:
            paid.add_row(p.voucher, str(p.date), p.memo, _money(p.amount_fen))
        parts.append(paid)
    return Group(*parts)


def _vote(v: dict[str, Any]) -> Table:
    body = "业委会" if v["body"] == "committee" else "业主大会"
    verdict = "通过" if v["passed"] else "未通过"
    table = _table(
        f"表决（{body}，{v['held_on']}）：{verdict}",
        "检查项",
        "实得/总数",
        "门槛",
        "至少需",
        "差距",
        right=(1, 3, 4),
    )
    for c in v["result"]["checks"]:
        name, margin = c["name"], int(c["margin"])
        sign = "+" if margin >= 0 else "-"
        table.add_row(
            name,
            f"{figure(name, c['part'])}/{figure(name, c['whole'])}",
            c["threshold"],
            figure(name, c["needed"]),
            Text(f"{sign}{figure(name, abs(margin))}", style="green" if c["met"] else "red"),
        )
    return table


class ProjectDetailScreen(Screen[None]):
    DEFAULT_CSS = """
    ProjectDetailScreen .form-title { height: 1; background: $primary; padding: 0 1; text-style: bold; }
    ProjectDetailScreen #summary { height: auto; padding: 0 1; }
    ProjectDetailScreen #history { height: 1fr; padding: 0 1; }
    ProjectDetailScreen #status { height: auto; padding: 0 1; color: $success; }
    """
    BINDINGS = [
        *(Binding(key, f"step('{action.value}')", action.label) for action, key in KEYS.items()),
        Binding("f", "pay", "付款"),
        Binding("r", "reload", "刷新"),
        Binding("escape", "app.pop_screen", "返回"),
    ]

    def __init__(self, session: Session, project_id: int) -> None:
        super().__init__()
        self.session = session
        self.project_id = project_id
        self.view = project_view(session.ctx, project_id)
        self.offer = project_offers.project_offer(session.ctx, session.actor, project_id)

    def compose(self) -> ComposeResult:
        who = f"{self.session.compound} · {self.session.actor.display_name}"
        yield Static(f"项目详情    {who}", classes="form-title", markup=False)
        yield Static(id="summary")
        with VerticalScroll(id="history"):
            yield Static(id="body")
        yield Static("", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#history").focus()

    def _show(self) -> None:
        payments = payable_projects.project_payments(self.session.ctx, self.project_id)
        self.query_one("#summary", Static).update(summary(self.view))
        self.query_one("#body", Static).update(history(self.view, payments))
        if not self.offer.actions:
            self.query_one("#status", Static).update("当前阶段没有您可以办理的步骤。")
        self.refresh_bindings()

    def action_reload(self) -> None:
        self.view = project_view(self.session.ctx, self.project_id)
        self.offer = project_offers.project_offer(
            self.session.ctx, self.session.actor, self.project_id
        )
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step":
            return A(str(parameters[0])) in self.offer.actions
        if action == "pay":
            return self.offer.may_pay
        return True

    def action_step(self, action: str) -> None:
        act = A(action)
        if act not in self.offer.actions:
            return
        form: StepForm | VoteForm
        if act is A.VOTE:
            form = VoteForm(self.session, self.view, self.offer)
        else:
            form = StepForm(self.session, STEPS[act], self.view)

        def done(_: object) -> None:
            self.action_reload()
            if form.done:
                self.query_one("#status", Static).update(form.done)

        self.app.push_screen(form, done)

    def action_pay(self) -> None:
        self.app.push_screen(
            PaymentForm(self.session, project_id=self.project_id), lambda _: self.action_reload()
        )
