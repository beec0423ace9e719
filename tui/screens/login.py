"""Signing in: user name and password (masked). A wrong password says so in Chinese and keeps
the user on this screen with what they typed, the password field emptied for a retry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from ledger.domain.errors import LedgerError
from ledger.services.access import authenticate
from ledger.services.context import Context
from tui.widgets.message_bar import MessageBar

if TYPE_CHECKING:
    from tui.app import LedgerApp

HINT = "请输入用户名和密码，按回车登录"


class LoginScreen(Screen[None]):
    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    LoginScreen #login-box {
        width: 60; max-width: 100%; height: auto; padding: 1 2;
        border: round $primary; background: $surface;
    }
    LoginScreen #login-title { text-style: bold; width: 100%; content-align: center middle; }
    LoginScreen Label { margin-top: 1; }
    LoginScreen Button { margin-top: 1; }
    """

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        with Vertical(id="login-box"):
            yield Static("公共收益明白账 · 登录", id="login-title")
            yield Label("用户名")
            yield Input(placeholder="如 ybhy_cn", id="user")
            yield Label("密码")
            yield Input(placeholder="输入时不显示", password=True, id="password")
            with Center():
                yield Button("登录（回车）", id="login", variant="primary")
            yield MessageBar(HINT, id="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#user", Input).focus()

    def reset(self, text: str = HINT) -> None:
        """Back to an empty form (after signing out: the next person types their own name)."""
        self.query_one("#user", Input).value = ""
        self.query_one("#password", Input).value = ""
        self.query_one("#message", MessageBar).say(text)
        self.query_one("#user", Input).focus()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "user":
            self.query_one("#password", Input).focus()
        else:
            await self._login()

    async def on_button_pressed(self, _event: Button.Pressed) -> None:
        await self._login()

    async def _login(self) -> None:
        user = self.query_one("#user", Input).value.strip()
        password = self.query_one("#password", Input)
        message = self.query_one("#message", MessageBar)
        if not user:
            message.error("请先输入用户名")
            self.query_one("#user", Input).focus()
            return
        try:
            actor = authenticate(self.ctx, user, password.value)
        except LedgerError as err:
            password.value = ""
            password.focus()
            message.error(err)
            return
        password.value = ""
        message.say(HINT)
        app: LedgerApp = self.app  # type: ignore[assignment]
        app.signed_in(actor)
