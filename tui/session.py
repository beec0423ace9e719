"""Who is at the keyboard and which compound they are working on: what every screen is handed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ledger.domain.clock import LOCAL_TZ
from ledger.services.context import Actor, Context


@dataclass(frozen=True)
class Session:
    ctx: Context
    actor: Actor
    compound: str  # the compound's name, as the services take it

    def today(self) -> dt.date:
        return self.ctx.clock().astimezone(LOCAL_TZ).date()
