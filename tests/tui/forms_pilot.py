"""Driving one screen with Pilot from a plain (sync) test: pytest-asyncio is not installed,
so each test runs its steps with `asyncio.run`. Also small readers of what a form shows."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from ledger.services import journal
from tests.tui.harness import ScreenHarness
from tui.session import Session

Steps = Callable[[ScreenHarness, Pilot[None]], Awaitable[None]]


def drive(
    make: Callable[[], Screen[object]], steps: Steps, size: tuple[int, int] = (80, 24)
) -> None:
    async def main() -> None:
        app = ScreenHarness(make)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(app, pilot)

    asyncio.run(main())


def text_of(screen: Screen[object], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def draft_number(message: str) -> int:
    found = re.search(r"草稿 #(\d+)", message)
    assert found, message
    return int(found.group(1))


def open_drafts(s: Session) -> list[str]:
    return [r.number for r in journal.list_rows(s.ctx, s.compound, month=None, drafts=True)]
