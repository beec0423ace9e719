"""The demo replay's clock and its summary of what was built."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ledger.domain.clock import local_noon_utc


class ReplayClock:
    """A clock the demo moves along the history: `at(day)` then each call ticks a minute."""

    def __init__(self, day: dt.date) -> None:
        self.day, self.minutes = day, 0

    def at(self, day: dt.date) -> None:
        if day != self.day:
            self.day, self.minutes = day, 0

    def __call__(self) -> dt.datetime:
        self.minutes += 1
        return local_noon_utc(self.day, self.minutes)


@dataclass
class DemoSummary:
    compounds: list[str] = field(default_factory=list)
    users: list[tuple[str, str, str]] = field(default_factory=list)  # user, name, role@scope
    entries: int = 0
    locked_months: int = 0
    prepared_months: int = 0
