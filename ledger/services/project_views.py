"""Project read models: the register (one line a project) and one project in full, with its
history, quotes, votes, objections and money. Plain data for the CLI, reports and the TUI."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select

from ledger.domain.clock import format_local
from ledger.domain.money import format_plain
from ledger.domain.project import ProjectAction, ProjectState
from ledger.services.context import Context
from ledger.store import org
from ledger.store import projects as repo
from ledger.store.schema import Compound, User
from ledger.store.schema_controls import Project


@dataclass(frozen=True)
class ProjectLine:
    id: int
    compound: str
    title: str
    state: str
    state_label: str
    tier: str
    tier_label: str
    estimate_fen: int
    budget_fen: int | None
    paid_fen: int
    notice_start: dt.date | None
    notice_end: dt.date | None

    @property
    def remaining_fen(self) -> int:
        return (self.budget_fen or 0) - self.paid_fen

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "compound": self.compound,
            "title": self.title,
            "state": self.state,
            "state_label": self.state_label,
            "tier": self.tier,
            "tier_label": self.tier_label,
            "estimate": format_plain(self.estimate_fen),
            "budget": format_plain(self.budget_fen) if self.budget_fen is not None else None,
            "paid": format_plain(self.paid_fen),
            "remaining": format_plain(self.remaining_fen),
            "notice_start": self.notice_start.isoformat() if self.notice_start else None,
            "notice_end": self.notice_end.isoformat() if self.notice_end else None,
        }


@dataclass(frozen=True)
class StepLine:
    seq: int
    action: str
    action_label: str
    to_state: str
    by: str
    at: str
    on_date: dt.date
    evidence: str
    details: dict[str, Any]


@dataclass(frozen=True)
class ProjectView:
    line: ProjectLine
    need: str
    proposer: str
    proposer_kind: str
    households: int
    special_matter: bool
    choice_reason: str | None
    chosen_quote_id: int | None
    final_cost_fen: int | None
    steps: tuple[StepLine, ...]
    quotes: tuple[dict[str, Any], ...]
    votes: tuple[dict[str, Any], ...]
    objections: tuple[dict[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        out = self.line.as_json()
        out.update(
            {
                "need": self.need,
                "proposer": self.proposer,
                "proposer_kind": self.proposer_kind,
                "households": self.households,
                "special_matter": self.special_matter,
                "choice_reason": self.choice_reason,
                "chosen_quote": self.chosen_quote_id,
                "final_cost": format_plain(self.final_cost_fen)
                if self.final_cost_fen is not None
                else None,
                "steps": [{**asdict(s), "on_date": s.on_date.isoformat()} for s in self.steps],
                "quotes": list(self.quotes),
                "votes": list(self.votes),
                "objections": list(self.objections),
            }
        )
        return out


def _line(ctx: Context, session: Any, p: Project, compound: str) -> ProjectLine:
    rules = ctx.rules.for_compound(compound)
    tier = next((t for t in rules.project_tiers if t.key == p.tier), None)
    state = ProjectState(p.state)
    return ProjectLine(
        p.id,
        compound,
        p.title,
        p.state,
        state.label,
        p.tier,
        tier.name if tier else p.tier,
        p.estimate_fen,
        p.budget_fen,
        repo.paid_fen(session, p.compound_id, p.id),
        p.notice_start,
        p.notice_end,
    )


def project_list(ctx: Context, compound: str, *, state: str | None = None) -> list[ProjectLine]:
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        rows = repo.in_compound(session, c.id)
        return [_line(ctx, session, p, c.name) for p in rows if state is None or p.state == state]


def project_view(ctx: Context, project_id: int) -> ProjectView:
    with ctx.db.read() as session:
        p = repo.get(session, project_id)
        c = session.get_one(Compound, p.compound_id)
        names = dict(session.execute(select(User.id, User.display_name)).all())
        steps = tuple(
            StepLine(
                s.seq,
                s.action,
                ProjectAction(s.action).label,
                s.to_state,
                names[s.actor_id],
                format_local(s.at),
                s.on_date,
                s.evidence,
                json.loads(s.details),
            )
            for s in repo.steps(session, p.id)
        )
        quotes = tuple(
            {
                "id": q.id,
                "vendor": q.vendor,
                "amount": format_plain(q.amount_fen),
                "document": q.document,
                "chosen": q.id == p.chosen_quote_id,
            }
            for q in repo.quotes(session, p.id)
        )
        votes = tuple(
            {
                "id": v.id,
                "body": v.body,
                "held_on": v.held_on.isoformat(),
                "passed": v.passed,
                "special": v.special,
                "members": v.members,
                "present": v.present,
                "for": v.votes_for,
                "against": v.votes_against,
                "abstain": v.abstain,
                "owners_total": v.owners_total,
                "owners_voted": v.owners_voted,
                "area_total": v.area_total,
                "area_voted": v.area_voted,
                "area_for": v.area_for,
                "result": json.loads(v.result),
            }
            for v in repo.votes(session, p.id)
        )
        objections = tuple(
            {
                "id": o.id,
                "filed_on": o.filed_on.isoformat(),
                "resident": o.resident,
                "content": o.content,
                "state": o.state,
                "answer": o.answer,
            }
            for o in repo.objections(session, p.id)
        )
        return ProjectView(
            _line(ctx, session, p, c.name),
            p.need,
            p.proposer,
            p.proposer_kind,
            p.households,
            p.special_matter,
            p.choice_reason,
            p.chosen_quote_id,
            p.final_cost_fen,
            steps,
            quotes,
            votes,
            objections,
        )
