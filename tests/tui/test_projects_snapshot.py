"""SVG snapshot of a project's detail at 80×24 (fixed clock and demo books): 迎宾花苑's
地下车库照明改造 after its notice, seen by a committee member (the keys offered are the
steps their role and the project's state allow)."""

from __future__ import annotations

from typing import Any

from ledger.services.context import Context
from tests.tui.conftest import session_for
from tests.tui.harness import ScreenHarness
from tui.screens.project_detail import ProjectDetailScreen


def test_project_detail_snapshot(tui_ctx: Context, snap_compare: Any) -> None:
    s = session_for(tui_ctx, "ybhy_zr")
    app = ScreenHarness(lambda: ProjectDetailScreen(s, 3))
    assert snap_compare(app, terminal_size=(80, 24))
