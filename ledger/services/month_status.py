"""The month close as people read it: where a month stands and every sign-off made on it.

`MonthStatus` is a plain read model (the CLI prints it, the notice and the TUI show it); its
`as_json()` is the `month status --json` contract. A month locked before sign-offs were
recorded (an older database) reads as published with no sign-offs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.clock import format_local
from ledger.domain.closing import Decision, MonthState, Step
from ledger.domain.period import Month
from ledger.services.context import Context
from ledger.store import books, org
from ledger.store.schema import Compound, User
from ledger.store.schema_controls import MonthClose, MonthSignoff


@dataclass(frozen=True)
class Signoff:
    """One step of a month's close as a person reads it; `at` is an aware UTC datetime."""

    step: Step
    decision: Decision
    user: str
    name: str
    at: dt.datetime
    comment: str
    snapshot_hash: str

    def as_json(self) -> dict[str, Any]:
        return {
            "step": self.step.value,
            "decision": self.decision.value,
            "user": self.user,
            "name": self.name,
            "at": format_local(self.at),
            "comment": self.comment,
        }


@dataclass(frozen=True)
class MonthStatus:
    """Where a compound's month stands in closing, with every sign-off in the order made."""

    compound: str
    month: Month
    state: MonthState
    snapshot_hash: str | None
    signoffs: tuple[Signoff, ...]

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def next_step(self) -> str:
        return self.state.next_step

    @property
    def current_round(self) -> tuple[Signoff, ...]:
        """The sign-offs since the latest preparation: the ones the notice shows."""
        starts = [i for i, s in enumerate(self.signoffs) if s.step is Step.PREPARE]
        return self.signoffs[starts[-1] :] if starts else ()

    def as_json(self) -> dict[str, Any]:
        return {
            "compound": self.compound,
            "month": str(self.month),
            "state": self.state.value,
            "state_label": self.state_label,
            "snapshot_hash": self.snapshot_hash,
            "signoffs": [s.as_json() for s in self.signoffs],
        }


def month_status(ctx: Context, compound: str, month: Month) -> MonthStatus:
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        row = session.get(MonthClose, (c.id, str(month)))
        lock = books.lock_of(session, c.id, month)
        digest = lock.snapshot_hash if lock is not None else row.snapshot_hash if row else None
        rows = session.execute(
            select(MonthSignoff, User.name, User.display_name)
            .join(User, User.id == MonthSignoff.actor_id)
            .where(MonthSignoff.compound_id == c.id, MonthSignoff.month == str(month))
            .order_by(MonthSignoff.id)
        ).all()
        return MonthStatus(
            compound=c.name,
            month=month,
            state=state_of(session, c, month, row),
            snapshot_hash=digest,
            signoffs=tuple(
                Signoff(
                    Step(r.step), Decision(r.decision), user, name, r.at, r.comment, r.snapshot_hash
                )
                for r, user, name in rows
            ),
        )


def state_of(session: Session, c: Compound, month: Month, row: MonthClose | None) -> MonthState:
    if books.lock_of(session, c.id, month) is not None:
        return MonthState.PUBLISHED  # also a month locked before the sign-offs were recorded
    return MonthState.OPEN if row is None else MonthState(row.state)
