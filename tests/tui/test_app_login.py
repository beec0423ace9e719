"""Signing in and choosing a compound: a wrong password keeps the user on the login screen
with a Chinese message; a treasurer with one compound goes straight to its dashboard; the
auditor chooses among every compound, grouped by community; F2 switches, F3 signs out. And
`python main.py tui` / `python main.py` open the app, or say in Chinese why they cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from ledger.cli.app import main
from ledger.services.context import Context
from tests.tui.app_driver import login, message, run_app, settle
from tui.app import LedgerApp
from tui.screens.dashboard import DashboardScreen
from tui.screens.login import LoginScreen
from tui.screens.picker import PickerScreen


def test_wrong_password_stays_on_login_with_chinese_message(tui_ctx: Context) -> None:
    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_cn", "wrong")
        assert isinstance(app.screen, LoginScreen)
        assert "用户名或密码不对" in message(app)
        assert app.screen.query_one("#user", Input).value == "ybhy_cn"  # what was typed stays
        assert app.screen.query_one("#password", Input).value == ""
        assert app.screen.query_one("#password", Input).password  # masked
        assert app.actor is None

    run_app(tui_ctx, steps)


def test_treasurer_with_one_compound_lands_on_its_dashboard(tui_ctx: Context) -> None:
    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_cn")
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.session.compound == "迎宾花苑"
        assert app.screen.session.actor.name == "ybhy_cn"

    run_app(tui_ctx, steps)


def test_auditor_picks_among_all_compounds_grouped_by_community(tui_ctx: Context) -> None:
    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "auditor")
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList).options
        prompts = [str(o.prompt) for o in options]
        headers = [p for p, o in zip(prompts, options, strict=True) if o.disabled]
        assert headers == ["【迎宾社区】", "【冠农社区】"]
        picks = [o.id for o in options if not o.disabled]
        assert picks == ["迎宾花苑", "香榭雅居", "冠农小区", "汇景台小区"]
        await pilot.press("down", "enter")  # the second compound
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.session.compound == "香榭雅居"
        await pilot.press("f2")  # switch compound
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.session.compound == "冠农小区"

    run_app(tui_ctx, steps)


def test_community_secretary_sees_only_her_communitys_compounds(tui_ctx: Context) -> None:
    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "gn_shequ")
        assert isinstance(app.screen, PickerScreen)
        picks = [o.id for o in app.screen.query_one(OptionList).options if not o.disabled]
        assert picks == ["冠农小区", "汇景台小区"]

    run_app(tui_ctx, steps)


def test_logout_returns_to_login_and_forgets_the_user(tui_ctx: Context) -> None:
    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_cn")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.actor is None and app.session is None
        assert "已退出登录" in message(app)
        assert len(app.screen_stack) == 1
        await pilot.press("f2")  # nothing to switch when nobody is signed in
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)

    run_app(tui_ctx, steps)


def test_tui_command_on_a_missing_database_says_so_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.db"
    assert main(["tui", "--db", str(missing)]) != 0
    err = capsys.readouterr().err
    assert "数据库文件不存在" in err and "Traceback" not in err
    assert not missing.exists()


def test_no_command_opens_the_tui_on_the_default_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "ledger.db"
    monkeypatch.setenv("LEDGER_DB", str(missing))
    assert main([]) != 0  # it tried to open LEDGER_DB for the TUI
    assert "数据库文件不存在" in capsys.readouterr().err


def test_help_still_prints(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert "tui" in capsys.readouterr().out
