"""Recording a project's vote: the body the tier names, the tally checked against the rules'
thresholds, and the result with its exact margins. A failed vote rejects the project."""

from __future__ import annotations

import datetime as dt
import json

from ledger.domain.errors import WrongState
from ledger.domain.money import format_fen
from ledger.domain.project import ProjectAction, ProjectState
from ledger.domain.roles import Action
from ledger.domain.tally import (
    AssemblyTally,
    CommitteeTally,
    VoteOutcome,
    judge_assembly,
    judge_committee,
)
from ledger.domain.vote_rules import VoteBody
from ledger.services.context import Actor, Context
from ledger.services.project_flow import Step, step
from ledger.store.schema_controls import ProjectVote

A, S = ProjectAction, ProjectState


def _ready(st: Step, body: VoteBody) -> None:
    p = st.project
    if p.chosen_quote_id is None or p.budget_fen is None:
        raise WrongState("还没有选定供应商和预算：请先比价并选定，再表决")
    tier = next(t for t in st.rules.project_tiers if t.key == p.tier)
    if tier.vote_body is not body:
        raise WrongState(
            f"{tier.name}项目（预算 {format_fen(p.budget_fen)}）应由{tier.vote_body.label}表决，"
            f"不是{body.label}"
        )


def _record(st: Step, vote: ProjectVote, outcome: VoteOutcome, on_date: dt.date) -> bool:
    vote.passed = outcome.passed
    vote.result = json.dumps(
        {"summary": outcome.summary(), "checks": [c.as_json() for c in outcome.checks]},
        ensure_ascii=False,
    )
    st.session.add(vote)
    st.session.flush()
    st.record(
        A.VOTE,
        S.VOTED if outcome.passed else S.REJECTED,
        on_date=on_date,
        evidence=outcome.summary(),
        details={"vote": vote.id, "passed": outcome.passed},
    )
    return outcome.passed


def committee_vote(
    ctx: Context,
    actor: Actor,
    project_id: int,
    *,
    members: int,
    present: int,
    votes_for: int,
    against: int,
    abstain: int,
    held_on: dt.date | None = None,
) -> bool:
    """Record a committee meeting's tally; returns whether it passed."""
    tally = CommitteeTally(members, present, votes_for, against, abstain)
    with step(ctx, actor, project_id, A.VOTE, Action.RECORD_VOTE) as st:
        _ready(st, VoteBody.COMMITTEE)
        day = st.day(held_on)
        outcome = judge_committee(st.rules.committee_vote, tally)
        vote = ProjectVote(
            project_id=project_id,
            compound_id=st.compound.id,
            body="committee",
            held_on=day,
            special=False,
            members=members,
            present=present,
            votes_for=votes_for,
            votes_against=against,
            abstain=abstain,
            recorded_by=actor.id,
            recorded_at=ctx.clock(),
        )
        return _record(st, vote, outcome, day)


def assembly_vote(
    ctx: Context,
    actor: Actor,
    project_id: int,
    *,
    tally: AssemblyTally,
    held_on: dt.date | None = None,
) -> bool:
    """Record an owners' assembly's tally (民法典 §278); returns whether it passed."""
    with step(ctx, actor, project_id, A.VOTE, Action.RECORD_VOTE) as st:
        _ready(st, VoteBody.ASSEMBLY)
        day = st.day(held_on)
        special = st.project.special_matter
        outcome = judge_assembly(st.rules.assembly_vote, tally, special=special)
        vote = ProjectVote(
            project_id=project_id,
            compound_id=st.compound.id,
            body="assembly",
            held_on=day,
            special=special,
            votes_for=tally.owners_for,
            votes_against=tally.owners_against,
            abstain=tally.owners_abstain,
            owners_total=tally.owners_total,
            owners_voted=tally.owners_voted,
            area_total=tally.area_total,
            area_voted=tally.area_voted,
            area_for=tally.area_for,
            recorded_by=actor.id,
            recorded_at=ctx.clock(),
        )
        return _record(st, vote, outcome, day)
