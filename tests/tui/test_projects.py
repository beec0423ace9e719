"""Project screens: the register by stage, the detail with only the allowed steps, the step
forms (a small project walked from proposal to payment by several people), the vote form's
live verdict, and a payment refused while the project is still in its notice period."""

from __future__ import annotations

import datetime as dt

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from ledger.services import entries, seals
from ledger.services.context import Context
from ledger.services.project_views import project_list, project_view
from tests.conftest import FixedClock
from tests.tui.conftest import session_for
from tests.tui.forms_pilot import draft_number, drive, open_drafts, text_of
from tests.tui.harness import ScreenHarness
from tui.screens.form_base import DateInput
from tui.screens.form_payment import PaymentForm
from tui.screens.project_detail import ProjectDetailScreen
from tui.screens.project_steps import PROPOSE, StepForm
from tui.screens.projects import ProjectsScreen
from tui.session import Session
from tui.widgets.amount import AmountInput
from tui.widgets.confirm import ConfirmDialog

IN_NOTICE = 3  # 迎宾花苑's 地下车库照明改造: notice over on 2023-07-03, work not started
QUOTING = 2  # 迎宾花苑's 供水管网改造工程: large, quotes in, waiting for the assembly vote


def fill(screen: object, values: dict[str, str]) -> None:
    for key, value in values.items():
        widget = screen.query_one(f"#{key}")  # type: ignore[attr-defined]
        if isinstance(widget, Select):
            widget.value = value
        elif isinstance(widget, AmountInput | DateInput):
            widget.text = value
        else:
            assert isinstance(widget, Input)
            widget.value = value


def step(s: Session, pid: int, key: str, values: dict[str, str], *, confirm: bool = False) -> str:
    """Open the project, press the step's key, fill the form, save; the detail's status."""
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        detail = app.screen
        await pilot.press(key)
        await pilot.pause()
        form = app.screen
        assert form is not detail, f"key {key} opened nothing"
        fill(form, values)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        if confirm:
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await pilot.pause()
        assert app.screen is detail, text_of(form, "#status")
        shown["status"] = text_of(detail, "#status")

    drive(lambda: ProjectDetailScreen(s, pid), steps, size=(100, 30))
    return shown["status"]


def offered_keys(s: Session, pid: int) -> set[str]:
    keys: set[str] = set()

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        screen = app.screen
        keys.update(k for k, b in screen.active_bindings.items() if b.node is screen and b.enabled)

    drive(lambda: ProjectDetailScreen(s, pid), steps)
    return keys & set("vlqctguoskazjwf")  # the step keys and 付款


