"""The users screen: refused to a treasurer with the rule that refuses; for the street
administrator, the users with their roles, a new user, and a role granted to them."""

from __future__ import annotations

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from ledger.services.access import authenticate
from ledger.services.context import Context
from ledger.services.organisation import list_users
from tests.tui.conftest import session_for
from tests.tui.forms_pilot import drive
from tests.tui.harness import ScreenHarness
from tui.screens.users import UsersScreen
from tui.widgets.fields_dialog import FieldsDialog
from tui.widgets.message_bar import MessageBar


def rows_of(table: DataTable[object]) -> list[list[str]]:
    return [
        [c.plain if isinstance(c, Text) else str(c) for c in table.get_row_at(i)]
        for i in range(table.row_count)
    ]


def test_a_treasurer_is_refused_with_the_rule(tui_ctx: Context) -> None:
    shown: dict[str, object] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        table = app.screen.query_one("#users", DataTable)
        shown["table"] = table.display
        shown["rows"] = table.row_count
        await pilot.press("a")  # the add form opens; the service refuses what it is given
        await pilot.pause()
        shown["dialog"] = isinstance(app.screen, FieldsDialog)
        await pilot.press("escape")
        await pilot.press("g")
        await pilot.pause()
        shown["status"] = app.screen.query_one("#status", MessageBar).text

    drive(lambda: UsersScreen(session_for(tui_ctx, "ybhy_cn")), steps)
    assert shown["table"] is False and shown["rows"] == 0
    status = str(shown["status"])
    assert status.startswith("无权操作："), status
    assert "没有「管理用户和角色」的权限" in status and "街道" in status


def fill_and_ok(app: ScreenHarness, values: dict[str, str]) -> None:
    dialog = app.screen
    assert isinstance(dialog, FieldsDialog)
    for field, value in values.items():
        widget = dialog.query_one(f"#f-{field}")
        assert isinstance(widget, Input | Select)
        widget.value = value


def test_admin_lists_adds_and_grants(tui_ctx: Context) -> None:
    shown: dict[str, object] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        screen = app.screen
        shown["before"] = rows_of(screen.query_one("#users", DataTable))
        await pilot.press("a")
        await pilot.pause()
        fill_and_ok(
            app, {"name": "ybhy_cn2", "display_name": "周小红", "password": "pw12", "again": "pw13"}
        )
        await pilot.click("#ok")
        await pilot.pause()
        shown["mismatch"] = screen.query_one("#status", MessageBar).text
        await pilot.press("a")
        await pilot.pause()
        fill_and_ok(
            app, {"name": "ybhy_cn2", "display_name": "周小红", "password": "pw12", "again": "pw12"}
        )
        await pilot.click("#ok")
        await pilot.pause()
        shown["added"] = screen.query_one("#status", MessageBar).text
        await pilot.press("g")  # the selected user (the new one) is filled in
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        shown["user_field"] = dialog.query_one("#f-user", Input).value
        shown["scope_field"] = dialog.query_one("#f-scope", Input).value
        fill_and_ok(app, {"role": "treasurer"})
        await pilot.click("#ok")
        await pilot.pause()
        shown["granted"] = screen.query_one("#status", MessageBar).text
        shown["after"] = rows_of(screen.query_one("#users", DataTable))

    drive(lambda: UsersScreen(session_for(tui_ctx, "admin")), steps, size=(100, 30))
    before = {r[0]: r for r in shown["before"]}  # type: ignore[attr-defined]
    assert before["ybhy_cn"][1:] == ["李秀兰", "启用", "出纳/记账@迎宾花苑"]
    assert before["yb_shequ"][3] == "社区党委@迎宾社区"
    assert "两次输入的密码不一致" in str(shown["mismatch"])
    assert "已新建用户 ybhy_cn2" in str(shown["added"])
    assert (shown["user_field"], shown["scope_field"]) == ("ybhy_cn2", "迎宾花苑")
    assert "已授予 ybhy_cn2 出纳/记账@迎宾花苑" in str(shown["granted"]), shown["granted"]
    after = {r[0]: r for r in shown["after"]}  # type: ignore[attr-defined]
    assert after["ybhy_cn2"][1:] == ["周小红", "启用", "出纳/记账@迎宾花苑"]
    assert authenticate(tui_ctx, "ybhy_cn2", "pw12").display_name == "周小红"
    roles = {u.name: u.roles for u in list_users(tui_ctx)}
    assert [(r.role, r.scope) for r in roles["ybhy_cn2"]] == [("treasurer", "迎宾花苑")]
