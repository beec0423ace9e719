"""The journal (凭证序时账): posted vouchers newest first, read from the books a page at a time
so a compound with 100,000 entries opens at once; filters narrow it; Enter opens a voucher."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from ledger.domain.errors import LedgerError
from ledger.services.context import Context
from ledger.services.journal_pages import JournalFilter, JournalLine, journal_count, journal_page
from tui.menu import register
from tui.screens.entry_detail import EntryDetailScreen
from tui.session import Session
from tui.widgets.cells import amount
from tui.widgets.journal_filter import FilterDialog, describe_filter
from tui.widgets.message_bar import MessageBar
from tui.widgets.paged_table import PAGE_ROWS, Column, PagedTable

COLUMNS = (
    Column("凭证号", 15),
    Column("日期", 10),
    Column("摘要", 0, min_width=12),
    Column("金额", 14, "right"),
    Column("制单", 6),
    Column("审核", 6),
    Column("状态", 4),
)


def journal_cells(line: JournalLine) -> tuple[str, ...]:
    state = "冲销" if line.reverses else "已冲" if line.reversed else ""
    return (
        line.voucher_no,
        line.date.isoformat(),
        line.memo,
        amount(line.amount_fen),
        line.maker,
        line.checker,
        state,
    )


@dataclass(frozen=True)
class JournalSource:
    """A compound's journal under one filter, as the paged table reads it."""

    ctx: Context
    compound: str
    flt: JournalFilter

    def total(self) -> int:
        return journal_count(self.ctx, self.compound, self.flt)

    def page(self, offset: int, limit: int) -> Sequence[JournalLine]:
        return journal_page(self.ctx, self.compound, self.flt, offset=offset, limit=limit)


@register("j", "凭证序时账")
class JournalScreen(Screen[None]):
    HELP_TITLE = "凭证序时账"
    DEFAULT_CSS = """
    JournalScreen #journal-title { padding: 0 1; background: $panel; }
    """
    BINDINGS = [
        Binding("enter", "open", "查看凭证"),
        Binding("f", "filter", "筛选"),
        Binding("c", "clear", "清除筛选"),
        Binding("home", "table_jump(0)", "最新", show=False),
        Binding("end", "table_jump(-1)", "最早", show=False),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, session: Session, flt: JournalFilter | None = None) -> None:
        super().__init__()
        self.session = session
        self.flt = flt or JournalFilter()

    def compose(self) -> ComposeResult:
        yield Static(f"{self.session.compound} · 凭证序时账（新的在上）", id="journal-title")
        yield PagedTable(COLUMNS, journal_cells, empty_text="没有符合条件的凭证", id="journal")
        yield MessageBar("正在读取…", id="message")
        yield Footer()

    @property
    def table(self) -> PagedTable[JournalLine]:
        return self.query_one("#journal", PagedTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.table.total:  # back from a voucher: a reversal may have been posted meanwhile
            self.load()

    @work(thread=True, exclusive=True, group="journal")
    def load(self) -> None:
        source = JournalSource(self.session.ctx, self.session.compound, self.flt)
        try:
            total = source.total()
            first = source.page(0, PAGE_ROWS)
        except LedgerError as err:
            self.app.call_from_thread(self.query_one("#message", MessageBar).error, err)
            return
        self.app.call_from_thread(self._show, source, total, first)

    def _show(self, source: JournalSource, total: int, first: Sequence[JournalLine]) -> None:
        if source.flt != self.flt:  # a newer filter was chosen while this one was read
            return
        self.table.set_source(source, total, first)
        text = f"共 {total:,} 张凭证 · 筛选：{describe_filter(self.flt)}"
        self.query_one("#message", MessageBar).say(f"{text} · 回车查看，f 筛选")

    def on_paged_table_selected(self, event: PagedTable.Selected) -> None:
        if isinstance(event.item, JournalLine):
            self.app.push_screen(EntryDetailScreen(self.session, event.item.voucher_no))

    def action_open(self) -> None:
        self.table.action_select()

    def action_table_jump(self, index: int) -> None:
        self.table.action_jump(index)

    @work(exclusive=True, group="journal-filter")
    async def action_filter(self) -> None:
        flt = await self.app.push_screen_wait(FilterDialog(self.flt))
        if flt is not None:
            self.flt = flt
            self.load()

    def action_clear(self) -> None:
        if not self.flt.is_empty:
            self.flt = JournalFilter()
            self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
