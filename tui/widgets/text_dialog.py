"""Asking for one line of text (a reversal's reason, the community's opinion): Enter gives
the text, Esc gives None; an empty answer is refused with what to write."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.widgets.message_bar import MessageBar


class TextDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    TextDialog { align: center middle; }
    TextDialog > Vertical {
        width: 64; max-width: 100%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, question: str, *, placeholder: str = "", empty: str = "不能为空") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield Input(placeholder=self.placeholder, id="answer")
            yield MessageBar("写好后按回车；Esc 取消", id="answer-message")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one(MessageBar).error(self.empty)
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
