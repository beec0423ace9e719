"""The screens a signed-in user can open, each with its key. Screens register here, so the
dashboard, the footer and the help (F1) all read one list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.screen import Screen

from tui.session import Session


@dataclass(frozen=True)
class MenuItem:
    key: str  # a single key pressed on the dashboard, e.g. "j"
    label: str  # Chinese, shown in the footer, the dashboard menu and the help
    factory: Callable[[Session], Screen[Any]]


MENU: list[MenuItem] = []
# Keys in use (a clash raises at import): j 凭证序时账, a 待审核 (tui/screens/journal.py,
# inbox.py). The app itself holds F1 帮助, F2 切换小区, F3 退出登录, Esc 返回, Ctrl+Q 退出.


def register(
    key: str, label: str
) -> Callable[[Callable[[Session], Screen[Any]]], Callable[[Session], Screen[Any]]]:
    """Decorator for a screen class (or factory) taking a Session."""

    def wrap(factory: Callable[[Session], Screen[Any]]) -> Callable[[Session], Screen[Any]]:
        if any(item.key == key for item in MENU):
            raise ValueError(f"menu key {key!r} is taken")
        MENU.append(MenuItem(key, label, factory))
        return factory

    return wrap


def load_screens() -> list[MenuItem]:
    """Import every module of `tui.screens`, so each registers itself; the menu in key order."""
    import importlib
    import pkgutil

    import tui.screens

    for module in pkgutil.iter_modules(tui.screens.__path__):
        importlib.import_module(f"tui.screens.{module.name}")
    return sorted(MENU, key=lambda item: item.key)
