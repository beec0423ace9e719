"""The dashboard: the compound's money today, where this month and last month stand in their
close, what is waiting for the person signed in, and the menu of every screen with its key
(screens register themselves in `tui.menu`, so new ones appear here and in the footer)."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ledger.domain.errors import LedgerError
from ledger.services.dashboard import Dashboard, dashboard
from ledger.services.month_status import MonthStatus
from tui.menu import MenuItem, load_screens
from tui.session import Session
from tui.widgets.cells import fit, yuan
from tui.widgets.message_bar import MessageBar

COMMAND_HINT = re.compile(r"（[a-z][^）]*）")
MENU_CELLS = 72  # the menu fits an 80-column terminal


class DashboardScreen(Screen[None]):
    DEFAULT_CSS = """
    DashboardScreen #dash-title { text-style: bold; padding: 0 1; background: $panel; }
    DashboardScreen Horizontal { height: auto; }
    DashboardScreen .panel {
        width: 1fr; height: auto; border: round $primary; padding: 0 1;
    }
    DashboardScreen .panel.-wide { width: 100%; }
    """
    BINDINGS = [("f5", "reload", "刷新")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.menu: list[MenuItem] = load_screens()
        self.data: Dashboard | None = None
        for item in self.menu:
            # Listed in the menu panel right above the footer, so the footer keeps room for
            # the keys that work everywhere (F1 help first).
            self._bindings.bind(item.key, f"open_menu('{item.key}')", item.label, show=False)

    def compose(self) -> ComposeResult:
        s = self.session
        yield Static(
            f"{s.compound} · {s.actor.display_name} · 今天 {s.today():%Y-%m-%d}", id="dash-title"
        )
        with VerticalScroll():
            with Horizontal():
                yield Static("正在读取…", id="money", classes="panel")
                yield Static("", id="months", classes="panel")
            yield Static("", id="todo", classes="panel -wide")
            yield Static(self._menu_text(), id="menu", classes="panel -wide")
        yield MessageBar("", id="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#money").border_title = "资金"
        self.query_one("#months").border_title = "月结"
        self.query_one("#todo").border_title = "待办"
        self.query_one("#menu").border_title = "功能（按键）"
        self.load()

    def on_screen_resume(self) -> None:
        if self.data is not None:  # back from another screen: figures may have changed
            self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="dashboard")
    def load(self) -> None:
        s = self.session
        try:
            data = dashboard(s.ctx, s.actor, s.compound, s.today())
        except LedgerError as err:
            self.app.call_from_thread(self.query_one("#message", MessageBar).error, err)
            return
        self.app.call_from_thread(self.show, data)

    def show(self, d: Dashboard) -> None:
        self.data = d
        self.query_one("#money", Static).update(_money(d))
        months = Text("\n").join(_month_text(m) for m in (d.this_month, *d.closing))
        self.query_one("#months", Static).update(months)
        self.query_one("#todo", Static).update(_todo(d))

    def _menu_text(self) -> Text:
        if not self.menu:
            return Text("（暂无功能）")
        cells = [f"{item.key} {item.label}" for item in self.menu]
        width = max(cell_len(c) for c in cells) + 3
        per_row = max(1, MENU_CELLS // width)
        rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
        return Text("\n".join("".join(fit(c, width) for c in row).rstrip() for row in rows))

    async def action_open_menu(self, key: str) -> None:
        for item in self.menu:
            if item.key == key:
                await self.app.push_screen(item.factory(self.session))
                return


def _money(d: Dashboard) -> Text:
    rows = [
        ("专户余额", yuan(d.bank_balance_fen)),
        ("本月收入", yuan(d.month_income_fen)),
        ("本月支出", yuan(d.month_spending_fen)),
    ]
    width = max(cell_len(v) for _, v in rows)
    text = Text("\n".join(f"{k}  {fit(v, width, 'right')}" for k, v in rows))
    owed = f"{fit(yuan(d.arrears_fen), width, 'right')}"
    if d.arrears_count:
        text.append(f"\n欠款      {owed}  {d.arrears_count} 笔逾期", style="bold red")
    else:
        text.append(f"\n欠款      {owed}")
    return text


def _month_text(m: MonthStatus) -> Text:
    text = Text(f"{m.month.label}：{m.state_label}")
    signed = [f"{s.step.label} {s.name}" for s in m.current_round]
    if signed:
        text.append("\n  " + "；".join(signed), style="dim")
    return text


def _todo(d: Dashboard) -> Text:
    lines: list[str] = []
    if d.drafts_to_approve:
        lines.append(f"• {d.drafts_to_approve} 张草稿等您审核过账（按 a 打开待审核）")
    elif d.drafts_open:
        lines.append(f"• {d.drafts_open} 张草稿等待审核人过账（按 a 查看）")
    if d.payments_to_gate:
        lines.append(f"• {d.payments_to_gate} 笔大额付款等您社区把关（按 a 打开待审核）")
    for t in d.months_to_sign:
        step = COMMAND_HINT.sub("", t.next_step)  # the command line's words, not this screen's
        lines.append(f"• {t.month.label}：{t.state_label}——{step}")
    for p in d.projects_in_notice:
        lines.append(f"• 公示中：{p}")
    for p in d.projects_on_hold:
        lines.append(f"• 因异议暂停：{p}（需社区处理异议）")
    if d.complaints_unanswered:
        lines.append(f"• {d.complaints_unanswered} 件投诉建议尚未答复")
    return Text("\n".join(lines) if lines else "暂无待办事项")
