"""Help (F1): the keys of the screen underneath, in Chinese, read from its live bindings so
the list can never disagree with what the keys do."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.widgets.cells import fit

# Keys every list and text field understands, which Textual's own widgets bind in English.
COMMON_KEYS = (
    ("Tab / Shift+Tab", "在输入框和按钮之间移动"),
    ("↑ ↓ PgUp PgDn", "在列表中移动"),
)


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; margin-bottom: 1; }
    HelpScreen VerticalScroll { height: auto; max-height: 18; }
    HelpScreen #help-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape,f1,q", "close", "关闭帮助")]

    def __init__(self, title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys

    @classmethod
    def for_screen(cls, screen: Screen[object]) -> HelpScreen:
        """The help of `screen`: each of its keys that has a Chinese description, once."""
        seen: set[tuple[str, str]] = set()
        keys: list[tuple[str, str]] = []
        for active in screen.active_bindings.values():
            b: Binding = active.binding
            if not _is_chinese(b.description) or (b.action, b.description) in seen:
                continue
            seen.add((b.action, b.description))
            keys.append((screen.app.get_key_display(b), b.description))
        title = getattr(screen, "HELP_TITLE", "") or "本屏幕的按键"
        return cls(title, keys + list(COMMON_KEYS))

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.keys), default=4) + 2
        body = "\n".join(f"{fit(k, width)}{d}" for k, d in self.keys)
        with Vertical():
            yield Static(f"帮助：{self.title_text}", id="help-title")
            with VerticalScroll():
                yield Static(Text(body), id="help-keys")
            yield Static("按 Esc 或 F1 关闭", id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)
