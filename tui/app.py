"""The treasurer's terminal UI: sign in, pick a compound, then the dashboard and its screens.

The app holds who is signed in and which compound is open, and the keys that work everywhere
(F1 help, F2 switch compound, F3 sign out, Ctrl+Q quit). Screens get a `Session` and call
services; the app never touches the books itself.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from ledger.services.compound_list import CommunityGroup, compounds_for
from ledger.services.context import Actor, Context
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen
from tui.screens.login import LoginScreen
from tui.screens.picker import PickerScreen
from tui.session import Session

KEY_NAMES = {
    "enter": "回车",
    "escape": "Esc",
    "ctrl+q": "Ctrl+Q",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
}


class LedgerApp(App[None]):
    TITLE = "公共收益明白账"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f1", "help", "帮助"),
        Binding("f2", "switch_compound", "切换小区"),
        Binding("f3", "logout", "退出登录"),
        Binding("f9", "toggle_dark", "深色/浅色切换", show=False),
        Binding("ctrl+q", "quit", "退出程序", show=False),
    ]

    def get_key_display(self, binding: Binding) -> str:
        key = binding.key.split(",")[0]
        if key in KEY_NAMES:
            return KEY_NAMES[key]
        if key.startswith("f") and key[1:].isdigit():
            return key.upper()
        return super().get_key_display(binding)

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.actor: Actor | None = None
        self.session: Session | None = None

    def get_default_screen(self) -> Screen[Any]:
        return LoginScreen(self.ctx)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("switch_compound", "logout"):
            return self.actor is not None
        return True

    # -- the way in -----------------------------------------------------------------------

    def signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.refresh_bindings()
        self.show_picker()

    def show_picker(self) -> None:
        assert self.actor is not None
        groups = compounds_for(self.ctx, self.actor)
        self._back_to_login()
        if _only_one(groups):
            self.open_compound(groups[0].compounds[0].name)
        else:
            self.push_screen(PickerScreen(self.actor, groups))

    def open_compound(self, compound: str) -> None:
        assert self.actor is not None
        self.session = Session(ctx=self.ctx, actor=self.actor, compound=compound)
        self.sub_title = f"{compound} · {self.actor.display_name}"
        self._back_to_login()
        self.push_screen(DashboardScreen(self.session))

    def _back_to_login(self) -> None:
        # Not awaited: the screen asking may be one of those popped (awaiting its own
        # removal from its own handler would never finish); Textual runs the pops in order.
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # -- keys that work everywhere --------------------------------------------------------

    def action_switch_compound(self) -> None:
        if self.actor is not None:
            self.show_picker()

    def action_logout(self) -> None:
        self.actor = self.session = None
        self.sub_title = ""
        self._back_to_login()
        login = self.screen
        if isinstance(login, LoginScreen):
            login.reset("已退出登录。请输入用户名和密码重新登录")
        self.refresh_bindings()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen.for_screen(self.screen))


def _only_one(groups: list[CommunityGroup]) -> bool:
    return len(groups) == 1 and len(groups[0].compounds) == 1
