"""印章: the seal register (公章统一存管) — every request to use the committee seal, newest first.

The treasurer or the committee requests (A); the community custodian approves (V) or refuses
with reasons (F) — never their own request — and records the sealing (K, asked first). The
rules are the service's: a refused step shows the rule that refused it and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ledger.domain.clock import format_local
from ledger.domain.errors import LedgerError
from ledger.domain.seal import SealKind
from ledger.services import seals
from ledger.services.seal_register import SealLine
from tui.menu import register
from tui.screens.work_screen import WorkScreen
from tui.session import Session
from tui.widgets.fields_dialog import Field, optional_id

KIND_CHOICES = tuple((k.label, k.value) for k in SealKind)


@register("s", "印章")
class SealsScreen(WorkScreen):
    DEFAULT_CSS = """
    SealsScreen #detail { height: auto; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("a", "request", "申请用印"),
        Binding("v", "approve", "批准"),
        Binding("f", "refuse_line", "不予用印"),
        Binding("k", "use", "登记盖章"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.title = "用印登记簿"
        self.lines: list[SealLine] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="seals", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        yield from self.status_widgets()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#seals", DataTable).add_columns(
            "登记号", "类别", "用印文件", "状态", "申请人", "审批人"
        )
        self.reload()
        self.say("↑↓ 选一行；A 申请用印，V 批准，F 不予用印，K 登记盖章")

    def reload(self, keep: int | None = None) -> None:
        try:
            lines = seals.list_seals(self.session.ctx, self.session.compound)
        except LedgerError as err:
            self.refuse(err)
            return
        self.lines = sorted(lines, key=lambda x: x.register_no, reverse=True)
        table = self.query_one("#seals", DataTable)
        table.clear()
        for x in self.lines:
            table.add_row(
                Text(x.number, justify="right"),
                x.kind.label,
                Text(x.document),
                x.state.label,
                Text(x.requested_by),
                Text(x.decided_by or ""),
                key=str(x.id),
            )
        ids = [x.id for x in self.lines]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        self.show_line()

    @property
    def line(self) -> SealLine | None:
        if not self.lines:
            return None
        row = self.query_one("#seals", DataTable).cursor_row
        return self.lines[min(max(row, 0), len(self.lines) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_line()

    def show_line(self) -> None:
        x = self.line
        detail = self.query_one("#detail", Static)
        if x is None:
            detail.update("用印登记簿还是空的：按 A 申请用印")
            return
        text = Text()
        text.append(f"第 {x.number} 号 {x.kind.label}「{x.document}」 {x.state.label}\n", "bold")
        text.append(f"事由：{x.purpose}" + (f"    关联：{x.link}" if x.link else "") + "\n")
        text.append(f"申请：{_who(x.requested_by, x.requested_at)}")
        if x.decided_by:
            text.append(f"    审批：{_who(x.decided_by, x.decided_at)} {x.opinion or ''}".rstrip())
        if x.used_by:
            text.append(f"    盖章：{_who(x.used_by, x.used_at)}")
        detail.update(text)

    # -- the steps -----------------------------------------------------------------------------

    def action_request(self) -> None:
        self.ask(
            "申请用印：立项公示须填项目编号，月度公示须填月份，大额付款须填付款草稿编号，合同须填合同编号",
            [
                Field("kind", "文件类别", SealKind.MONTH_NOTICE.value, choices=KIND_CHOICES),
                Field("document", "用印文件", placeholder="如：2023年6月公共收益收支明白账"),
                Field("purpose", "用印事由", placeholder="如：月度公示张贴于小区公示栏"),
                Field("month", "公示月份", placeholder="YYYY-MM（月度公示）"),
                Field("project", "项目编号", placeholder="立项公示"),
                Field("draft", "付款草稿编号", placeholder="大额付款"),
                Field("contract", "合同编号", placeholder="合同"),
            ],
            self._request,
        )

    def _request(self, v: dict[str, str]) -> None:
        try:
            seal_id = seals.request_seal(
                self.session.ctx,
                self.session.actor,
                compound=self.session.compound,
                document_kind=v["kind"],
                document=v["document"],
                purpose=v["purpose"],
                project_id=optional_id(v["project"], "项目编号"),
                draft_id=optional_id(v["draft"], "付款草稿编号"),
                month=v["month"].strip() or None,
                contract_ref=v["contract"].strip() or None,
            )
        except LedgerError as err:
            self.refuse(err)
            return
        self.reload(keep=seal_id)
        self.say(f"已申请用印（编号 #{seal_id}），请社区党委保管人按 V 批准", ok=True)

    def action_approve(self) -> None:
        x = self.line
        if x is None:
            return
        self.ask(
            f"批准第 {x.number} 号用印：{x.kind.label}「{x.document}」",
            [Field("opinion", "审批意见", "同意用印")],
            lambda v: self._decide(x, True, v["opinion"], "已批准，盖章后按 K 登记"),
        )

    def action_refuse_line(self) -> None:
        x = self.line
        if x is None:
            return
        self.ask(
            f"不予用印：第 {x.number} 号 {x.kind.label}「{x.document}」",
            [Field("opinion", "不予用印理由", placeholder="必填：写明理由")],
            lambda v: self._decide(x, False, v["opinion"], "不予用印，已记录理由"),
        )

    def _decide(self, x: SealLine, approve: bool, opinion: str, done: str) -> None:
        ctx, actor = self.session.ctx, self.session.actor
        if self.attempt(seals.approve_seal, ctx, actor, x.id, approve=approve, opinion=opinion):
            self.reload(keep=x.id)
            self.say(f"第 {x.number} 号{done}", ok=True)

    def action_use(self) -> None:
        x = self.line
        if x is None:
            return
        self.confirm(
            f"登记第 {x.number} 号「{x.document}」已盖章？登记后不能撤回。",
            lambda: self._use(x),
        )

    def _use(self, x: SealLine) -> None:
        if self.attempt(seals.use_seal, self.session.ctx, self.session.actor, x.id):
            self.reload(keep=x.id)
            self.say(f"第 {x.number} 号已登记盖章", ok=True)


def _who(name: str, at: dt.datetime | None) -> str:
    return f"{name} {format_local(at)}" if at is not None else name
