"""The exports screen: the auditor workbook written in a worker thread while the screen keeps
answering keys, read back with openpyxl; a month's vouchers as PDF; a bad path refused."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Select

from ledger.domain import workbook as wb
from ledger.services.context import Context
from tests.tui.conftest import session_for
from tests.tui.forms_pilot import drive
from tests.tui.harness import ScreenHarness
from tui import export_jobs
from tui.screens.exports import ExportsScreen
from tui.widgets.message_bar import MessageBar

SHEETS = [
    wb.COVER,
    wb.TRIAL_BALANCE,
    wb.JOURNAL,
    wb.LEDGERS,
    wb.PROJECTS,
    wb.VOTES,
    wb.QUOTES,
    wb.SEALS,
    wb.AUDIT_TRAIL,
    wb.SIGNOFFS,
    wb.OPINIONS,
]


def test_workbook_is_written_in_a_worker_while_the_screen_answers(
    tui_ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    real = export_jobs.workbook_xlsx

    def held(*args: object) -> export_jobs.Saved:
        assert threading.current_thread() is not threading.main_thread()
        assert gate.wait(30), "the test never let the export go on"
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(export_jobs, "workbook_xlsx", held)
    shown: dict[str, object] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        screen = app.screen
        shown["output"] = screen.query_one("#output", Input).value
        await pilot.press("f5")
        await pilot.pause()
        shown["bar_shown"] = screen.query_one("#progress", ProgressBar).display
        await pilot.press("f5")  # handled while the export is still running
        await pilot.pause()
        shown["busy"] = screen.query_one("#status", MessageBar).text
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown["status"] = screen.query_one("#status", MessageBar).text
        shown["bar_after"] = screen.query_one("#progress", ProgressBar).display

    drive(lambda: ExportsScreen(session_for(tui_ctx, "auditor"), out_dir=tmp_path), steps)
    target = Path(str(shown["output"]))
    assert target.parent == tmp_path
    assert target.name.startswith("workbook-c") and target.name.endswith("-2021-12_2023-07.xlsx")
    assert target.name.isascii()
    assert shown["bar_shown"] is True
    assert "上一项导出还在进行" in str(shown["busy"])
    assert shown["bar_after"] is False
    assert f"已保存到 {target}" in str(shown["status"]), shown["status"]
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == SHEETS
    journal = book[wb.JOURNAL]
    assert journal.max_row > 100  # the demo's 19 months of vouchers
    cover = [row for row in book[wb.COVER].iter_rows(values_only=True)]
    assert ("生成人", "审计 林静", None) in cover
    assert not list(tmp_path.glob(".*partial"))


def choose(screen: object, kind: str, **fields: str) -> None:
    assert isinstance(screen, ExportsScreen)
    screen.query_one("#kind", Select).value = kind
    for name, value in fields.items():
        screen.query_one(f"#{name}", Input).value = value


def test_vouchers_of_a_month_as_pdf(tui_ctx: Context, tmp_path: Path) -> None:
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        choose(app.screen, "vouchers", month="2023-05")
        await pilot.pause()
        shown["output"] = app.screen.query_one("#output", Input).value
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown["status"] = app.screen.query_one("#status", MessageBar).text

    drive(lambda: ExportsScreen(session_for(tui_ctx, "ybhy_cn"), out_dir=tmp_path), steps)
    target = Path(shown["output"])
    assert target.name.startswith("vouchers-c") and target.name.endswith("-2023-05.pdf")
    assert target.read_bytes().startswith(b"%PDF")
    assert "2023年5月" in shown["status"] and "张凭证" in shown["status"], shown["status"]


def test_a_missing_folder_is_refused_in_chinese(tui_ctx: Context, tmp_path: Path) -> None:
    shown: dict[str, str] = {}
    nowhere = tmp_path / "no-such-folder" / "books.beancount"

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        choose(app.screen, "beancount")
        await pilot.pause()
        app.screen.query_one("#output", Input).value = str(nowhere)
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown["status"] = app.screen.query_one("#status", MessageBar).text

    drive(lambda: ExportsScreen(session_for(tui_ctx, "ybhy_cn"), out_dir=tmp_path), steps)
    assert shown["status"].startswith("输入有误："), shown["status"]
    assert "不存在" in shown["status"]
    assert not nowhere.parent.exists()


def test_a_bad_month_is_refused_before_anything_runs(tui_ctx: Context, tmp_path: Path) -> None:
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        choose(app.screen, "notice", month="2023-13")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        shown["status"] = app.screen.query_one("#status", MessageBar).text

    drive(lambda: ExportsScreen(session_for(tui_ctx, "ybhy_cn"), out_dir=tmp_path), steps)
    assert "月份「2023-13」" in shown["status"], shown["status"]
    assert not list(tmp_path.glob("*.pdf"))
