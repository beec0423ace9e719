"""The screens a signed-in user can open, each with its key. Screens register here, so the
dashboard, the footer and the help (F1) all read one list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from tui.session import Session


@dataclass(frozen=True)
class MenuItem:
    key: str  # a single key pressed on the dashboard, e.g. "j"
    label: str  # Chinese, shown in the footer, the dashboard menu and the help
    factory: Callable[[Session], Screen[object]]


MENU: list[MenuItem] = []


def register(key: str, label: str) -> Callable[[Callable[[Session], Screen[object]]], Callable[[Session], Screen[object]]]:
    """Decorator for a screen class (or factory) taking a Session."""

    def wrap(factory: Callable[[Session], Screen[object]]) -> Callable[[Session], Screen[object]]:
        if any(item.key == key for item in MENU):
            raise ValueError(f"menu key {key!r} is taken")
        MENU.append(MenuItem(key, label, factory))
        return factory

    return wrap
