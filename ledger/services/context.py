"""What every service is handed: the database, the rules and the clock; and who is acting."""

from __future__ import annotations

from dataclasses import dataclass, field

from ledger.domain.clock import Clock, system_clock
from ledger.domain.rules import RuleBook
from ledger.store.database import Database


@dataclass(frozen=True)
class Context:
    db: Database
    rules: RuleBook
    clock: Clock = field(default=system_clock)


@dataclass(frozen=True)
class Actor:
    """An authenticated user."""

    id: int
    name: str
    display_name: str
