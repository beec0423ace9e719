"""The dashboard shows the figures the services compute (bank balance, this month's income and
spending as on the monthly statement, where the months stand in their close) and what waits
for the person signed in: the supervisor sees June to review, a committee member a draft to
approve; money owed and overdue under contracts is counted. Its menu lists every
registered screen with its key, and the key opens it."""

from __future__ import annotations

import datetime as dt

from textual.pilot import Pilot
from textual.widgets import Static

from ledger.domain.closing import MonthState
from ledger.domain.contract import ContractKind
from ledger.domain.period import Month
from ledger.domain.rules import Frequency
from ledger.services import balances, contracts, entries, shortcuts
from ledger.services.context import Context
from ledger.services.contracts import NewContract
from ledger.services.dashboard import dashboard
from ledger.services.statement import monthly_statement
from tests.tui.app_driver import login, run_app, settle
from tests.tui.conftest import TODAY, session_for
from tui.app import LedgerApp
from tui.menu import MENU
from tui.screens.dashboard import DashboardScreen
from tui.screens.journal import JournalScreen
from tui.widgets.cells import yuan

JULY, JUNE, MAY = Month(2023, 7), Month(2023, 6), Month(2023, 5)
COMPOUND = "迎宾花苑"


def panel(app: LedgerApp, name: str) -> str:
    return str(app.screen.query_one(f"#{name}", Static).render())


def test_dashboard_figures_equal_the_services(tui_ctx: Context) -> None:
    # A July income posted, so "this month" is not all zero.
    cn, zr = session_for(tui_ctx, "ybhy_cn"), session_for(tui_ctx, "ybhy_zr")
    draft = shortcuts.draft_income(
        tui_ctx,
        cn.actor,
        compound=COMPOUND,
        date=dt.date(2023, 7, 5),
        category="parking",
        gross_fen=1_800_000,
    )
    entries.approve_entry(tui_ctx, zr.actor, draft)
    statement = monthly_statement(tui_ctx, COMPOUND, JULY)
    bank = next(
        x for x in balances.trial_balance(tui_ctx, COMPOUND, JULY).accounts if x.code == "1002"
    )
    shown: dict[str, str] = {}

    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_cn")
        assert isinstance(app.screen, DashboardScreen)
        shown["money"] = panel(app, "money")
        shown["months"] = panel(app, "months")
        shown["title"] = str(app.screen.query_one("#dash-title", Static).render())

    run_app(tui_ctx, steps)
    money = shown["money"].replace(" ", "")
    assert statement.income_fen > 0
    assert f"本月收入{yuan(statement.income_fen)}" in money
    assert f"本月支出{yuan(statement.spending_fen)}" in money
    assert f"专户余额{yuan(statement.closing_fen)}" in money
    assert statement.closing_fen == bank.opening_fen + bank.debit_fen - bank.credit_fen
    assert f"欠款{yuan(0)}" in money  # the demo's contracts start after June 2023
    # July is this month; June has ended but is not prepared yet; May waits for its review.
    months = shown["months"]
    assert f"2023年7月：{MonthState.OPEN.label}" in months
    assert f"2023年6月：{MonthState.OPEN.label}" in months
    assert f"2023年5月：{MonthState.PREPARED.label}" in months
    assert "出纳编制 李秀兰" in months
    assert months.index("2023年7月") < months.index("2023年6月") < months.index("2023年5月")
    assert TODAY.isoformat() in shown["title"]


def test_each_person_sees_the_month_step_that_is_theirs(tui_ctx: Context) -> None:
    jd, cn, zr = (session_for(tui_ctx, u) for u in ("ybhy_jd", "ybhy_cn", "ybhy_zr"))
    assert [t.month for t in dashboard(tui_ctx, jd.actor, COMPOUND, TODAY).months_to_sign] == [MAY]
    assert [t.month for t in dashboard(tui_ctx, cn.actor, COMPOUND, TODAY).months_to_sign] == [JUNE]
    assert dashboard(tui_ctx, zr.actor, COMPOUND, TODAY).months_to_sign == ()
    assert dashboard(tui_ctx, jd.actor, COMPOUND, TODAY).arrears_fen == 0
    shown: dict[str, str] = {}

    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_jd")
        shown["todo"] = panel(app, "todo")

    run_app(tui_ctx, steps)
    assert "2023年5月" in shown["todo"] and "由监督小组审查" in shown["todo"]


def todo_of(ctx: Context, user: str) -> str:
    shown: dict[str, str] = {}

    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, user)
        shown["todo"] = panel(app, "todo")

    run_app(ctx, steps)
    return shown["todo"]


def test_committee_member_sees_a_draft_to_approve(tui_ctx: Context) -> None:
    cn = session_for(tui_ctx, "ybhy_cn")
    shortcuts.draft_income(
        tui_ctx,
        cn.actor,
        compound=COMPOUND,
        date=dt.date(2023, 7, 5),
        category="parking",
        gross_fen=1_000_000,
    )
    assert "1 张草稿等您审核过账" in todo_of(tui_ctx, "ybhy_zr")
    assert "1 张草稿等待审核人过账" in todo_of(tui_ctx, "ybhy_cn")
    zr = session_for(tui_ctx, "ybhy_zr")
    assert dashboard(tui_ctx, zr.actor, COMPOUND, TODAY).drafts_to_approve == 1
    assert dashboard(tui_ctx, cn.actor, COMPOUND, TODAY).drafts_to_approve == 0


def test_menu_lists_every_registered_screen_and_its_key_opens_it(tui_ctx: Context) -> None:
    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_cn")
        menu = panel(app, "menu")
        assert MENU, "no screen registered"
        for item in MENU:
            assert f"{item.key} {item.label}" in menu
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)

    run_app(tui_ctx, steps)


def test_money_owed_under_a_contract_shows_with_its_count(tui_ctx: Context) -> None:
    # An advertising contract due on the 5th of each month since May, never paid: on 10 July
    # May, June and July are overdue (the due day itself is not late).
    cn = session_for(tui_ctx, "ybhy_cn")
    ads = NewContract(
        "GG-2023-01", "电梯广告公司", ContractKind.DIRECT, "advertising", Frequency.MONTHLY,
        300_000, dt.date(2023, 5, 1), due_day=5,
    )  # fmt: skip
    contracts.add_contract(tui_ctx, cn.actor, compound=COMPOUND, new=ads)
    board = dashboard(tui_ctx, cn.actor, COMPOUND, TODAY)
    assert (board.arrears_fen, board.arrears_count) == (900_000, 3)
    shown: dict[str, str] = {}

    async def steps(app: LedgerApp, pilot: Pilot[None]) -> None:
        await login(pilot, "ybhy_cn")
        shown["money"] = panel(app, "money")

    run_app(tui_ctx, steps)
    money = shown["money"].replace(" ", "")
    assert f"欠款{yuan(900_000)}3笔逾期" in money
