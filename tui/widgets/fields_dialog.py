"""A small form in a modal: a question or explanation, then labelled one-line fields.

It answers the fields' values by key (a choice answers its value, "" when none is chosen), or
None for Esc / 取消. Enter moves to the next field and submits from the last one. It checks
nothing itself: the service the answer is handed to refuses bad input with its own words.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ledger.domain.errors import InvalidInput


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # Chinese, short: shown left of the field
    value: str = ""
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (label, value): a choice list instead of text
    password: bool = False


class FieldsDialog(ModalScreen[dict[str, str] | None]):
    DEFAULT_CSS = """
    FieldsDialog { align: center middle; }
    FieldsDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
        border: thick $primary; background: $surface;
    }
    FieldsDialog #intro { margin-bottom: 1; }
    FieldsDialog VerticalScroll { height: auto; max-height: 14; }
    FieldsDialog .row { height: auto; margin-bottom: 1; }
    FieldsDialog .row Label { width: 16; }
    FieldsDialog .row Input, FieldsDialog .row Select { width: 1fr; }
    FieldsDialog #buttons { height: auto; align-horizontal: right; }
    FieldsDialog Button { margin-left: 2; min-width: 10; }
    """
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(
        self, intro: str, fields: list[Field], *, submit_label: str = "确定（Enter）"
    ) -> None:
        super().__init__()
        self._intro = intro
        self._fields = fields
        self._submit_label = submit_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._intro, id="intro")
            with VerticalScroll():
                for f in self._fields:
                    with Horizontal(classes="row"):
                        yield Label(f.label)
                        yield self._widget(f)
            with Horizontal(id="buttons"):
                yield Button(self._submit_label, id="ok", variant="primary", compact=True)
                yield Button("取消（Esc）", id="cancel", compact=True)

    def _widget(self, f: Field) -> Input | Select[str]:
        if f.choices:
            return Select(
                f.choices,
                value=f.value if f.value else Select.NULL,
                prompt="请选择",
                id=f"f-{f.key}",
                compact=True,
            )
        return Input(
            f.value,
            placeholder=f.placeholder,
            password=f.password,
            id=f"f-{f.key}",
            compact=True,
        )

    def on_mount(self) -> None:
        if self._fields:
            self.query_one(f"#f-{self._fields[0].key}").focus()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self._fields:
            widget = self.query_one(f"#f-{f.key}")
            if isinstance(widget, Select):
                value = widget.value
                out[f.key] = "" if value is Select.NULL else str(value)
            else:
                assert isinstance(widget, Input)
                out[f.key] = widget.value
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        keys = [f"f-{f.key}" for f in self._fields]
        here = keys.index(event.input.id or "")
        if here + 1 < len(keys):
            self.query_one(f"#{keys[here + 1]}").focus()
        else:
            self.dismiss(self.values())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.values() if event.button.id == "ok" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def optional_id(text: str, field: str) -> int | None:
    """A record number typed into a field (`12` or `#12`); None when left empty."""
    text = text.strip().lstrip("#")
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(f"{field}「{text}」应为数字编号，如 12")
    return int(text)
