"""Help (F1) lists the keys of the screen it was opened on, in Chinese: the journal's own keys
and the keys that work everywhere; on the dashboard, every screen of the menu with its key.
Esc closes it and the screen underneath is as it was."""

from __future__ import annotations

import re

from textual.pilot import Pilot
from textual.widgets import Static

from ledger.services.context import Context
from tests.tui.app_driver import login, run_app, settle
from tui.app import LedgerApp
from tui.menu import MENU
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen
from tui.screens.journal import JournalScreen

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def help_text(app: LedgerApp) -> str:
    assert isinstance(app.screen, HelpScreen)
    return str(app.screen.query_one("#help-keys", Static).render())


def test_help_lists_the_keys_of_the_current_screen(tui_ctx: Context) -> None:
    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_cn")
        await pilot.press("f1")
        await pilot.pause()
        on_dashboard = help_text(app)
        for item in MENU:
            assert item.label in on_dashboard
        assert "F1" in on_dashboard and "切换小区" in on_dashboard and "退出登录" in on_dashboard
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)

        await pilot.press("j")
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        on_journal = help_text(app)
        for words in ("回车", "查看凭证", "筛选", "清除筛选", "Esc", "返回", "帮助"):
            assert words in on_journal, words
        assert "凭证序时账" in str(app.screen.query_one("#help-title", Static).render())
        assert all(
            CHINESE.search(line) for line in on_journal.splitlines()
        )  # every key said in Chinese
        await pilot.press("f1")  # F1 again closes it
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)

    run_app(tui_ctx, steps)
