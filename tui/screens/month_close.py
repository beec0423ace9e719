"""月结: the compound's months and where each close stands, and the close's steps, one key each.

prepare (treasurer, P) → review or send back with reasons (supervisory group, V / B) → sign
(committee, then community, S) → request the month notice's seal (U; the community approves
it on the seal screen) → publish and lock (committee, L). Signing and publishing ask first.
After publishing, and on O for any month, the notice PDF is written in a worker. Every step
is the service's: whoever may not do it, or may not do it now, sees the rule that refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ledger.domain.clock import format_local
from ledger.domain.closing import SIGNATURES, MonthState
from ledger.domain.errors import LedgerError
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.domain.seal import SealKind
from ledger.services import month_close, seals
from ledger.services.file_names import compound_tag, file_name
from ledger.services.month_board import MonthBoard, MonthLine, month_board
from ledger.services.month_status import MonthStatus
from ledger.services.reconcile_status import reconcile_status
from tui import export_jobs
from tui.menu import register
from tui.screens.work_screen import WorkScreen
from tui.session import Session
from tui.widgets.fields_dialog import Field

HINTS = {
    MonthState.OPEN: "月份结束、上月公示后，出纳按 P 编制月结",
    MonthState.PREPARED: "监督小组按 V 审查通过，或按 B 写明理由退回",
    MonthState.REVIEWED: "业委会按 S 签字（公示前监督小组仍可按 B 退回）",
    MonthState.COMMITTEE_SIGNED: "社区党委按 S 签字",
    MonthState.COMMUNITY_SIGNED: "按 U 申请月度公示用印，社区党委在「印章」里批准后，业委会按 L 公示锁账",
    MonthState.PUBLISHED: "已公示锁账，不能再记入本月；按 O 生成公示 PDF",
}
SEALED_HINT = "用印已批准：业委会按 L 公示锁账"


@register("m", "月结")
class MonthCloseScreen(WorkScreen):
    DEFAULT_CSS = """
    MonthCloseScreen #months { height: 1fr; min-height: 5; }
    MonthCloseScreen #detail { height: auto; padding: 0 1; background: $boost; }
    MonthCloseScreen #signoffs { height: 7; }
    """
    BINDINGS = [
        Binding("p", "prepare", "编制"),
        Binding("v", "review", "审查"),
        Binding("b", "send_back", "退回"),
        Binding("s", "sign", "签字"),
        Binding("u", "request_seal", "用印"),
        Binding("l", "publish", "公示"),
        Binding("o", "notice", "公示PDF"),
    ]

    def __init__(self, session: Session, out_dir: Path | None = None) -> None:
        super().__init__(session)
        self.title = "月结"
        self.out_dir = out_dir or Path.cwd()
        self.board: MonthBoard | None = None
        self.tag = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="months", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        yield DataTable(id="signoffs", cursor_type="none")
        yield from self.status_widgets()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#months", DataTable).add_columns("月份", "月结状态", "最近手续", "公示用印")
        self.query_one("#signoffs", DataTable).add_columns("手续", "结果", "经办人", "时间", "意见")
        try:
            self.tag = compound_tag(self.session.ctx, self.session.compound)
        except LedgerError as err:
            self.refuse(err)
            return
        self.reload()
        self.say("↑↓ 选月份；按键办理这个月的手续（见下方），Esc 返回")

    # -- showing -------------------------------------------------------------------------------

    def reload(self, keep: Month | None = None) -> None:
        try:
            self.board = month_board(self.session.ctx, self.session.compound)
        except LedgerError as err:
            self.refuse(err)
            return
        table = self.query_one("#months", DataTable)
        table.clear()
        for line in self.board.months:
            table.add_row(
                line.month.label,
                Text(line.state_label),
                Text(line.latest_label),
                Text(line.seal_label),
                key=str(line.month),
            )
        target = keep or self._month_to_work_on()
        if target is not None:
            rows = [str(line.month) for line in self.board.months]
            if str(target) in rows:
                table.move_cursor(row=rows.index(str(target)))
        self.show_month()

    def _month_to_work_on(self) -> Month | None:
        """The oldest month not yet published (the one the close is at), else the newest."""
        assert self.board is not None
        waiting = [x.month for x in self.board.months if x.state is not MonthState.PUBLISHED]
        if waiting:
            return waiting[-1]
        return self.board.months[0].month if self.board.months else None

    @property
    def line(self) -> MonthLine | None:
        if self.board is None or not self.board.months:
            return None
        row = self.query_one("#months", DataTable).cursor_row
        return self.board.months[min(max(row, 0), len(self.board.months) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "months":
            self.show_month()

    def show_month(self) -> None:
        line = self.line
        if line is None:
            return
        try:
            st = month_close.month_status(self.session.ctx, self.session.compound, line.month)
        except LedgerError as err:
            self.refuse(err)
            return
        self.query_one("#detail", Static).update(self._detail(line, st))
        table = self.query_one("#signoffs", DataTable)
        table.clear()
        for s in reversed(st.signoffs):  # newest first: the current step on top
            table.add_row(
                s.step.label, s.decision.label, Text(s.name), format_local(s.at), Text(s.comment)
            )

    def _detail(self, line: MonthLine, st: MonthStatus) -> Text:
        hint = HINTS[st.state]
        if st.state is MonthState.COMMUNITY_SIGNED and line.seal_granted:
            hint = SEALED_HINT
        snapshot = f"  快照 {st.snapshot_hash[:12]}…" if st.snapshot_hash else ""
        text = Text()
        text.append(f"{line.month.label}：{st.state_label}", style="bold")
        text.append(f"{snapshot}\n下一步：{hint}\n")
        text.append(f"月度公示用印：{line.seal_label}\n")
        text.append(reconcile_line(self.session, line))
        return text

    # -- the steps -----------------------------------------------------------------------------

    def _step(self, month: Month, done: str, call: Callable[..., object], **kwargs: object) -> bool:
        ok = self.attempt(
            call,
            self.session.ctx,
            self.session.actor,
            compound=self.session.compound,
            month=month,
            **kwargs,
        )
        self.reload(keep=month)
        if ok:
            self.say(f"{month.label} {done}", ok=True)
        return ok

    def action_prepare(self) -> None:
        line = self.line
        if line is None:
            return
        intro = (
            f"编制 {self.session.compound} {line.month.label} 月结：本月数字将冻结（快照），"
            "此后不能再记入本月；如需更正，由监督小组退回后重新编制。"
        )
        self.ask(
            intro,
            [Field("comment", "编制说明", placeholder="可不填，如：对账单已核对")],
            lambda v: self._step(
                line.month, "月结已编制，待监督小组审查", month_close.prepare_month, **v
            ),
        )

    def action_review(self) -> None:
        line = self.line
        if line is None:
            return
        self.ask(
            f"监督小组审查通过 {line.month.label} 月结",
            [Field("comment", "审查意见", placeholder="可不填，如：凭证与对账单核对无误")],
            lambda v: self._step(
                line.month,
                "月结审查通过，待业委会签字",
                month_close.review_month,
                approve=True,
                comment=v["comment"],
            ),
        )

    def action_send_back(self) -> None:
        line = self.line
        if line is None:
            return
        self.ask(
            f"把 {line.month.label} 月结退回出纳更正：本月重新开放记账，更正后由出纳重新编制",
            [Field("comment", "退回理由", placeholder="必填：写明要更正什么")],
            lambda v: self._step(
                line.month,
                "月结已退回，本月重新开放记账；更正后请出纳重新编制",
                month_close.review_month,
                approve=False,
                comment=v["comment"],
            ),
        )

    def action_sign(self) -> None:
        line = self.line
        if line is None:
            return
        # The signature the month is waiting for; otherwise the service says why not.
        role = next(
            (r for r, (_, _, wanted, _) in SIGNATURES.items() if wanted is line.state),
            Role.COMMITTEE,
        )
        self.confirm(
            f"以{role.label}身份签字确认 {self.session.compound} {line.month.label} 月结？"
            "签字后不能撤回。",
            lambda: self._step(
                line.month, f"月结已由{role.label}签字", month_close.sign_month, as_role=role
            ),
        )

    def action_request_seal(self) -> None:
        line = self.line
        if line is None:
            return
        compound, month = self.session.compound, line.month
        self.ask(
            f"申请为 {month.label} 月度公示用印（由社区党委在「印章」里批准）",
            [
                Field("document", "用印文件", f"{compound}{month.label}公共收益收支明白账"),
                Field("purpose", "用印事由", "月度公示张贴于小区公示栏"),
            ],
            lambda v: self._request_seal(month, v),
        )

    def _request_seal(self, month: Month, v: dict[str, str]) -> None:
        try:
            seal_id = seals.request_seal(
                self.session.ctx,
                self.session.actor,
                compound=self.session.compound,
                document_kind=SealKind.MONTH_NOTICE.value,
                document=v["document"],
                purpose=v["purpose"],
                month=str(month),
            )
        except LedgerError as err:
            self.reload(keep=month)
            self.refuse(err)
            return
        self.reload(keep=month)
        self.say(f"已申请用印（编号 #{seal_id}），请社区党委在「印章」里批准", ok=True)

    def action_publish(self) -> None:
        line = self.line
        if line is None:
            return
        self.confirm(
            f"公示并锁定 {self.session.compound} {line.month.label}？"
            "锁账后本月不能再记入任何凭证，不能撤回。",
            lambda: self._publish(line.month),
        )

    def _publish(self, month: Month) -> None:
        if self._step(month, "已公示锁账", month_close.publish_month):
            self._notice(month, after="已公示锁账；")

    def action_notice(self) -> None:
        line = self.line
        if line is not None:
            self._notice(line.month)

    def _notice(self, month: Month, after: str = "") -> None:
        target = self.out_dir / file_name(self.tag, "notice", "pdf", month)
        ctx, compound = self.session.ctx, self.session.compound
        self.run_job(
            f"{after}生成 {month.label} 公示 PDF",
            lambda progress: export_jobs.notice_pdf(ctx, compound, month, target, progress),
        )


def reconcile_line(session: Session, line: MonthLine) -> str:
    """The month's bank reconciliation statement, as the books hold it."""
    found = reconcile_status(session.ctx, session.compound, line.month)
    if found is not None:
        return found.label
    if line.state is MonthState.OPEN:
        return "银行对账：本月还没有余额调节表（编制月结前须导入对账单并对账）"
    return "银行对账：没有余额调节表记录"
