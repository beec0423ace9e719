"""Project read models: the register (one line a project) and one project in full, with its
history, quotes, votes, objections, money and the notice's seal-register number. The plain
dataclasses live in `ledger.domain.project_view` (reports print them); they are re-exported
here for the callers that know them by this module."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from ledger.domain.clock import format_local
from ledger.domain.money import format_plain
from ledger.domain.project import ProjectAction, ProjectState
from ledger.domain.project_view import ProjectLine, ProjectView, StepLine
from ledger.services.context import Context
from ledger.store import org, seals
from ledger.store import projects as repo
from ledger.store.schema import Compound, User
from ledger.store.schema_controls import Project, SealUse

__all__ = ["ProjectLine", "ProjectView", "StepLine", "project_list", "project_view"]


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
            _notice_seal_no(session, p, steps),
        )


def _notice_seal_no(session: Any, p: Project, steps: tuple[StepLine, ...]) -> int | None:
    """The register number of the seal on the project notice: the current notice's (from its
    publish step), or, before publishing, a newer granted project-notice seal line."""
    used = [int(s.details["seal"]) for s in steps if s.action == "publish" and "seal" in s.details]
    if p.notice_start is not None and used:
        row = session.get(SealUse, used[-1])
        return int(row.register_no) if row is not None else None
    row = seals.granted_seal(session, p.compound_id, kind="project_notice", project_id=p.id)
    if row is None or (used and row.id <= used[-1]):
        return None
    return int(row.register_no)
