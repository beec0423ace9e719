"""Driving the whole app (login, picker, dashboard and on) with Pilot from a plain (sync) test:
pytest-asyncio is not installed, so each test runs its steps with `asyncio.run`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from ledger.services.context import Context
from tests.tui.conftest import PASSWORD
from tests.tui.harness import ScreenHarness
from tui.app import LedgerApp
from tui.widgets.message_bar import MessageBar

Steps = Callable[[LedgerApp, Pilot[None]], Awaitable[None]]
ScreenSteps = Callable[[ScreenHarness, Pilot[None]], Awaitable[None]]


def run_app(ctx: Context, steps: Steps, size: tuple[int, int] = (100, 30)) -> None:
    async def main() -> None:
        app = LedgerApp(ctx)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await steps(app, pilot)

    asyncio.run(main())


def run_screen(
    make: Callable[[], Screen[Any]], steps: ScreenSteps, size: tuple[int, int] = (100, 30)
) -> None:
    """One screen for a signed-in user, without the login and the picker."""

    async def main() -> None:
        app = ScreenHarness(make)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await steps(app, pilot)

    asyncio.run(main())


async def settle(pilot: Pilot[None]) -> None:
    """Let the screen finish what it started: workers, then the messages they posted."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type as a person does, one key at a time (Chinese included)."""
    await pilot.press(*["underscore" if ch == "_" else ch for ch in text])


async def login(pilot: Pilot[None], user: str, password: str = PASSWORD) -> None:
    app = pilot.app
    await pilot.pause()  # the login screen is composed
    user_box = app.screen.query_one("#user", Input)
    user_box.value = ""
    user_box.focus()
    await type_text(pilot, user)
    await pilot.press("enter")
    await type_text(pilot, password)
    await pilot.press("enter")
    await settle(pilot)


def message(app: App[Any], selector: str = "#message") -> str:
    return app.screen.query_one(selector, MessageBar).text
