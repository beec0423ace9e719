"""The machinery every project step shares: load and lock the project, check the actor's role
and the project's state, record the step (who, when, on what evidence) and its audit line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ledger.domain.clock import local_today
from ledger.domain.errors import InvalidDate
from ledger.domain.project import ProjectAction, ProjectState, check_action
from ledger.domain.roles import Action
from ledger.domain.rules import Rules
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.store import audit
from ledger.store import projects as repo
from ledger.store.database import lock_compound
from ledger.store.schema import Compound
from ledger.store.schema_controls import Project, ProjectStep


@dataclass
class Step:
    """An open project step: the session, the project, its compound, rules and the actor."""

    ctx: Context
    session: Session
    project: Project
    compound: Compound
    rules: Rules
    actor: Actor

    @property
    def state(self) -> ProjectState:
        return ProjectState(self.project.state)

    def day(self, on_date: dt.date | None) -> dt.date:
        today = local_today(self.ctx.clock)
        day = on_date or today
        if day > today:
            raise InvalidDate(f"日期 {day} 晚于今天（{today}）")
        if day < self.compound.opened_on:
            raise InvalidDate(f"日期 {day} 早于{self.compound.name}专户开立日期")
        last = repo.last_step_date(self.session, self.project.id)
        if last is not None and day < last:
            raise InvalidDate(f"日期 {day} 早于本项目上一步的日期 {last}：各步骤要按时间先后登记")
        return day

    def record(
        self,
        action: ProjectAction,
        to_state: ProjectState,
        *,
        on_date: dt.date,
        evidence: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        p, now = self.project, self.ctx.clock()
        from_state = p.state
        self.session.add(
            ProjectStep(
                project_id=p.id,
                seq=repo.next_step_seq(self.session, p.id),
                compound_id=p.compound_id,
                action=action.value,
                from_state=from_state,
                to_state=to_state.value,
                actor_id=self.actor.id,
                at=now,
                on_date=on_date,
                evidence=evidence,
                details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str),
            )
        )
        p.state, p.updated_at = to_state.value, now
        self.session.flush()
        audit.append(
            self.session,
            scope=audit.compound_scope(p.compound_id),
            at=now,
            actor_id=self.actor.id,
            compound_id=p.compound_id,
            action=f"project_{action.value}",
            target=f"project:{p.id}",
            details={
                "from": from_state,
                "to": to_state.value,
                "on": on_date,
                "evidence": evidence,
                **(details or {}),
            },
        )


@contextmanager
def step(
    ctx: Context, actor: Actor, project_id: int, action: ProjectAction, permission: Action
) -> Iterator[Step]:
    """One project step as one unit of work, refused before anything is written."""
    with ctx.db.write() as session:
        p = repo.get(session, project_id)
        c = session.get_one(Compound, p.compound_id)
        require(session, actor, permission, c)
        lock_compound(session, c.id)
        p = repo.get(session, project_id, for_update=True)
        check_action(ProjectState(p.state), action, project=f" #{p.id}「{p.title}」")
        yield Step(ctx, session, p, c, ctx.rules.for_compound(c.name), actor)