def test_register_lists_projects_by_stage(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    shown: dict[str, object] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        table = app.screen.query_one("#projects", DataTable)
        shown["ids"] = [table.get_row_at(n)[0] for n in range(table.row_count)]
        shown["stages"] = text_of(app.screen, "#stages")
        await pilot.press("down", "enter")
        await pilot.pause()
        shown["opened"] = type(app.screen).__name__

    drive(lambda: ProjectsScreen(s), steps)
    assert shown["ids"] == ["2", "3"]  # 比价中 before 公示中, the order of the process
    assert shown["stages"] == "比价中 1  公示中 1"
    assert shown["opened"] == "ProjectDetailScreen"


def test_only_steps_the_state_and_role_allow_are_offered(tui_ctx: Context) -> None:
    treasurer = session_for(tui_ctx, "ybhy_cn")
    member = session_for(tui_ctx, "ybhy_zr")
    supervisor = session_for(tui_ctx, "ybhy_jd")
    assert offered_keys(treasurer, QUOTING) == {"q", "f"}  # add a quote; pay (rules refuse)
    assert offered_keys(member, QUOTING) == {"q", "c", "t", "j", "w"}
    assert offered_keys(supervisor, QUOTING) == set()
    # In notice, notice over: the committee may start the work (or reject/withdraw).
    assert offered_keys(member, IN_NOTICE) == {"k", "j", "w"}
    assert offered_keys(supervisor, IN_NOTICE) == set()  # objections only within their days


def test_paying_a_project_still_in_notice_is_refused_with_the_rule(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "ybhy_cn")
    before = open_drafts(s)
    shown: dict[str, str] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        form = app.screen
        shown["blocked"] = text_of(form, "#blocked")
        shown["rows"] = str(form.query_one("#payables", DataTable).row_count)
        fill(form, {"amount": "5,000", "payee": "库尔勒亮化工程部"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown["status"] = text_of(form, "#status")
        shown["kept"] = form.query_one("#amount", AmountInput).text

    drive(lambda: PaymentForm(s, project_id=IN_NOTICE), steps)
    assert "现在「公示中」，不能付款" in shown["blocked"]
    assert shown["rows"] == "0"  # nothing in 迎宾花苑 may be paid on 2023-07-10
    assert shown["status"].startswith("操作未完成：项目 #3「地下车库照明改造」现在「公示中」")
    assert "只有公示期满、已开工实施的项目才能付款" in shown["status"]
    assert shown["kept"] == "5,000"
    assert open_drafts(s) == before


def test_payment_form_lists_payable_projects_with_money_left(tui_ctx: Context) -> None:
    s = session_for(tui_ctx, "xxyj_cn", "香榭雅居")
    shown: dict[str, object] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        table = app.screen.query_one("#payables", DataTable)
        shown["rows"] = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]

    drive(lambda: PaymentForm(s), steps)
    line = next(ln for ln in project_list(tui_ctx, "香榭雅居") if ln.state == "in_progress")
    assert shown["rows"] == [[str(line.id), line.title, "256,800.00", "77,040.00", "179,760.00"]]


def test_walk_a_small_project_from_proposal_to_payment(tui_ctx: Context) -> None:
    treasurer = session_for(tui_ctx, "ybhy_cn")
    member = session_for(tui_ctx, "ybhy_zr")
    other_member = session_for(tui_ctx, "ybhy_wy")
    community = session_for(tui_ctx, "yb_shequ")
    shown: dict[str, str] = {}

    async def propose(app: ScreenHarness, pilot: Pilot[None]) -> None:
        form = app.screen
        assert isinstance(form, StepForm)
        fill(
            form,
            {
                "title": "单元门禁维修",
                "need": "3号楼单元门禁损坏",
                "proposer": "王大爷",
                "kind": "building_head",
                "estimate": "3,000",
                "special": "no",
            },
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown["proposed"] = form.done or text_of(form, "#status")

    drive(lambda: StepForm(treasurer, PROPOSE, None), propose)
    assert "项目编号 #" in shown["proposed"], shown["proposed"]
    pid = max(ln.id for ln in project_list(tui_ctx, "迎宾花苑"))

    step(member, pid, "v", {"method": "door_to_door", "evidence": "入户走访 24 户都反映"})
    step(member, pid, "l", {"reviewer": "司法所", "opinion": "属共有部分维修", "passed": "yes"})
    step(treasurer, pid, "q", {"vendor": "库尔勒安防", "amount": "2,980", "document": "报价单1"})
    step(member, pid, "c", {"reason": ""})
    voted = step(
        member,
        pid,
        "t",
        {"members": "7", "present": "6", "for": "5", "against": "1", "abstain": "0"},
        confirm=True,
    )
    assert "表决通过" in voted
    seal = seals.request_seal(
        tui_ctx,
        member.actor,
        compound="迎宾花苑",
        document_kind="project_notice",
        document="单元门禁维修立项公示",
        purpose="立项公示盖章",
        project_id=pid,
    )  # the seal register is its own screen (TUI-admin); here through the service
    seals.approve_seal(tui_ctx, community.actor, seal, approve=True, opinion="同意")
    published = step(member, pid, "u", {}, confirm=True)
    assert "公示期至 2023-07-16" in published
    assert isinstance(tui_ctx.clock, FixedClock)
    tui_ctx.clock.set(dt.date(2023, 7, 17))
    step(member, pid, "k", {}, confirm=True)

    async def pay(app: ScreenHarness, pilot: Pilot[None]) -> None:
        fill(app.screen, {"amount": "2,980", "payee": "库尔勒安防"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown["paid"] = text_of(app.screen, "#status")

    drive(lambda: PaymentForm(treasurer), pay)
    voucher = entries.approve_entry(tui_ctx, other_member.actor, draft_number(shown["paid"]))
    assert project_view(tui_ctx, pid).line.paid_fen == 298_000
    step(member, pid, "a", {"result": "门禁恢复正常", "by": "张卫东、赵德明"})
    closed = step(member, pid, "z", {}, confirm=True)
    assert closed == "已结项，决算 2,980.00"
    view = project_view(tui_ctx, pid)
    assert view.line.state == "closed"
    assert view.final_cost_fen == 298_000
    assert [x.action for x in view.steps] == [
        "propose",
        "verify",
        "review",
        "quote",
        "choose",
        "vote",
        "publish",
        "start",
        "accept",
        "close",
    ]
    assert voucher.startswith("记-2023-07-")


def test_vote_form_judges_live_against_the_thresholds(tui_ctx: Context) -> None:
    member = session_for(tui_ctx, "ybhy_zr")
    seen: list[str] = []

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        await pilot.press("t")
        await pilot.pause()
        form = app.screen
        seen.append(text_of(form, "#result"))
        fill(
            form,
            {
                "owners_total": "1120",
                "area_total": "98,000",
                "owners_voted": "700",
                "area_voted": "60,000",
                "owners_for": "690",
                "area_for": "59,000",
                "owners_against": "10",
                "owners_abstain": "0",
            },
        )
        await pilot.pause()
        seen.append(text_of(form, "#result"))
        fill(form, {"owners_voted": "760", "area_voted": "66,000", "owners_abstain": "60"})
        await pilot.pause()
        seen.append(text_of(form, "#result"))
        fill(form, {"owners_for": "800"})
        await pilot.pause()
        seen.append(text_of(form, "#result"))

    drive(lambda: ProjectDetailScreen(member, QUOTING), steps, size=(100, 40))
    assert seen[0].startswith("边填边算：还要填 业主总人数")
    # 700 of 1,120 owners is below two thirds (747 needed): margin −47, so it fails.
    assert "参与表决人数 700/1,120  ✗ 未达到三分之二以上（至少需 747，差距 -47）" in seen[1]
    assert seen[1].endswith("结果：表决未通过（登记后项目将被否决）")
    assert "参与表决人数 760/1,120  ✓ 达到三分之二以上（至少需 747，差距 +13）" in seen[2]
    assert seen[2].endswith("结果：表决通过")
    assert "赞成的人数或面积超过了参与表决的" in seen[3]  # impossible tally, said in Chinese


def test_objection_is_resolved_by_the_community_and_work_may_start(tui_ctx: Context) -> None:
    community = session_for(tui_ctx, "yb_shequ", "香榭雅居")
    member = session_for(tui_ctx, "xxyj_zr", "香榭雅居")
    held = next(ln for ln in project_list(tui_ctx, "香榭雅居") if ln.state == "on_hold")
    assert offered_keys(community, held.id) == {"s", "j"}  # resolve, or reject
    assert offered_keys(member, held.id) == {"j", "w"}  # no resolving: that is the community
    answered = step(
        community,
        held.id,
        "s",
        {"outcome": "dismissed", "answer": "道闸位置经现场核实不影响消防通道，书面答复异议人"},
        confirm=True,
    )
    assert answered == "已处理异议"
    view = project_view(tui_ctx, held.id)
    assert view.line.state == "publicized"
    assert [o["state"] for o in view.objections] == ["dismissed"]
    assert offered_keys(member, held.id) == {"k", "j", "w"}  # notice over: work may start
