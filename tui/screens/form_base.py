"""What every entry form shares: a labelled row per field, a date field checked as you type,
the status line that shows what happened (the draft number, or the rule that refused the
save, in the services' own words), Ctrl+S to save and Esc to go back — asking first when
something typed would be lost. A refused save leaves every field as it was."""

from __future__ import annotations

import datetime as dt
from abc import ABCMeta, abstractmethod

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.message_pump import _MessagePumpMeta
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from ledger.domain.errors import InvalidDate, LedgerError
from ledger.domain.period import parse_date
from tui.errors import describe
from tui.session import Session
from tui.widgets.amount import AmountInput
from tui.widgets.confirm import ConfirmDialog

FORM_CSS = """
.form-title { height: 1; background: $primary; color: $text; padding: 0 1; text-style: bold; }
.form-body { height: 1fr; padding: 0 1; }
.form-row { height: auto; margin-bottom: 1; }
.form-row > .label { width: 14; padding-right: 1; text-align: right; }
.form-row > Input, .form-row > Select { width: 1fr; }
.form-note { color: $text-muted; height: auto; }
.form-status { height: auto; min-height: 1; padding: 0 1; }
.form-status.-error { color: $error; text-style: bold; }
.form-status.-ok { color: $success; text-style: bold; }
"""


def row(label: str, widget: Widget, *, id: str | None = None) -> Horizontal:
    """One labelled field: the Chinese label on the left, right-aligned."""
    return Horizontal(Static(label, classes="label"), widget, classes="form-row", id=id)


def saved_message(draft_id: int) -> str:
    return f"已保存为草稿 #{draft_id}，等待另一位审核人审核（审核过账后才记入账簿）"


class DateInput(Vertical):
    """A date typed as 2023-07-10, 2023/7/10 or 2023年7月10日; today by default."""

    DEFAULT_CSS = """
    DateInput { height: auto; width: 1fr; }
    DateInput > .date-error { color: $error; height: auto; }
    """

    class Changed(Message):
        def __init__(self, field: DateInput) -> None:
            super().__init__()
            self.field = field

    def __init__(self, today: dt.date, *, field: str = "日期", id: str | None = None) -> None:
        super().__init__(id=id)
        self.field = field
        self._input = Input(today.isoformat(), compact=True, select_on_focus=False)
        self._error = Static("", classes="date-error", markup=False)

    def compose(self) -> ComposeResult:
        yield self._input
        yield self._error

    def on_mount(self) -> None:
        self._error.display = False

    @property
    def text(self) -> str:
        return self._input.value

    @text.setter
    def text(self, value: str) -> None:
        self._input.value = value

    def check(self) -> dt.date:
        return parse_date(self._input.value, field=self.field)

    def value(self) -> dt.date | None:
        try:
            return self.check()
        except InvalidDate:
            return None

    def focus(self, scroll_visible: bool = True) -> DateInput:
        self._input.focus(scroll_visible)
        return self

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        message = ""
        try:
            self.check()
        except InvalidDate as err:
            message = err.message
        self._error.update(message)
        self._error.display = bool(message)
        self.post_message(self.Changed(self))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()


class _AbstractScreenMeta(ABCMeta, _MessagePumpMeta):
    """Lets a screen base class declare abstract methods: a form without them cannot be made."""


class FormScreen(Screen[None], metaclass=_AbstractScreenMeta):
    """A form that saves through a service. Subclasses give `form_title`, `fields()` and
    `save()` (returning the message to show); `saved()` may reset fields for the next one."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "保存"),
        Binding("escape", "leave", "返回"),
    ]
    form_title = ""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._typed: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        who = f"{self.session.compound} · {self.session.actor.display_name}"
        yield Static(f"{self.form_title}    {who}", classes="form-title", markup=False)
        with VerticalScroll(classes="form-body"):
            yield from self.fields()
        yield Static("", id="status", classes="form-status", markup=False)
        yield Footer()

    @abstractmethod
    def fields(self) -> ComposeResult:
        """The form's own inputs, between its title and its status line."""

    @abstractmethod
    def save(self) -> str:
        """Call the service; return what to tell the user. Raise LedgerError to refuse."""

    def saved(self) -> None:
        """After a successful save: clear what should not be entered twice."""

    def first_field(self) -> Widget:
        return self.query(Input).first()

    def on_mount(self) -> None:
        self.remember_typed()
        self.first_field().focus()

    def remember_typed(self) -> None:
        self._typed = {id(i): i.value for i in self.query(Input)}

    def dirty(self) -> bool:
        return any(self._typed.get(id(i), "") != i.value for i in self.query(Input))

    def status(self, text: str, *, ok: bool) -> None:
        line = self.query_one("#status", Static)
        line.update(text)
        line.set_class(ok, "-ok")
        line.set_class(not ok, "-error")

    def refuse(self, err: LedgerError) -> None:
        """Show the rule that refused, next to the field it names if there is one."""
        field = err.facts.get("field")
        for amount in self.query(AmountInput):
            if amount.field == field:
                amount.show_error(err.message)
        self.status(describe(err), ok=False)
        self.app.bell()

    def action_save(self) -> None:
        try:
            message = self.save()
        except LedgerError as err:
            self.refuse(err)
            return
        self.status(message, ok=True)
        self.notify(message, title="已保存")
        self.saved()
        self.remember_typed()

    def action_leave(self) -> None:
        if not self.dirty():
            self.dismiss(None)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "已输入的内容还没有保存。放弃这些内容并返回吗？", confirm_label="放弃（Y）"
            ),
            answer,
        )
