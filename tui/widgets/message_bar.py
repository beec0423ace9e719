"""One line that says what just happened and what to do next. It stays until the next
message (a toast that vanishes after a few seconds is easy to miss); a refusal shows in the
error colour with the rule that refused it."""

from __future__ import annotations

from textual.widgets import Static

from ledger.domain.errors import LedgerError
from tui.errors import describe


class MessageBar(Static):
    DEFAULT_CSS = """
    MessageBar { height: auto; padding: 0 1; color: $text-muted; }
    MessageBar.-error { color: $text-error; background: $error-muted; text-style: bold; }
    MessageBar.-done { color: $text-success; background: $success-muted; }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, id=id, markup=False)
        self.text = text

    def say(self, text: str) -> None:
        self._show(text, "")

    def done(self, text: str) -> None:
        self._show(text, "-done")

    def error(self, err: LedgerError | str) -> None:
        self._show(describe(err) if isinstance(err, LedgerError) else err, "-error")

    def _show(self, text: str, cls: str) -> None:
        self.text = text
        self.remove_class("-error", "-done")
        if cls:
            self.add_class(cls)
        self.update(text)
