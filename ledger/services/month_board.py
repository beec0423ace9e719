"""The month close board: every month of a compound, from the month its account was opened to
the current one, with where its close stands, the latest sign-off and the month notice's seal.

A read model for the screens that run the close (the TUI's 月结 screen); the steps themselves
are `ledger.services.month_close`. The seal shown for a month is the line publishing would use
(the newest approved or used one), or else the newest line of any state, so a refused request
shows as refused until a new one is made.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ledger.domain.clock import local_today
from ledger.domain.closing import Decision, MonthState, Step
from ledger.domain.period import Month, months_between
from ledger.domain.seal import SealKind, SealState
from ledger.services.context import Context
from ledger.services.month_status import Signoff, state_of
from ledger.services.seal_register import SealLine, list_seals
from ledger.store import org
from ledger.store.schema import User
from ledger.store.schema_controls import MonthClose, MonthSignoff

GRANTED = (SealState.APPROVED, SealState.USED)


@dataclass(frozen=True)
class MonthLine:
    """One month of the board."""

    month: Month
    state: MonthState
    latest: Signoff | None  # the newest sign-off of the month, of any round
    seal: SealLine | None  # the month notice's seal line, if one was requested

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def next_step(self) -> str:
        return self.state.next_step

    @property
    def latest_label(self) -> str:
        """`业委会签字 张卫东`, `监督小组审查通过 赵德明`: the last thing done to the month and by whom."""
        s = self.latest
        if s is None:
            return ""
        if s.decision is Decision.RETURNED:
            return f"监督小组退回 {s.name}"
        done = s.decision.label if s.step is Step.REVIEW else ""
        return f"{s.step.label}{done} {s.name}"

    @property
    def seal_label(self) -> str:
        if self.seal is None:
            return "未申请"
        return f"第 {self.seal.register_no} 号 {self.seal.state.label}"

    @property
    def seal_granted(self) -> bool:
        return self.seal is not None and self.seal.state in GRANTED


@dataclass(frozen=True)
class MonthBoard:
    compound: str
    months: tuple[MonthLine, ...]  # newest first


def month_board(ctx: Context, compound: str) -> MonthBoard:
    """The compound's months, newest first, up to the current month."""
    notice_seals = _month_notice_seals(list_seals(ctx, compound))
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        closes = {
            r.month: r
            for r in session.execute(select(MonthClose).where(MonthClose.compound_id == c.id))
            .scalars()
            .all()
        }
        latest: dict[str, Signoff] = {}
        rows = session.execute(
            select(MonthSignoff, User.name, User.display_name)
            .join(User, User.id == MonthSignoff.actor_id)
            .where(MonthSignoff.compound_id == c.id)
            .order_by(MonthSignoff.id)
        ).all()
        for r, user, name in rows:
            latest[r.month] = Signoff(
                Step(r.step), Decision(r.decision), user, name, r.at, r.comment, r.snapshot_hash
            )
        current = Month.of(local_today(ctx.clock))
        months = months_between(Month.of(c.opened_on), current)
        lines = tuple(
            MonthLine(
                month=m,
                state=state_of(session, c, m, closes.get(str(m))),
                latest=latest.get(str(m)),
                seal=notice_seals.get(str(m)),
            )
            for m in reversed(months)
        )
        return MonthBoard(compound=c.name, months=lines)


def _month_notice_seals(register: list[SealLine]) -> dict[str, SealLine]:
    """Per month, the granted line publishing would use, else the newest line."""
    out: dict[str, SealLine] = {}
    for line in register:  # register order: later lines are newer
        if line.kind is not SealKind.MONTH_NOTICE or line.month is None:
            continue
        known = out.get(line.month)
        if known is None or line.state in GRANTED or known.state not in GRANTED:
            out[line.month] = line
    return out
