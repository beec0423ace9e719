"""An amount field: typed the way people write amounts (1234.5, 1,234.50, ¥…, …元, full-width
digits — `ledger.domain.money.parse_fen` decides), with the Chinese error next to it as you
type and the 大写 form (`ledger.domain.capital`) shown live under it. `value()` is fen or
None; nothing here rounds or guesses."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ledger.domain.capital import capital_amount
from ledger.domain.errors import InvalidAmount
from ledger.domain.money import format_fen, format_plain, parse_fen

HINT = "请写成如 1,234.50、¥1234.5 或 1234.50元"


class AmountInput(Vertical):
    DEFAULT_CSS = """
    AmountInput { height: auto; width: 1fr; }
    AmountInput > Input { width: 100%; }
    AmountInput > .amount-error { color: $error; height: auto; }
    AmountInput > .amount-capital { color: $text-muted; height: auto; }
    AmountInput.-invalid > Input { background: $error 25%; }
    """

    class Changed(Message):
        """The text changed; `fen` is the amount, or None while it is empty or wrong."""

        def __init__(self, amount: AmountInput, fen: int | None) -> None:
            super().__init__()
            self.amount = amount
            self.fen = fen

        @property
        def control(self) -> AmountInput:
            return self.amount

    def __init__(
        self,
        *,
        field: str = "金额",
        value: str = "",
        allow_zero: bool = False,
        allow_negative: bool = False,
        compact: bool = False,
        placeholder: str = "0.00",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.field = field
        self._allow_zero = allow_zero
        self._allow_negative = allow_negative
        self._compact = compact
        self._input = Input(value, placeholder=placeholder, compact=True)
        self._error = Static("", classes="amount-error", markup=False)
        self._capital = Static("", classes="amount-capital", markup=False)
        self._shown_error = ""
        self._capital_text = ""

    def compose(self) -> ComposeResult:
        yield self._input
        yield self._error
        if not self._compact:
            yield self._capital

    def on_mount(self) -> None:
        self._refresh()

    @property
    def text(self) -> str:
        return self._input.value

    @text.setter
    def text(self, value: str) -> None:
        self._input.value = value  # Input.Changed follows and refreshes the lines

    def set_fen(self, fen: int | None) -> None:
        """Fill the field with an amount (as plain digits, so it is easy to edit)."""
        self.text = "" if fen is None else format_plain(fen)
        self._input.cursor_position = len(self.text)

    def check(self) -> int:
        """The amount in fen, or the InvalidAmount saying what is wrong (empty included)."""
        return parse_fen(
            self._input.value,
            field=self.field,
            allow_zero=self._allow_zero,
            allow_negative=self._allow_negative,
        )

    def value(self) -> int | None:
        try:
            return self.check()
        except InvalidAmount:
            return None

    @property
    def error(self) -> str:
        """The Chinese error shown under the field ('' when the field is fine or empty)."""
        return self._shown_error

    @property
    def capital_text(self) -> str:
        """The 大写 line as shown ('' while there is no valid amount, or in compact mode)."""
        return self._capital_text

    def show_error(self, message: str) -> None:
        """Show an error the form found (e.g. 'may not be empty' when saving)."""
        self._shown_error = message
        self._error.update(message)
        self._error.display = bool(message)
        self.set_class(bool(message), "-invalid")

    def focus(self, scroll_visible: bool = True) -> AmountInput:
        self._input.focus(scroll_visible)
        return self

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh()
        self.post_message(self.Changed(self, self.value()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    def _refresh(self) -> None:
        fen: int | None = None
        message = ""
        if self._input.value.strip():
            try:
                fen = self.check()
            except InvalidAmount as err:
                message = f"{err.message}。{HINT}"
        self.show_error(message)
        if self._compact:
            return
        self._capital_text = (
            "" if fen is None else f"大写：{capital_amount(fen)}（¥{format_fen(fen)}）"
        )
        self._capital.update(self._capital_text)
        self._capital.display = bool(self._capital_text)
