"""The seal register screen: a request by the treasurer, refused to anyone but the community
custodian, approved and recorded as sealed by the custodian, newest line on top."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Select

from ledger.domain.seal import SealState
from ledger.services import seals
from ledger.services.context import Context
from tests.tui.conftest import session_for
from tests.tui.forms_pilot import drive
from tests.tui.harness import ScreenHarness
from tui.screens.seals import SealsScreen
from tui.widgets.fields_dialog import FieldsDialog
from tui.widgets.message_bar import MessageBar

COMPOUND = "迎宾花苑"


def on_seal_screen(ctx: Context, user: str, *keys: str, fill: dict[str, str] | None = None) -> str:
    """Press `keys` as `user`; then, with `fill`, fill the dialog's fields and press 确定."""
    shown: dict[str, str] = {}

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
        shown["status"] = app.screen.query_one("#status", MessageBar).text

    drive(lambda: SealsScreen(session_for(ctx, user)), steps)
    return shown["status"]


def newest(ctx: Context) -> seals.SealLine:
    return max(seals.list_seals(ctx, COMPOUND), key=lambda x: x.register_no)


def test_request_approve_and_use(tui_ctx: Context) -> None:
    before = newest(tui_ctx).register_no
    said = on_seal_screen(
        tui_ctx,
        "ybhy_cn",
        "a",
        fill={
            "kind": "contract",
            "document": "停车场管理合同",
            "purpose": "签订合同",
            "contract": "HT-2023-07",
        },
    )
    line = newest(tui_ctx)
    assert line.register_no == before + 1, said
    assert (line.document, line.contract_ref, line.state) == (
        "停车场管理合同",
        "HT-2023-07",
        SealState.REQUESTED,
    )

    said = on_seal_screen(tui_ctx, "ybhy_cn", "v", "enter")
    assert said.startswith("无权操作："), said
    assert "审批用印" in said
    assert newest(tui_ctx).state is SealState.REQUESTED

    said = on_seal_screen(tui_ctx, "yb_shequ", "k", "y")
    assert "只有「已批准待盖章」的申请可以盖章" in said
    said = on_seal_screen(tui_ctx, "yb_shequ", "v", "enter")
    assert newest(tui_ctx).state is SealState.APPROVED, said
    assert newest(tui_ctx).opinion == "同意用印"

    said = on_seal_screen(tui_ctx, "yb_shequ", "k", "n")
    assert newest(tui_ctx).state is SealState.APPROVED
    said = on_seal_screen(tui_ctx, "yb_shequ", "k", "y")
    assert newest(tui_ctx).state is SealState.USED, said
    assert "已登记盖章" in said


def test_a_request_missing_its_link_is_refused(tui_ctx: Context) -> None:
    before = newest(tui_ctx).register_no
    said = on_seal_screen(
        tui_ctx,
        "ybhy_zr",
        "a",
        fill={"kind": "month_notice", "document": "六月公示", "purpose": "张贴"},
    )
    assert said.startswith("输入有误："), said
    assert "必须注明公示月份" in said
    assert newest(tui_ctx).register_no == before


def test_refusing_needs_a_reason(tui_ctx: Context) -> None:
    seal_id = seals.request_seal(
        tui_ctx,
        session_for(tui_ctx, "ybhy_cn").actor,
        compound=COMPOUND,
        document_kind="other",
        document="证明",
        purpose="开具证明",
    )
    said = on_seal_screen(tui_ctx, "yb_shequ", "f", "enter")
    assert "不予用印的理由" in said
    said = on_seal_screen(tui_ctx, "yb_shequ", "f", fill={"opinion": "与公共收益无关"})
    line = newest(tui_ctx)
    assert (line.id, line.state, line.opinion) == (seal_id, SealState.REFUSED, "与公共收益无关")
