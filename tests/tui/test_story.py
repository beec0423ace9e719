"""The issue's first story through the whole app, as two people at one PC would do it: the
treasurer logs in and records the month's parking income on the income form, logs out; the
director logs in, finds the draft in the inbox, approves it after confirming, and sees the new
voucher on top of the journal with the figures the treasurer typed."""

from __future__ import annotations

import re

from textual.pilot import Pilot

from ledger.services import journal
from ledger.services.context import Context
from tests.tui.app_driver import login, message, run_app, settle, type_text
from tests.tui.forms_pilot import draft_number, text_of
from tui.app import LedgerApp
from tui.screens.dashboard import DashboardScreen
from tui.screens.form_income import IncomeForm
from tui.screens.inbox import InboxScreen
from tui.screens.journal import JournalScreen
from tui.screens.login import LoginScreen
from tui.widgets.confirm import ConfirmDialog

COMPOUND = "迎宾花苑"


def test_income_typed_by_the_treasurer_is_approved_by_the_director_and_journalled(
    tui_ctx: Context,
) -> None:
    seen: dict[str, str] = {}

    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_cn")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, IncomeForm)
        await type_text(pilot, "18,000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        seen["saved"] = text_of(app.screen, "#status")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f3")  # log out
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)

        await login(pilot, "ybhy_zr")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # approving posts for good: asked first
        await pilot.press("y")
        await settle(pilot)
        seen["approved"] = message(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        top = app.screen.table.current
        assert top is not None
        seen["top"] = top.voucher_no

    run_app(tui_ctx, steps)
    assert "等待另一位审核人审核" in seen["saved"]
    draft = draft_number(seen["saved"])
    posted = re.search(r"记-2023-07-\d{4}", seen["approved"])
    assert posted, seen["approved"]
    assert seen["top"] == posted.group(0)  # the newest voucher, on top of the journal
    detail = journal.entry_detail(tui_ctx, COMPOUND, posted.group(0))
    assert sorted((code, amount) for code, _, amount, _ in detail.lines) == [
        ("1002", 1_260_000),  # net to the bank
        ("4301", -1_800_000),  # gross parking income
        ("5102", 540_000),  # the property company's 30% cost share
    ]
    assert detail.maker != detail.checker and draft > 0
