"""The approvals inbox (待审核): the compound's open drafts, the lines of the one under the
cursor, and what may be done with it — approve and post (a checker, never its maker), discard
(its maker), or the community's gate on a major payment. The services decide; a refusal
shows the rule that refused it."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ledger.domain.errors import LedgerError
from ledger.services import entries, project_payments
from ledger.services.inbox import Inbox, PendingDraft, inbox
from tui.menu import register
from tui.screens.entry_detail import KINDS, lines_text
from tui.session import Session
from tui.widgets.cells import amount
from tui.widgets.confirm import ConfirmDialog
from tui.widgets.message_bar import MessageBar
from tui.widgets.paged_table import Column, ListSource, PagedTable
from tui.widgets.text_dialog import TextDialog

COLUMNS = (
    Column("草稿", 6),
    Column("日期", 10),
    Column("摘要", 0, min_width=12),
    Column("金额", 14, "right"),
    Column("编制", 6),
    Column("状态", 10),
)


def state_of(d: PendingDraft) -> str:
    if d.needs_gate:
        return "待社区把关"
    if d.mine:
        return "本人编制"
    return "待审核"


def draft_cells(d: PendingDraft) -> tuple[str, ...]:
    return (f"#{d.id}", d.date.isoformat(), d.memo, amount(d.amount_fen), d.maker, state_of(d))


def draft_text(d: PendingDraft) -> Text:
    out = Text()
    out.append(f"草稿 #{d.id}  {KINDS.get(d.kind, d.kind)}  编制：{d.maker}  ", style="bold")
    out.append(f"附件 {d.attachment_count} 张\n")
    if d.project:
        gate = "已社区把关" if d.gated else "大额付款，需社区把关" if d.major_payment else ""
        out.append(f"项目：{d.project}  {gate}\n")
    if d.reverses:
        out.append(f"冲销 {d.reverses}；原因：{d.reason or '—'}\n")
    out.append_text(lines_text(d.lines))
    return out


@register("a", "待审核")
class InboxScreen(Screen[None]):
    HELP_TITLE = "待审核"
    DEFAULT_CSS = """
    InboxScreen #inbox-title { padding: 0 1; background: $panel; }
    InboxScreen #drafts { height: 1fr; min-height: 5; }
    InboxScreen #lines-box { height: auto; max-height: 10; border-top: solid $primary; }
    InboxScreen #lines { padding: 0 1; }
    """
    BINDINGS = [
        Binding("a", "approve", "批准过账"),
        Binding("d", "discard", "作废草稿"),
        Binding("g", "gate", "社区把关"),
        Binding("f5", "reload", "刷新"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.box: Inbox | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"{self.session.compound} · 待审核的凭证草稿", id="inbox-title")
        yield PagedTable(COLUMNS, draft_cells, empty_text="没有待审核的草稿", id="drafts")
        with VerticalScroll(id="lines-box"):
            yield Static("", id="lines")
        yield MessageBar("", id="message")
        yield Footer()

    @property
    def table(self) -> PagedTable[PendingDraft]:
        return self.query_one("#drafts", PagedTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "gate":  # only the community gates payments: not offered to anyone else
            return self.box is not None and self.box.may_gate
        return True

    def action_reload(self, keep: str = "") -> None:
        s = self.session
        message = self.query_one("#message", MessageBar)
        try:
            self.box = inbox(s.ctx, s.actor, s.compound)
        except LedgerError as err:
            message.error(err)
            return
        self.table.set_source(ListSource(self.box.drafts))
        self.refresh_bindings()
        self._show_lines()
        if keep:
            return
        if not self.box.drafts:
            message.say("没有待审核的草稿。Esc 返回")
        elif self.box.may_approve:
            message.say(f"共 {len(self.box.drafts)} 张草稿 · a 批准过账，Esc 返回")
        else:
            message.say(
                f"共 {len(self.box.drafts)} 张草稿，需业委会审核人批准过账 · d 作废本人草稿"
            )

    def on_paged_table_highlighted(self, _event: PagedTable.Highlighted) -> None:
        self._show_lines()

    def _show_lines(self) -> None:
        current = self.table.current
        lines = self.query_one("#lines", Static)
        lines.update(draft_text(current) if current is not None else "")

    def _chosen(self) -> PendingDraft | None:
        current = self.table.current
        if current is None:
            self.query_one("#message", MessageBar).error("没有选中的草稿：请用 ↑↓ 选择一张")
        return current

    async def _confirm_and_run(self, question: str, run: Callable[[], str], label: str) -> None:
        message = self.query_one("#message", MessageBar)
        if not await self.app.push_screen_wait(ConfirmDialog(question, confirm_label=label)):
            message.say("已取消，未作任何更改")
            return
        try:
            done = run()
        except LedgerError as err:
            message.error(err)
            return
        self.action_reload(keep="yes")
        message.done(done)

    @work(exclusive=True, group="inbox")
    async def action_approve(self) -> None:
        d = self._chosen()
        if d is None:
            return
        s = self.session
        question = (
            f"确认批准草稿 #{d.id} 并过账？\n{d.memo}\n金额 {amount(d.amount_fen)}\n\n"
            "过账后凭证不能修改，更正只能冲销。"
        )

        def run() -> str:
            voucher = entries.approve_entry(s.ctx, s.actor, d.id)
            return f"已过账：草稿 #{d.id} 的凭证号为 {voucher}"

        await self._confirm_and_run(question, run, "批准过账（Y）")

    @work(exclusive=True, group="inbox")
    async def action_discard(self) -> None:
        d = self._chosen()
        if d is None:
            return
        s = self.session
        question = f"确认作废草稿 #{d.id}？\n{d.memo}\n作废后不能恢复，如需要请重新编制。"

        def run() -> str:
            entries.discard_draft(s.ctx, s.actor, d.id)
            return f"已作废草稿 #{d.id}"

        await self._confirm_and_run(question, run, "作废（Y）")

    @work(exclusive=True, group="inbox")
    async def action_gate(self) -> None:
        d = self._chosen()
        if d is None:
            return
        s = self.session
        opinion = await self.app.push_screen_wait(
            TextDialog(
                f"草稿 #{d.id} 社区把关意见：",
                placeholder="如 同意支付，符合表决和公示",
                empty="把关意见不能为空：请写明意见，或按 Esc 取消",
            )
        )
        if opinion is None:
            self.query_one("#message", MessageBar).say("已取消，未作任何更改")
            return
        question = f"确认以社区党委名义同意草稿 #{d.id} 的付款？\n意见：{opinion}"

        def run() -> str:
            project_payments.gate_payment(s.ctx, s.actor, d.id, opinion=opinion)
            return f"已把关草稿 #{d.id}：用印审批后由业委会审核人过账"

        await self._confirm_and_run(question, run, "同意（Y）")

    def action_back(self) -> None:
        self.app.pop_screen()
