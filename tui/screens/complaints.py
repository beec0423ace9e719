"""投诉: residents' complaints and suggestions, the unanswered ones first (oldest on top, so
the longest-waiting is the first seen), then the answered ones, newest first.

Record one (A: channel, date received, who, what, and the project it is about if any) or
answer the selected one (D, once; the answer stands). Who may do which, and which dates are
allowed, is the service's rule; a refusal shows it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from ledger.domain.complaint import Channel
from ledger.domain.errors import LedgerError
from ledger.domain.period import parse_date
from ledger.services import complaints
from ledger.services.complaints import ComplaintView
from tui.menu import register
from tui.screens.work_screen import WorkScreen
from tui.session import Session
from tui.widgets.fields_dialog import Field, optional_id

CHANNEL_CHOICES = tuple((c.label, c.value) for c in Channel)


@register("c", "投诉建议")
class ComplaintsScreen(WorkScreen):
    DEFAULT_CSS = """
    ComplaintsScreen #detail { height: auto; max-height: 8; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("a", "record", "登记"),
        Binding("d", "answer", "答复"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.title = "投诉建议"
        self.views: list[ComplaintView] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="complaints", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        yield from self.status_widgets()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#complaints", DataTable).add_columns(
            "编号", "状态", "收到日期", "渠道", "反映人", "内容"
        )
        self.reload()
        self.say("↑↓ 选一条；A 登记投诉建议，D 答复选中的一条")

    def reload(self, keep: int | None = None) -> None:
        try:
            views = complaints.list_complaints(self.session.ctx, self.session.compound)
        except LedgerError as err:
            self.refuse(err)
            return
        waiting = [v for v in views if not v.answered]
        answered = [v for v in reversed(views) if v.answered]
        self.views = waiting + answered
        table = self.query_one("#complaints", DataTable)
        table.clear()
        for v in self.views:
            state = Text(v.state_label, style="bold" if not v.answered else "")
            table.add_row(
                Text(f"#{v.id}", justify="right"),
                state,
                str(v.received_on),
                v.channel.label,
                Text(v.resident),
                Text(" ".join(v.content.split())),
                key=str(v.id),
            )
        ids = [v.id for v in self.views]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        self.show_view()

    @property
    def view(self) -> ComplaintView | None:
        if not self.views:
            return None
        row = self.query_one("#complaints", DataTable).cursor_row
        return self.views[min(max(row, 0), len(self.views) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_view()

    def show_view(self) -> None:
        v = self.view
        detail = self.query_one("#detail", Static)
        if v is None:
            detail.update("还没有投诉建议：按 A 登记")
            return
        text = Text()
        head = f"#{v.id} {v.received_on} {v.channel.label} {v.resident}"
        if v.project_id is not None:
            head += f"  关于项目 #{v.project_id} {v.project_title or ''}".rstrip()
        text.append(head + "\n", "bold")
        text.append(f"{v.content}\n")
        if v.answered:
            text.append(
                f"答复（{v.answered_by} {v.answered_on}，{v.days_to_answer} 天）：{v.answer}"
            )
        else:
            text.append("待答复：业委会或社区党委按 D 答复", "italic")
        detail.update(text)

    # -- the steps -----------------------------------------------------------------------------

    def action_record(self) -> None:
        self.ask(
            "登记投诉建议：收到日期不能晚于今天；反映人可写「匿名」",
            [
                Field("channel", "渠道", Channel.HOTLINE.value, choices=CHANNEL_CHOICES),
                Field("date", "收到日期", str(self.session.today())),
                Field("resident", "反映人", placeholder="姓名、楼栋，或「匿名」"),
                Field("content", "反映内容"),
                Field("project", "关联项目编号", placeholder="可不填"),
            ],
            self._record,
        )

    def _record(self, v: dict[str, str]) -> None:
        try:
            complaint_id = complaints.record_complaint(
                self.session.ctx,
                self.session.actor,
                compound=self.session.compound,
                channel=v["channel"],
                received_on=parse_date(v["date"].strip(), field="收到日期"),
                resident=v["resident"],
                content=v["content"],
                project_id=optional_id(v["project"], "项目编号"),
            )
        except LedgerError as err:
            self.refuse(err)
            return
        self.reload(keep=complaint_id)
        self.say(f"已登记投诉建议 #{complaint_id}，待业委会或社区党委答复", ok=True)

    def action_answer(self) -> None:
        v = self.view
        if v is None:
            return
        self.ask(
            f"答复 #{v.id}（{v.resident}：{v.content[:40]}）：答复只能给一次，之后不能修改",
            [
                Field("answer", "答复内容"),
                Field("date", "答复日期", str(self.session.today())),
            ],
            lambda a: self._answer(v, a),
        )

    def _answer(self, v: ComplaintView, a: dict[str, str]) -> None:
        try:
            complaints.answer_complaint(
                self.session.ctx,
                self.session.actor,
                v.id,
                answer=a["answer"],
                answered_on=parse_date(a["date"].strip(), field="答复日期"),
            )
        except LedgerError as err:
            self.refuse(err)
            return
        self.reload(keep=v.id)
        self.say(f"#{v.id} 已答复", ok=True)
