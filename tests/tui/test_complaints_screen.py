"""The complaints screen: a new complaint is recorded and listed first (unanswered on top),
answered once by the committee; a treasurer may record but not answer."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from ledger.services import complaints
from ledger.services.context import Context
from tests.tui.conftest import TODAY, session_for
from tests.tui.forms_pilot import drive
from tests.tui.harness import ScreenHarness
from tui.screens.complaints import ComplaintsScreen
from tui.widgets.fields_dialog import FieldsDialog
from tui.widgets.message_bar import MessageBar

COMPOUND = "迎宾花苑"


def on_complaints(
    ctx: Context, user: str, *keys: str, fill: dict[str, str] | None = None
) -> tuple[str, list[list[str]]]:
    """Press `keys` as `user` (then fill the dialog and press 确定); the status and the rows."""
    shown: dict[str, object] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if fill is not None:
            dialog = app.screen
            assert isinstance(dialog, FieldsDialog)
            for field, value in fill.items():
                widget = dialog.query_one(f"#f-{field}")
                assert isinstance(widget, Input | Select)
                widget.value = value
            await pilot.click("#ok")
            await pilot.pause()
        screen = app.screen
        table = screen.query_one("#complaints", DataTable)
        shown["rows"] = [
            [c.plain if isinstance(c, Text) else str(c) for c in table.get_row_at(i)]
            for i in range(table.row_count)
        ]
        shown["status"] = screen.query_one("#status", MessageBar).text

    drive(lambda: ComplaintsScreen(session_for(ctx, user)), steps, size=(100, 30))
    return str(shown["status"]), shown["rows"]  # type: ignore[return-value]


def test_recorded_complaint_comes_first_and_is_answered_once(tui_ctx: Context) -> None:
    said, rows = on_complaints(
        tui_ctx,
        "ybhy_cn",
        "a",
        fill={"channel": "box", "resident": "3号楼 李先生", "content": "七月停车费何时公示？"},
    )
    assert "已登记投诉建议" in said, said
    top = rows[0]
    assert top[1:5] == ["待答复", str(TODAY), "意见箱", "3号楼 李先生"]
    assert all(r[1] == "已答复" for r in rows[1:])
    new_id = int(top[0].lstrip("#"))

    said, _ = on_complaints(tui_ctx, "ybhy_cn", "d", fill={"answer": "月底前公示"})
    assert said.startswith("无权操作："), said
    assert "答复投诉建议" in said

    said, rows = on_complaints(tui_ctx, "ybhy_zr", "d", fill={"answer": "8月10日前张贴公示"})
    assert "已答复" in said, said
    view = next(v for v in complaints.list_complaints(tui_ctx, COMPOUND) if v.id == new_id)
    assert (view.answer, view.answered_by, view.answered_on) == (
        "8月10日前张贴公示",
        "张卫东",
        TODAY,
    )
    assert all(r[1] == "已答复" for r in rows)

    said, _ = on_complaints(tui_ctx, "ybhy_zr", "d", fill={"answer": "再答一次"})
    assert "已于" in said and "不能再次答复" in said, said


def test_a_future_date_is_refused(tui_ctx: Context) -> None:
    before = len(complaints.list_complaints(tui_ctx, COMPOUND))
    tomorrow = TODAY + dt.timedelta(days=1)
    said, _ = on_complaints(
        tui_ctx,
        "ybhy_jd",
        "a",
        fill={"date": str(tomorrow), "resident": "匿名", "content": "提问"},
    )
    assert said.startswith("输入有误："), said
    assert "晚于今天" in said
    assert len(complaints.list_complaints(tui_ctx, COMPOUND)) == before
