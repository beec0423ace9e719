"""导出: the auditor workbook (xlsx), the beancount books, a month's vouchers (PDF) and a month's
notice (PDF), for the compound at hand.

Choose what, the month or the period, and where (the default is a file in the current folder
with an ASCII name that says what it holds); F5 starts the export in a worker thread behind a
progress bar, and the screen stays usable meanwhile. The saved path, or the Chinese reason it
could not be saved, shows in the status line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from ledger.domain.errors import LedgerError
from ledger.domain.period import Month
from ledger.services.file_names import compound_tag, file_name
from ledger.services.month_board import month_board
from tui import export_jobs
from tui.export_jobs import Progress, Saved
from tui.menu import register
from tui.screens.work_screen import WorkScreen
from tui.session import Session

KINDS: dict[str, tuple[str, str]] = {  # value: (label, what it holds)
    "workbook": (
        "审计工作簿（xlsx）",
        "封面、科目余额表、序时账、明细账、项目、表决、比价、用印、审批轨迹、月结签字、意见；"
        "金额存为数字，表头冻结、可筛选",
    ),
    "beancount": ("beancount 账本", "全部已过账凭证；bean-check 可校验，余额与本账一致"),
    "vouchers": ("月度记账凭证（PDF）", "该月全部已过账凭证，含大写金额，每页上下两张，便于装订"),
    "notice": ("月度收支公示（PDF）", "A4 公示，含收支、项目、投诉建议、签字和验证码，可张贴"),
}
SUFFIX = {"workbook": "xlsx", "beancount": "beancount", "vouchers": "pdf", "notice": "pdf"}
RANGE_KINDS = {"workbook"}
MONTH_KINDS = {"vouchers", "notice"}


@register("x", "导出")
class ExportsScreen(WorkScreen):
    DEFAULT_CSS = """
    ExportsScreen #form { height: auto; padding: 1 1 0 1; }
    ExportsScreen .row { height: 1; margin-bottom: 1; }
    ExportsScreen .row Label { width: 12; }
    ExportsScreen .row Input { width: 1fr; }
    ExportsScreen #range Input { width: 12; margin-right: 4; }
    ExportsScreen #one Input { width: 12; }
    ExportsScreen Select { width: 1fr; }
    ExportsScreen #about { height: auto; color: $text-muted; margin-bottom: 1; }
    """
    BINDINGS = [Binding("f5", "export", "开始导出")]

    def __init__(self, session: Session, out_dir: Path | None = None) -> None:
        super().__init__(session)
        self.title = "导出"
        self.out_dir = out_dir or Path.cwd()
        self.tag = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="form"):
            with Horizontal(classes="row"):
                yield Label("导出内容")
                choices = [(label, value) for value, (label, _) in KINDS.items()]
                yield Select(choices, value="workbook", allow_blank=False, id="kind", compact=True)
            yield Static("", id="about")
            with Horizontal(classes="row", id="range"):
                yield Label("起始月份")
                yield Input(placeholder="YYYY-MM", id="first", compact=True)
                yield Label("截止月份")
                yield Input(placeholder="YYYY-MM", id="last", compact=True)
            with Horizontal(classes="row", id="one"):
                yield Label("月份")
                yield Input(placeholder="YYYY-MM", id="month", compact=True)
            with Horizontal(classes="row"):
                yield Label("输出文件")
                yield Input(id="output", compact=True)
            yield Button("开始导出（F5）", id="go", variant="primary", compact=True)
        yield from self.status_widgets()
        yield Footer()

    def on_mount(self) -> None:
        try:
            self.tag = compound_tag(self.session.ctx, self.session.compound)
            months = [x.month for x in month_board(self.session.ctx, self.session.compound).months]
        except LedgerError as err:
            self.refuse(err)
            return
        if months:
            self._set("first", str(months[-1]))
            self._set("last", str(months[0]))
            self._set("month", str(months[1] if len(months) > 1 else months[0]))
        self.update_form()
        self.say("选好内容、月份和输出文件，按 F5 开始导出")

    def _set(self, field: str, value: str) -> None:
        self.query_one(f"#{field}", Input).value = value

    def _get(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    @property
    def kind(self) -> str:
        return str(self.query_one("#kind", Select).value)

    # -- keeping the form consistent ----------------------------------------------------------

    def on_select_changed(self, event: Select.Changed) -> None:
        self.update_form()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("first", "last", "month"):
            self._suggest_output()

    def update_form(self) -> None:
        kind = self.kind
        self.query_one("#about", Static).update(KINDS[kind][1])
        self.query_one("#range").display = kind in RANGE_KINDS
        self.query_one("#one").display = kind in MONTH_KINDS
        self._suggest_output()

    def _suggest_output(self) -> None:
        if not self.tag:
            return
        kind = self.kind
        if kind in RANGE_KINDS:
            period = [self._month_or_none("first"), self._month_or_none("last")]
        elif kind in MONTH_KINDS:
            period = [self._month_or_none("month")]
        else:
            period = []
        name = file_name(self.tag, kind, SUFFIX[kind], *period)
        self._set("output", str(self.out_dir / name))

    def _month_or_none(self, field: str) -> Month | None:
        try:
            return Month.parse(self._get(field))
        except LedgerError:
            return None

    # -- exporting ------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "go":
            self.action_export()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "output":
            self.action_export()

    def action_export(self) -> None:
        try:
            label, job = self._job()
        except LedgerError as err:
            self.refuse(err)
            return
        self.run_job(label, job)

    def _job(self) -> tuple[str, Callable[[Progress], Saved]]:
        ctx, actor, compound = self.session.ctx, self.session.actor, self.session.compound
        kind = self.kind
        output = self._get("output")
        target = Path(output).expanduser() if output else self.out_dir / "export"
        if kind == "workbook":
            first = self._month("first", "起始月份")
            last = self._month("last", "截止月份")
            return "导出审计工作簿", lambda p: export_jobs.workbook_xlsx(
                ctx, actor, compound, first, last, target, p
            )
        if kind == "beancount":
            return "导出 beancount 账本", lambda p: export_jobs.beancount_books(
                ctx, compound, target, p
            )
        month = Month.parse(self._get("month"), field="月份")
        if kind == "vouchers":
            return "生成凭证 PDF", lambda p: export_jobs.vouchers_pdf(
                ctx, compound, month, target, p
            )
        return "生成公示 PDF", lambda p: export_jobs.notice_pdf(ctx, compound, month, target, p)

    def _month(self, field: str, label: str) -> Month | None:
        text = self._get(field)
        return Month.parse(text, field=label) if text else None
