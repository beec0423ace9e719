"""One posted voucher in full: lines, attachments, maker and checker, times, its hash-chain
link and its reversal link; `r` drafts its reversal (a reason, a confirmation, then
`entries.reverse_entry`; another person approves the draft in the inbox)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ledger.domain.clock import format_local
from ledger.domain.errors import LedgerError
from ledger.domain.voucher import VoucherLine, VoucherView
from ledger.services import entries
from ledger.services.journal import entry_detail
from tui.session import Session
from tui.widgets.cells import amount, fit
from tui.widgets.confirm import ConfirmDialog
from tui.widgets.message_bar import MessageBar
from tui.widgets.text_dialog import TextDialog

KINDS = {
    "income": "收入",
    "payment": "项目付款",
    "reversal": "冲销",
    "opening": "期初余额",
    "general": "一般",
}
CODE_W, ACCOUNT_W, MEMO_W, MONEY_W = 5, 20, 16, 14


def lines_text(lines: Sequence[VoucherLine]) -> Text:
    """Voucher lines under a header, debit and credit right-aligned, with their totals."""
    out = Text()
    head = (
        fit("科目", CODE_W + 1 + ACCOUNT_W)
        + " "
        + fit("分录摘要", MEMO_W)
        + " "
        + fit("借方", MONEY_W, "right")
        + " "
        + fit("贷方", MONEY_W, "right")
    )
    out.append(head + "\n", style="bold")
    for x in lines:
        debit = amount(x.amount_fen) if x.amount_fen > 0 else ""
        credit = amount(-x.amount_fen) if x.amount_fen < 0 else ""
        out.append(
            fit(x.code, CODE_W)
            + " "
            + fit(x.account, ACCOUNT_W)
            + " "
            + fit(x.memo, MEMO_W)
            + " "
            + fit(debit, MONEY_W, "right")
            + " "
            + fit(credit, MONEY_W, "right")
            + "\n"
        )
    debits = sum(x.amount_fen for x in lines if x.amount_fen > 0)
    credits = -sum(x.amount_fen for x in lines if x.amount_fen < 0)
    total = fit("合计", CODE_W + 1 + ACCOUNT_W + 1 + MEMO_W)
    out.append(
        f"{total} {fit(amount(debits), MONEY_W, 'right')} "
        f"{fit(amount(credits), MONEY_W, 'right')}\n",
        style="bold",
    )
    return out


def voucher_text(v: VoucherView) -> Text:
    """The voucher as a person reads it on screen (every amount right-aligned)."""
    out = Text()
    out.append(
        f"凭证 {v.voucher}    日期 {v.date.isoformat()}    类型 {KINDS.get(v.kind, v.kind)}\n"
    )
    out.append(f"摘要：{v.memo}\n")
    if v.project:
        out.append(f"项目：{v.project}\n")
    out.append("\n")
    out.append_text(lines_text(v.lines))
    out.append("\n")
    files = "；".join(f"{name}（SHA-256 {sha[:16]}…）" for sha, name in v.attachments)
    out.append(f"附件：纸质 {v.attachment_count} 张；电子附件：{files or '无'}\n")
    out.append(f"制单：{v.maker}（起草 {format_local(v.drafted_at)}）\n")
    out.append(f"审核：{v.checker}（过账 {format_local(v.posted_at)}）\n")
    if v.reverses:
        out.append(f"本凭证冲销了 {v.reverses}；原因：{v.reason or '—'}\n", style="bold")
    if v.reversed_by:
        out.append(f"本凭证已被 {v.reversed_by} 冲销\n", style="bold")
    out.append(f"哈希：{v.hash}\n")
    out.append(f"前一哈希：{v.prev_hash}")
    return out


class EntryDetailScreen(Screen[None]):
    HELP_TITLE = "凭证详情"
    DEFAULT_CSS = """
    EntryDetailScreen #voucher { padding: 0 1; }
    """
    BINDINGS = [
        Binding("r", "reverse", "冲销本凭证"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, session: Session, voucher: str) -> None:
        super().__init__()
        self.session = session
        self.voucher = voucher
        self.view: VoucherView | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("正在读取…", id="voucher")
        yield MessageBar("r 冲销本凭证（需另一位审核人批准），Esc 返回", id="message")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        s = self.session
        try:
            self.view = entry_detail(s.ctx, s.compound, self.voucher)
        except LedgerError as err:
            self.query_one("#message", MessageBar).error(err)
            return
        self.query_one("#voucher", Static).update(voucher_text(self.view))

    @work(exclusive=True, group="reverse")
    async def action_reverse(self) -> None:
        message = self.query_one("#message", MessageBar)
        reason = await self.app.push_screen_wait(
            TextDialog(
                f"冲销凭证 {self.voucher}：请写明原因",
                placeholder="如 金额录错",
                empty="原因不能为空：请写明为什么要冲销，或按 Esc 取消",
            )
        )
        if reason is None:
            message.say("已取消冲销，未作任何更改")
            return
        question = (
            f"确认冲销凭证 {self.voucher}？\n原因：{reason}\n\n"
            "将编制一张金额相反的冲销草稿，需另一位审核人在「待审核」中批准后才过账。"
        )
        if not await self.app.push_screen_wait(
            ConfirmDialog(question, confirm_label="确认冲销（Y）")
        ):
            message.say("已取消冲销，未作任何更改")
            return
        s = self.session
        try:
            draft = entries.reverse_entry(
                s.ctx, s.actor, self.voucher, reason=reason, compound=s.compound
            )
        except LedgerError as err:
            message.error(err)
            return
        message.done(f"已编制冲销草稿 #{draft}：请另一位审核人（业委会）在「待审核」中批准过账")

    def action_back(self) -> None:
        self.app.pop_screen()
