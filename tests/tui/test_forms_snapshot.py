"""SVG snapshot of the income form at 80×24 with an amount typed (fixed clock and demo books):
the cost share and net filled from the parking rule, the 大写 lines under the amounts."""

from __future__ import annotations

from typing import Any

from ledger.services.context import Context
from tests.tui.conftest import session_for
from tests.tui.harness import ScreenHarness
from tui.screens.form_income import IncomeForm


def test_income_form_snapshot(tui_ctx: Context, snap_compare: Any) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    app = ScreenHarness(lambda: IncomeForm(s))
    assert snap_compare(app, press=[*"18,000.5"], terminal_size=(80, 24))
