"""The month close screen driven by the people who close a month: May 2023 of 迎宾花苑 (prepared
by the treasurer in the demo) reviewed, signed twice, sealed and published, each by the right
user; the notice PDF written after publishing. Refusals show the rule and change nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from textual.pilot import Pilot

from ledger.domain.closing import MonthState
from ledger.domain.period import Month
from ledger.domain.seal import SealState
from ledger.services import month_close, seals
from ledger.services.context import Context
from tests.tui.conftest import session_for
from tests.tui.forms_pilot import drive
from tests.tui.harness import ScreenHarness
from tui.screens.month_close import MonthCloseScreen
from tui.screens.seals import SealsScreen
from tui.widgets.confirm import ConfirmDialog
from tui.widgets.fields_dialog import FieldsDialog
from tui.widgets.message_bar import MessageBar

MAY = Month(2023, 5)
COMPOUND = "迎宾花苑"


def state(ctx: Context) -> MonthState:
    return month_close.month_status(ctx, COMPOUND, MAY).state


def status_of(app: ScreenHarness) -> str:
    return app.screen.query_one("#status", MessageBar).text


def press_on_month_close(
    ctx: Context, user: str, *keys: str, out_dir: Path | None = None, asked: list[str] | None = None
) -> str:
    """Open the month close screen as `user`, press `keys` (a dialog's keys included), wait
    for any worker, and answer the status line. `asked` collects the dialogs that came up."""
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            if asked is not None and isinstance(app.screen, ConfirmDialog | FieldsDialog):
                kind = type(app.screen).__name__
                if not asked or asked[-1] != kind:
                    asked.append(kind)
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown["status"] = status_of(app)

    drive(lambda: MonthCloseScreen(session_for(ctx, user), out_dir=out_dir), steps, size=(100, 30))
    return shown["status"]


def test_month_is_closed_and_published_by_its_people(tui_ctx: Context, tmp_path: Path) -> None:
    assert state(tui_ctx) is MonthState.PREPARED  # the screen opens on it: the oldest open close

    said = press_on_month_close(tui_ctx, "ybhy_jd", "v", "enter")
    assert state(tui_ctx) is MonthState.REVIEWED, said
    assert "审查通过" in said

    asked: list[str] = []
    said = press_on_month_close(tui_ctx, "ybhy_zr", "s", "y", asked=asked)
    assert asked == ["ConfirmDialog"]
    assert state(tui_ctx) is MonthState.COMMITTEE_SIGNED, said

    said = press_on_month_close(tui_ctx, "yb_shequ", "s", "y")
    assert state(tui_ctx) is MonthState.COMMUNITY_SIGNED, said
    assert "社区党委签字" in said

    # Publishing needs the month notice's seal: refused with the rule, nothing written.
    said = press_on_month_close(tui_ctx, "ybhy_zr", "l", "y")
    assert state(tui_ctx) is MonthState.COMMUNITY_SIGNED
    assert "还没有经社区党委批准用印" in said

    said = press_on_month_close(tui_ctx, "ybhy_zr", "u", "enter", "enter")
    assert "已申请用印" in said
    pending = [x for x in seals.list_seals(tui_ctx, COMPOUND) if x.month == str(MAY)]
    assert [x.state for x in pending] == [SealState.REQUESTED]
    approve_on_seal_screen(tui_ctx)

    asked = []
    said = press_on_month_close(tui_ctx, "ybhy_zr", "l", "y", out_dir=tmp_path, asked=asked)
    assert asked == ["ConfirmDialog"]
    assert state(tui_ctx) is MonthState.PUBLISHED, said
    notices = list(tmp_path.glob("notice-c*-2023-05.pdf"))
    assert len(notices) == 1, sorted(tmp_path.iterdir())
    assert str(notices[0].resolve()) in said
    assert not list(tmp_path.glob(".*partial"))
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the notice back")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(notices[0]), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert COMPOUND in text
    assert "2023年5月" in "".join(text.split())


def approve_on_seal_screen(ctx: Context) -> None:
    """The community custodian approves the newest request (the top line) on the seal screen."""
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("enter")  # the opinion is filled in: 同意用印
        await pilot.pause()
        shown["status"] = status_of(app)

    drive(lambda: SealsScreen(session_for(ctx, "yb_shequ")), steps)
    assert "已批准" in shown["status"], shown["status"]


def test_no_at_the_question_leaves_the_month_unpublished(tui_ctx: Context, tmp_path: Path) -> None:
    month_close.review_month(
        tui_ctx,
        session_for(tui_ctx, "ybhy_jd").actor,
        compound=COMPOUND,
        month=MAY,
        approve=True,
        comment="",
    )
    out = tmp_path / "out"
    out.mkdir()
    asked: list[str] = []
    said = press_on_month_close(tui_ctx, "ybhy_zr", "l", "n", out_dir=out, asked=asked)
    assert asked == ["ConfirmDialog"]
    assert "已取消" in said
    assert state(tui_ctx) is MonthState.REVIEWED
    press_on_month_close(tui_ctx, "ybhy_zr", "s", "n", asked=asked)
    assert state(tui_ctx) is MonthState.REVIEWED
    assert not list(out.iterdir())


def test_wrong_role_is_refused_with_the_rule(tui_ctx: Context) -> None:
    said = press_on_month_close(tui_ctx, "ybhy_cn", "v", "enter")
    assert said.startswith("无权操作："), said
    assert "没有「月结审查（监督小组）」的权限" in said
    assert "监督小组" in said
    assert state(tui_ctx) is MonthState.PREPARED


def test_sending_back_needs_a_reason(tui_ctx: Context) -> None:
    said = press_on_month_close(tui_ctx, "ybhy_jd", "b", "enter")
    assert "退回理由" in said
    assert state(tui_ctx) is MonthState.PREPARED
    said = press_on_month_close(tui_ctx, "ybhy_jd", "b", *"停车费少记一笔", "enter")
    assert state(tui_ctx) is MonthState.OPEN, said
    st = month_close.month_status(tui_ctx, COMPOUND, MAY)
    assert st.signoffs[-1].comment == "停车费少记一笔"


def test_month_close_screen_snapshot(tui_ctx: Context, snap_compare: object) -> None:
    screen = MonthCloseScreen(session_for(tui_ctx, "ybhy_jd"))
    app = ScreenHarness(lambda: screen)
    assert snap_compare(app, terminal_size=(80, 24))  # type: ignore[operator]
