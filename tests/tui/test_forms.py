"""Entry forms driven as a treasurer would: typed amounts, live checks, drafts in the books."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Select

from ledger.services import entries, journal
from ledger.services.context import Context
from tests.tui.conftest import session_for
from tests.tui.forms_pilot import draft_number, drive, open_drafts, text_of
from tests.tui.harness import ScreenHarness
from tui.screens.entry_forms import EntryMenuScreen
from tui.screens.form_bank import FEE, FUND, INTEREST, BankEntryForm
from tui.screens.form_general import GeneralEntryForm
from tui.screens.form_income import IncomeForm
from tui.widgets.amount import AmountInput
from tui.widgets.confirm import ConfirmDialog


def posted_lines(ctx: Context, draft: int) -> list[tuple[str, int]]:
    """Approve the draft as the other committee member and read its lines back."""
    checker = session_for(ctx, "ybhy_zr")
    voucher = entries.approve_entry(ctx, checker.actor, draft)
    detail = journal.entry_detail(ctx, "迎宾花苑", voucher)
    return sorted((code, amount) for code, _, amount, _ in detail.lines)


def test_income_draft_has_gross_cost_share_and_net(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        await pilot.press(*"18,000")
        await pilot.pause()
        form = app.screen
        shown["cost"] = form.query_one("#cost", AmountInput).text
        shown["net"] = form.query_one("#net", AmountInput).text
        form.query_one("#payer", Input).value = "宏达物业"
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown["status"] = text_of(form, "#status")
        shown["gross_after"] = form.query_one("#gross", AmountInput).text

    drive(lambda: IncomeForm(s), steps)
    assert (shown["cost"], shown["net"]) == ("5400.00", "12600.00")  # parking: 30% cost share
    assert "等待另一位审核人审核" in shown["status"]
    assert shown["gross_after"] == ""  # cleared for the next receipt, not saved twice
    draft = draft_number(shown["status"])
    assert posted_lines(tui_ctx, draft) == [
        ("1002", 1_260_000),
        ("4301", -1_800_000),
        ("5102", 540_000),
    ]
    memo = journal.list_rows(tui_ctx, "迎宾花苑", month=None, drafts=False)[-1].memo
    assert memo.endswith("（宏达物业）")


def test_edited_cost_share_moves_the_net_and_is_saved(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        await pilot.press(*"1000")
        await pilot.pause()
        form = app.screen
        await pilot.press("tab")
        await pilot.press(*["backspace"] * 6, *"100")  # 300.00 → 100, typed
        await pilot.pause()
        shown["cost"] = form.query_one("#cost", AmountInput).text
        shown["net"] = form.query_one("#net", AmountInput).text
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown["status"] = text_of(form, "#status")

    drive(lambda: IncomeForm(s), steps)
    assert (shown["cost"], shown["net"]) == ("100", "900.00")
    assert posted_lines(tui_ctx, draft_number(shown["status"])) == [
        ("1002", 90_000),
        ("4301", -100_000),
        ("5102", 10_000),
    ]


def test_malformed_amount_shows_chinese_error_and_saves_nothing(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    before = open_drafts(s)
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        await pilot.press(*"12.345")
        await pilot.pause()
        gross = app.screen.query_one("#gross", AmountInput)
        shown["live"] = gross.error
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown["status"] = text_of(app.screen, "#status")
        shown["kept"] = gross.text

    drive(lambda: IncomeForm(s), steps)
    assert "总收入「12.345」有误：最多两位小数" in shown["live"]
    assert shown["status"].startswith("输入有误：")
    assert shown["kept"] == "12.345"  # what was typed stays
    assert open_drafts(s) == before


def test_capital_amount_follows_the_typing(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    seen: list[str] = []

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        gross = app.screen.query_one("#gross", AmountInput)
        for key in "１2,0":  # full-width digit, then a separator half-typed
            await pilot.press(key)
            await pilot.pause()
            seen.append(gross.capital_text)
        await pilot.press(*"00元")
        await pilot.pause()
        seen.append(gross.capital_text)

    drive(lambda: IncomeForm(s), steps)
    assert seen[0] == "大写：壹元整（¥1.00）"
    assert seen[1] == "大写：壹拾贰元整（¥12.00）"
    assert seen[2] == ""  # "12," is not an amount yet
    assert seen[3] == ""  # "12,0" neither
    assert seen[4] == "大写：壹万贰仟元整（¥12,000.00）"


def test_general_entry_refuses_to_save_unbalanced(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    before = open_drafts(s)
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        form = app.screen
        assert isinstance(form, GeneralEntryForm)
        form.query_one("#memo", Input).value = "审计费"
        first, second = form.rows()
        first.query_one(Select).value = "5202"
        second.query_one(Select).value = "1002"
        first.amount("debit").text = "300"
        second.amount("credit").text = "290"
        await pilot.pause()
        shown["difference"] = text_of(form, "#difference")
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown["refused"] = text_of(form, "#status")
        shown["drafts_after_refusal"] = str(len(open_drafts(s)))
        second.amount("credit").text = "300"
        await pilot.pause()
        shown["balanced"] = text_of(form, "#difference")
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown["saved"] = text_of(form, "#status")

    drive(lambda: GeneralEntryForm(s), steps)
    assert "差额 10.00（借方多）" in shown["difference"]
    assert "借贷不平" in shown["refused"] and "借方多 10.00" in shown["refused"]
    assert shown["drafts_after_refusal"] == str(len(before))
    assert "借贷平衡" in shown["balanced"]
    draft = draft_number(shown["saved"])
    assert posted_lines(tui_ctx, draft) == [("1002", -30_000), ("5202", 30_000)]


def test_general_entry_rows_can_be_added_and_name_the_bad_row(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        form = app.screen
        assert isinstance(form, GeneralEntryForm)
        await pilot.press("ctrl+n")
        await pilot.pause()
        rows = form.rows()
        shown["rows"] = str(len(rows))
        rows[2].amount("debit").text = "abc"
        await pilot.pause()
        shown["difference"] = text_of(form, "#difference")

    drive(lambda: GeneralEntryForm(s), steps, size=(100, 30))
    assert shown["rows"] == "3"
    assert "第 3 行：借方金额「abc」有误" in shown["difference"]


def test_fund_transfer_draft(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        await pilot.press(*"¥2,000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown["status"] = text_of(app.screen, "#status")

    drive(lambda: BankEntryForm(s, FUND), steps)
    assert posted_lines(tui_ctx, draft_number(shown["status"])) == [
        ("1002", -200_000),
        ("5104", 200_000),
    ]


def test_bank_fee_and_interest_drafts(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    shown: list[str] = []

    for kind, typed in ((FEE, "25"), (INTEREST, "１３２.５")):

        async def steps(app: ScreenHarness, pilot: Pilot[None], typed: str = typed) -> None:
            await pilot.press(*typed)
            await pilot.press("ctrl+s")
            await pilot.pause()
            shown.append(text_of(app.screen, "#status"))

        drive(lambda kind=kind: BankEntryForm(s, kind), steps)
    assert posted_lines(tui_ctx, draft_number(shown[0])) == [("1002", -2_500), ("5301", 2_500)]
    assert posted_lines(tui_ctx, draft_number(shown[1])) == [("1002", 13_250), ("4601", -13_250)]


def test_supervisor_is_refused_with_the_rule(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_jd")
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        await pilot.press(*"500")
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown["status"] = text_of(app.screen, "#status")
        shown["kept"] = app.screen.query_one("#gross", AmountInput).text

    drive(lambda: IncomeForm(s), steps)
    assert shown["status"].startswith("无权操作：")
    assert "没有「编制凭证草稿」的权限（需要角色：出纳/记账）" in shown["status"]
    assert shown["kept"] == "500"


def test_leaving_with_typed_input_asks_first(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    shown: dict[str, object] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        form = app.screen
        await pilot.press(*"88")
        await pilot.press("escape")
        await pilot.pause()
        shown["asked"] = isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        shown["back"] = app.screen is form
        shown["kept"] = form.query_one("#gross", AmountInput).text

    drive(lambda: IncomeForm(s), steps)
    assert shown == {"asked": True, "back": True, "kept": "88"}


def test_entry_menu_opens_each_form_by_key(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    titles: list[str] = []

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        for key in "ifmblg":
            await pilot.press(key)
            await pilot.pause()
            titles.append(type(app.screen).__name__ + ":" + getattr(app.screen, "form_title", ""))
            await pilot.press("escape")
            await pilot.pause()

    drive(lambda: EntryMenuScreen(s), steps)
    assert [t.split(":")[0] for t in titles] == [
        "IncomeForm",
        "PaymentForm",
        "BankEntryForm",
        "BankEntryForm",
        "BankEntryForm",
        "GeneralEntryForm",
    ]
    assert "划转专项维修资金" in titles[2] and "银行利息" in titles[4]
