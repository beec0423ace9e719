"""The journal screen as the treasurer uses it: newest voucher on top, rows far down come from
the right page, filters narrow the rows (a wrong filter says which field and keeps the dialog
open), Enter opens a voucher with its hash, and a reversal asks for a reason and a
confirmation, then — once another person approves it — appears on top of the journal."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Static

from ledger.domain.period import Month
from ledger.services import entries, journal
from ledger.services.context import Context
from ledger.services.journal_pages import JournalFilter, journal_count, journal_page
from tests.tui.app_driver import login, message, run_app, settle, type_text
from tests.tui.conftest import session_for
from tui.app import LedgerApp
from tui.screens.entry_detail import EntryDetailScreen
from tui.screens.inbox import InboxScreen
from tui.screens.journal import JournalScreen
from tui.widgets.confirm import ConfirmDialog
from tui.widgets.journal_filter import FilterDialog
from tui.widgets.paged_table import PagedTable
from tui.widgets.text_dialog import TextDialog

COMPOUND = "迎宾花苑"


def journal_of(app: LedgerApp) -> JournalScreen:
    assert isinstance(app.screen, JournalScreen), type(app.screen)
    return app.screen


async def open_journal(app: LedgerApp, pilot: Pilot[None], user: str = "ybhy_cn") -> JournalScreen:
    await login(pilot, user)
    await pilot.press("j")
    await settle(pilot)
    return journal_of(app)


def test_newest_first_and_far_rows_come_from_their_page(tui_ctx: Context) -> None:
    whole = [
        r.voucher_no
        for r in journal_page(tui_ctx, COMPOUND, JournalFilter(), offset=0, limit=10_000)
    ]

    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        screen = await open_journal(app, pilot)
        table = screen.table
        assert table.total == len(whole)
        assert table.current is not None and table.current.voucher_no == whole[0]
        for index in (1, len(whole) // 2, len(whole) - 1):
            row = table.item_at(index)
            assert row is not None and row.voucher_no == whole[index]
        await pilot.press("end")
        await pilot.pause()
        assert table.current is not None and table.current.voucher_no == whole[-1]
        assert f"共 {len(whole):,} 张凭证" in message(app)

    run_app(tui_ctx, steps)


def test_filters_narrow_the_rows_and_a_wrong_one_is_explained(tui_ctx: Context) -> None:
    may = Month(2023, 5)
    in_may = journal_count(tui_ctx, COMPOUND, JournalFilter(month=may))

    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        screen = await open_journal(app, pilot)
        everything = screen.table.total
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        await type_text(pilot, "2023-13")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)  # stays open with what was typed
        assert "月份" in message(app, "#filter-message")
        app.screen.query_one("#f-month", Input).value = ""
        await type_text(pilot, "2023-05")
        await pilot.press("enter")
        await settle(pilot)
        screen = journal_of(app)
        assert screen.table.total == in_may < everything
        rows = [screen.table.item_at(i) for i in range(screen.table.total)]
        assert all(r is not None and r.voucher_no.startswith("记-2023-05") for r in rows)
        assert "月份 2023-05" in message(app)

        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#f-text", Input).focus()
        await type_text(pilot, "停车费")
        await pilot.press("enter")
        await settle(pilot)
        screen = journal_of(app)
        assert screen.table.total == 1
        assert screen.table.current is not None and "停车费" in screen.table.current.memo

        await pilot.press("c")  # clear
        await settle(pilot)
        assert journal_of(app).table.total == everything

    run_app(tui_ctx, steps)


def test_entry_detail_shows_lines_people_and_the_hash(tui_ctx: Context) -> None:
    newest = journal_page(tui_ctx, COMPOUND, JournalFilter(), offset=0, limit=1)[0]
    view = journal.entry_detail(tui_ctx, COMPOUND, newest.voucher_no)

    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await open_journal(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryDetailScreen)
        text = str(app.screen.query_one("#voucher", Static).render())
        assert view.hash in text and view.prev_hash in text
        assert view.voucher in text and view.maker in text and view.checker in text
        for line in view.lines:
            assert line.code in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)

    run_app(tui_ctx, steps)


def test_reversal_asks_then_appears_in_the_journal_once_approved(tui_ctx: Context) -> None:
    newest = journal_page(tui_ctx, COMPOUND, JournalFilter(), offset=0, limit=1)[0]
    asked: list[str] = []

    async def reverse(app: LedgerApp, pilot: Pilot[None]) -> None:
        await open_journal(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")  # an empty reason is refused
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await type_text(pilot, "金额录错")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        asked.append("confirm")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, EntryDetailScreen)
        assert "已编制冲销草稿 #" in message(app)

    run_app(tui_ctx, reverse)
    assert asked == ["confirm"]
    assert journal_page(tui_ctx, COMPOUND, JournalFilter(), offset=0, limit=1)[0] == newest

    async def approve(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_zr")
        await pilot.press("a")  # the inbox, from the dashboard
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        await pilot.press("a")  # approve the draft under the cursor
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert "已过账" in message(app)

    run_app(tui_ctx, approve)

    async def look(app: LedgerApp, pilot: Pilot[None]) -> None:
        screen = await open_journal(app, pilot)
        top, second = screen.table.item_at(0), screen.table.item_at(1)
        assert top is not None and top.reverses and top.amount_fen == newest.amount_fen
        assert second is not None and second.voucher_no == newest.voucher_no and second.reversed
        table = screen.query_one(PagedTable)
        assert table.total == journal_count(tui_ctx, COMPOUND, JournalFilter())

    run_app(tui_ctx, look)


def test_reversing_twice_is_refused_with_the_rule(tui_ctx: Context) -> None:
    newest = journal_page(tui_ctx, COMPOUND, JournalFilter(), offset=0, limit=1)[0]
    cn = session_for(tui_ctx, "ybhy_cn")
    entries.reverse_entry(tui_ctx, cn.actor, newest.voucher_no, reason="重复", compound=COMPOUND)

    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await open_journal(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "再冲一次")
        await pilot.press("enter", "y")
        await settle(pilot)
        text = message(app)
        assert "已有待审核的冲销草稿" in text and "：" in text

    run_app(tui_ctx, steps)
