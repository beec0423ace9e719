"""The rules view shows what rules.yaml says for the compound: categories with their cost
shares, tiers, vote thresholds and limits — and a compound's own overrides."""

from __future__ import annotations

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from ledger.services.context import Context
from tests.tui.conftest import session_for
from tests.tui.forms_pilot import drive
from tests.tui.harness import ScreenHarness
from tui.screens.rules_view import RulesViewScreen


def tables(ctx: Context, compound: str) -> dict[str, list[list[str]]]:
    shown: dict[str, list[list[str]]] = {}

    async def steps(app: ScreenHarness, pilot: Pilot[None]) -> None:
        for table in app.screen.query(DataTable):
            shown[str(table.id)] = [
                [c.plain if isinstance(c, Text) else str(c) for c in table.get_row_at(i)]
                for i in range(table.row_count)
            ]
        shown["intro"] = [[str(app.screen.query_one("#intro", Static).render())]]

    drive(lambda: RulesViewScreen(session_for(ctx, "auditor", compound)), steps)
    return shown


def test_rules_of_a_compound_on_the_street_defaults(tui_ctx: Context) -> None:
    t = tables(tui_ctx, "迎宾花苑")
    assert ["停车费", "4301 停车费收入", "30.00%", "1122 应收款-物业代收"] in t["categories"]
    assert ["通信基站租金", "4303 通信基站租金", "10.00%", "1123 应收款-其他"] in t["categories"]
    assert t["tiers"][0] == ["小型", "5,000.00 元以下", "1", "业委会", "否", "是"]
    assert t["tiers"][2][:5] == ["大型", "50,000.00 元及以上", "3", "业主大会", "是"]
    assert ["业主大会", "参与表决", "专有面积三分之二以上且人数三分之二以上"] in t["votes"]
    assert ["业委会", "通过", "全体在任委员半数以上同意"] in t["votes"]
    assert ["立项公示", "7 天（自然日）"] in t["limits"]
    assert ["大额付款（须社区党委把关）", "单笔 50,000.00 元及以上"] in t["limits"]
    assert ["划转专项维修资金", "不划转"] in t["limits"]
    assert "街道默认规则" in t["intro"][0][0]


def test_a_compound_override_is_shown(tui_ctx: Context) -> None:
    t = tables(tui_ctx, "汇景台小区")
    assert ["停车费", "4301 停车费收入", "20.00%", "1122 应收款-物业代收"] in t["categories"]
    assert ["划转专项维修资金", "净收益的 50.00%，按季度"] in t["limits"]
    assert "本小区有自己的规则" in t["intro"][0][0]
