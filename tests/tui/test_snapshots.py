"""SVG snapshots of the main screens at 80×24 on the demo books with the fixed clock: the login
screen, the treasurer's dashboard and the journal. Nothing on them depends on the time of the
run (no clock widget; "today" comes from the fixed clock). `--snapshot-update` rewrites them
after a deliberate change; look at the SVG before committing it."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from ledger.services.context import Context
from tests.tui.app_driver import login, settle
from tui.app import LedgerApp

SIZE = (80, 24)


def test_login_snapshot(tui_ctx: Context, snap_compare: Any) -> None:
    assert snap_compare(LedgerApp(tui_ctx), terminal_size=SIZE)


def test_dashboard_snapshot(tui_ctx: Context, snap_compare: Any) -> None:
    async def signed_in(pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_cn")

    assert snap_compare(LedgerApp(tui_ctx), terminal_size=SIZE, run_before=signed_in)


def test_journal_snapshot(tui_ctx: Context, snap_compare: Any) -> None:
    async def journal_open(pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_cn")
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("down", "down")  # the cursor on the third voucher
        await pilot.pause()

    assert snap_compare(LedgerApp(tui_ctx), terminal_size=SIZE, run_before=journal_open)
