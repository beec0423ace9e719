"""The journal's filter dialog: month, account, project, amount, text. Each field is read the
way the command line reads it (`Month.parse`, `parse_fen`); a wrong field says which and how
to write it, and the dialog stays open with what was typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from ledger.domain.errors import InvalidInput, LedgerError
from ledger.domain.money import format_plain, parse_fen
from ledger.domain.period import Month
from ledger.services.journal_pages import JournalFilter
from tui.widgets.message_bar import MessageBar

FIELDS = (
    ("month", "月份", "YYYY-MM，如 2023-06"),
    ("account", "科目代码", "如 1002（银行存款）、5101"),
    ("project", "项目编号", "如 3"),
    ("amount", "金额（任一分录）", "如 1,200.00"),
    ("text", "摘要或凭证号包含", "如 停车费"),
)


def parse_filter(values: dict[str, str]) -> JournalFilter:
    """The filter the typed values describe; raises a LedgerError naming the wrong field."""
    month = values["month"].strip()
    project = values["project"].strip().lstrip("#")
    if project and not project.isdigit():
        raise InvalidInput(f"项目编号「{values['project']}」不是数字：请填写如 3 的编号，或留空")
    amount = values["amount"].strip()
    return JournalFilter(
        month=Month.parse(month) if month else None,
        account=values["account"].strip() or None,
        project_id=int(project) if project else None,
        amount_fen=parse_fen(amount, field="金额") if amount else None,
        text=values["text"].strip() or None,
    )


def filter_values(flt: JournalFilter) -> dict[str, str]:
    return {
        "month": str(flt.month) if flt.month else "",
        "account": flt.account or "",
        "project": str(flt.project_id) if flt.project_id is not None else "",
        "amount": format_plain(flt.amount_fen) if flt.amount_fen is not None else "",
        "text": flt.text or "",
    }


def describe_filter(flt: JournalFilter) -> str:
    parts = []
    if flt.month:
        parts.append(f"月份 {flt.month}")
    if flt.account:
        parts.append(f"科目 {flt.account}")
    if flt.project_id is not None:
        parts.append(f"项目 #{flt.project_id}")
    if flt.amount_fen is not None:
        parts.append(f"金额 {format_plain(flt.amount_fen)}")
    if flt.text:
        parts.append(f"包含「{flt.text}」")
    return "，".join(parts) if parts else "无"


class FilterDialog(ModalScreen[JournalFilter | None]):
    DEFAULT_CSS = """
    FilterDialog { align: center middle; }
    FilterDialog > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FilterDialog #filter-title { width: 100%; margin-bottom: 1; }
    FilterDialog Horizontal { height: auto; margin-bottom: 1; }
    FilterDialog .field-label { width: 18; }
    FilterDialog Input { width: 1fr; }
    FilterDialog #buttons { align-horizontal: right; margin: 0; }
    FilterDialog Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "取消筛选对话框")]

    def __init__(self, current: JournalFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        values = filter_values(self.current)
        with Vertical():
            yield Label("筛选凭证（留空表示不限；回车确定，Esc 取消）", id="filter-title")
            for key, label, hint in FIELDS:
                with Horizontal():
                    yield Label(label, classes="field-label")
                    yield Input(values[key], placeholder=hint, id=f"f-{key}", compact=True)
            yield MessageBar("", id="filter-message")
            with Horizontal(id="buttons"):
                yield Button("确定", id="apply", variant="primary", compact=True)
                yield Button("清除全部", id="clear", compact=True)
                yield Button("取消", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#f-month", Input).focus()

    def _values(self) -> dict[str, str]:
        return {key: self.query_one(f"#f-{key}", Input).value for key, _, _ in FIELDS}

    def _apply(self) -> None:
        try:
            flt = parse_filter(self._values())
        except LedgerError as err:
            self.query_one("#filter-message", MessageBar).error(err)
            return
        self.dismiss(flt)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self._apply()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self._apply()
        elif event.button.id == "clear":
            self.dismiss(JournalFilter())
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
