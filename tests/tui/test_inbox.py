"""The approvals inbox: a committee member sees the treasurer's draft with its lines, approves
it after confirming, and it is posted; the treasurer who made it is refused with the rule that
refuses it; a cancelled confirmation changes nothing; the maker may discard her own draft."""

from __future__ import annotations

import datetime as dt

from textual.pilot import Pilot
from textual.widgets import Static

from ledger.services import project_payments, shortcuts
from ledger.services.context import Context
from ledger.services.inbox import inbox
from ledger.services.journal_pages import JournalFilter, journal_count
from tests.tui.app_driver import login, message, run_app, run_screen, settle, type_text
from tests.tui.conftest import session_for
from tests.tui.harness import ScreenHarness
from tui.app import LedgerApp
from tui.screens.inbox import InboxScreen
from tui.widgets.confirm import ConfirmDialog

COMPOUND = "迎宾花苑"


def a_draft(ctx: Context) -> int:
    cn = session_for(ctx, "ybhy_cn")
    return shortcuts.draft_income(
        ctx,
        cn.actor,
        compound=COMPOUND,
        date=dt.date(2023, 7, 5),
        category="parking",
        gross_fen=1_234_500,
    )


def on_inbox(ctx: Context, user: str, *keys: str) -> dict[str, str]:
    """Open the inbox as `user`, press `keys` (pausing after each), and read what it shows."""
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        shown["lines"] = str(app.screen.query_one("#lines", Static).render())
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            if isinstance(app.screen, ConfirmDialog):
                shown["asked"] = "yes"
        await settle(pilot)
        shown["message"] = message(app)

    run_screen(lambda: InboxScreen(session_for(ctx, user)), steps)
    return shown


def test_checker_approves_after_confirming(tui_ctx: Context) -> None:
    draft = a_draft(tui_ctx)
    before = journal_count(tui_ctx, COMPOUND, JournalFilter())
    shown = on_inbox(tui_ctx, "ybhy_zr", "a", "y")
    assert shown["asked"] == "yes"
    assert f"#{draft}" in shown["lines"] and "12,345.00" in shown["lines"]  # its lines, shown
    assert "已过账" in shown["message"] and "记-2023-07-" in shown["message"]
    assert journal_count(tui_ctx, COMPOUND, JournalFilter()) == before + 1
    zr = session_for(tui_ctx, "ybhy_zr")
    assert inbox(tui_ctx, zr.actor, COMPOUND).drafts == ()


def test_cancelled_confirmation_changes_nothing(tui_ctx: Context) -> None:
    a_draft(tui_ctx)
    before = journal_count(tui_ctx, COMPOUND, JournalFilter())
    shown = on_inbox(tui_ctx, "ybhy_zr", "a", "n")
    assert "已取消" in shown["message"]
    assert journal_count(tui_ctx, COMPOUND, JournalFilter()) == before


def test_the_maker_herself_is_refused_with_the_rule(tui_ctx: Context) -> None:
    a_draft(tui_ctx)
    before = journal_count(tui_ctx, COMPOUND, JournalFilter())
    shown = on_inbox(tui_ctx, "ybhy_cn", "a", "y")
    assert shown["message"].startswith("无权操作：") and "审核过账" in shown["message"]
    assert journal_count(tui_ctx, COMPOUND, JournalFilter()) == before
    cn = session_for(tui_ctx, "ybhy_cn")
    box = inbox(tui_ctx, cn.actor, COMPOUND)
    assert [d.mine for d in box.drafts] == [True] and box.to_approve == ()


def test_maker_discards_her_own_draft_but_a_checker_may_not(tui_ctx: Context) -> None:
    a_draft(tui_ctx)
    refused = on_inbox(tui_ctx, "ybhy_zr", "d", "y")
    assert "只有编制人可以作废" in refused["message"]
    done = on_inbox(tui_ctx, "ybhy_cn", "d", "y")
    assert "已作废" in done["message"]
    cn = session_for(tui_ctx, "ybhy_cn")
    assert inbox(tui_ctx, cn.actor, COMPOUND).drafts == ()


def test_empty_inbox_says_so(tui_ctx: Context) -> None:
    shown = on_inbox(tui_ctx, "ybhy_zr", "a")
    assert "没有" in shown["message"]


def test_inbox_opens_from_the_dashboard_key(tui_ctx: Context) -> None:
    a_draft(tui_ctx)

    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_zr")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert app.screen.table.total == 1

    run_app(tui_ctx, steps)


def test_community_gates_a_major_payment_then_a_checker_may_post_it(tui_ctx: Context) -> None:
    water = "香榭雅居"  # its water mains project is in progress in the demo
    cn = session_for(tui_ctx, "xxyj_cn", water)
    draft = project_payments.pay(
        tui_ctx,
        cn.actor,
        project_id=1,
        amount_fen=5_000_000,  # the major-payment limit in rules.yaml
        payee="库尔勒市供水工程公司",
        date=dt.date(2023, 7, 6),
    )
    shequ = session_for(tui_ctx, "yb_shequ", water)
    before = inbox(tui_ctx, shequ.actor, water)
    assert [d.id for d in before.to_gate] == [draft]
    zr = session_for(tui_ctx, "xxyj_zr", water)
    assert inbox(tui_ctx, zr.actor, water).to_approve == ()  # not before the gate
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        await pilot.press("g")
        await pilot.pause()
        await type_text(pilot, "同意支付")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        shown["message"] = message(app)

    run_screen(lambda: InboxScreen(shequ), steps)
    assert f"已把关草稿 #{draft}" in shown["message"]
    after = inbox(tui_ctx, shequ.actor, water)
    assert after.to_gate == () and after.drafts[0].gated
    assert [d.id for d in inbox(tui_ctx, zr.actor, water).to_approve] == [draft]


def test_gate_key_is_not_offered_to_a_committee_member(tui_ctx: Context) -> None:
    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        keys = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "approve" in keys and "gate" not in keys

    run_screen(lambda: InboxScreen(session_for(tui_ctx, "ybhy_zr")), steps)
