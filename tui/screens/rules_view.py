"""规则: the rules in force for the compound, read-only — income categories and the property
company's cost shares, project tiers, vote thresholds, notice periods and limits, the
maintenance fund, supervision contacts and the chart of accounts.

Everything comes from the loaded rules (`rules.yaml`: the street's defaults with this
compound's overrides); changing a rule is editing that file, not something done here.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from ledger.domain.rules import ApprovalBase, AreaAndOwners, Rules
from tui.menu import register
from tui.screens.work_screen import WorkScreen
from tui.session import Session
from tui.widgets.cells import amount


@register("r", "规则")
class RulesViewScreen(WorkScreen):
    DEFAULT_CSS = """
    RulesViewScreen VerticalScroll { height: 1fr; padding: 0 1; }
    RulesViewScreen .section { margin-top: 1; text-style: bold; color: $accent; }
    RulesViewScreen DataTable { height: auto; max-height: 100; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.title = "规则"
        self.rules = session.ctx.rules.for_compound(session.compound)
        self.own = session.compound in session.ctx.rules.compounds

    def compose(self) -> ComposeResult:
        r = self.rules
        yield Header()
        with VerticalScroll():
            source = (
                "本小区有自己的规则（在街道默认之上覆盖）" if self.own else "本小区使用街道默认规则"
            )
            yield Static(
                f"{source}；规则文件第 {self.session.ctx.rules.version} 版，只读", id="intro"
            )
            yield from _section("收入类别与物业合理成本分成", "categories")
            yield from _section("项目分级（按预算）", "tiers")
            yield from _section("表决门槛", "votes")
            yield from _section("期限与限额", "limits")
            yield from _section(f"科目表（{len(r.accounts)} 个科目）", "accounts")
        yield from self.status_widgets()
        yield Footer()

    def on_mount(self) -> None:
        r = self.rules
        _fill(
            self.query_one("#categories", DataTable),
            ["类别", "收入科目", "成本分成", "应收科目"],
            (
                [
                    c.name,
                    _account(r, c.account),
                    _right(_percent(c.cost_share_bp)),
                    _account(r, c.receivable) if c.receivable else "—",
                ]
                for c in r.income_categories
            ),
        )
        _fill(
            self.query_one("#tiers", DataTable),
            ["级别", "预算", "报价家数", "表决", "社区把关", "可委托物业"],
            _tiers(r),
        )
        _fill(self.query_one("#votes", DataTable), ["表决", "事项", "门槛"], _votes(r))
        _fill(self.query_one("#limits", DataTable), ["项目", "规定"], _limits(r))
        _fill(
            self.query_one("#accounts", DataTable),
            ["代码", "名称", "类别", "余额可为负"],
            (
                [a.code, a.name, a.kind.label, "可" if a.may_go_negative else "不可"]
                for a in r.accounts
            ),
        )
        self.say("↑↓ 或翻页键滚动；规则由街道在规则文件（rules.yaml）中修改")


def _section(title: str, table_id: str) -> Iterable[Static | DataTable[object]]:
    yield Static(title, classes="section")
    yield DataTable(id=table_id, cursor_type="none", show_cursor=False)


def _fill(table: DataTable[object], headers: list[str], rows: Iterable[list[str | Text]]) -> None:
    table.add_columns(*headers)
    for row in rows:
        table.add_row(*(cell if isinstance(cell, Text) else Text(cell) for cell in row))


def _right(text: str) -> Text:
    return Text(text, justify="right")


def _percent(bp: int) -> str:
    return f"{bp // 100}.{bp % 100:02d}%"


def _account(r: Rules, code: str) -> str:
    return f"{code} {r.account(code).name}" if r.has_account(code) else code


def _tiers(r: Rules) -> Iterable[list[str | Text]]:
    lower = 0
    for t in r.project_tiers:
        if t.below_fen is None:
            budget = f"{amount(lower)} 元及以上"
        elif lower == 0:
            budget = f"{amount(t.below_fen)} 元以下"
        else:
            budget = f"{amount(lower)} 至 {amount(t.below_fen)} 元"
        yes = ("是", "否")
        yield [
            t.name,
            _right(budget),
            _right(str(t.quotes)),
            t.vote_body.label,
            yes[0] if t.community_approval else yes[1],
            yes[0] if t.may_delegate_to_property else yes[1],
        ]
        lower = t.below_fen or lower


def _both(rule: AreaAndOwners) -> str:
    return f"专有面积{rule.area.label}且人数{rule.owners.label}"


def _votes(r: Rules) -> Iterable[list[str | Text]]:
    c, a = r.committee_vote, r.assembly_vote
    base = "全体在任委员" if c.approval_base is ApprovalBase.MEMBERS else "出席委员"
    yield ["业委会", "出席（法定人数）", f"在任委员{c.quorum.label}出席"]
    yield ["业委会", "通过", f"{base}{c.approval.label}同意"]
    yield ["业主大会", "参与表决", _both(a.participation)]
    yield ["业主大会", "一般事项通过", f"参与表决的{_both(a.ordinary)}同意"]
    yield ["业主大会", "第六至八项通过", f"参与表决的{_both(a.special)}同意"]


def _limits(r: Rules) -> Iterable[list[str | Text]]:
    fund = r.maintenance_fund
    yield ["立项公示", f"{r.notice_days} 天（自然日）"]
    yield ["受理异议", f"公示首日起 {r.objection_days} 天"]
    yield ["大额付款（须社区党委把关）", f"单笔 {amount(r.major_payment_limit_fen)} 元及以上"]
    yield ["累计付款可超预算", _percent(r.payment_tolerance_bp)]
    yield ["物业代收款转入专户", f"次月 {r.property_transfer_day} 日前"]
    yield [
        "划转专项维修资金",
        f"净收益的 {_percent(fund.share_bp)}，{fund.frequency.label}" if fund.enabled else "不划转",
    ]
    yield ["月度公示", f"次月 {r.month_close.publish_deadline_day} 日前"]
    yield ["监督热线", r.supervision.hotline]
    yield ["意见箱", r.supervision.suggestion_box]
    yield ["凭证字", r.voucher_prefix]
    yield ["时区", r.timezone]
