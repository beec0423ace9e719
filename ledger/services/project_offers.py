"""Which steps of a project a user may take now: the project's state (the state machine's
`FROM_STATES`), the user's roles in its compound (the permission matrix) and the few
preconditions the step services check first (a chosen quote before the vote, the tier's
community gate before the notice, objections only in their days, the notice over before
work starts, an open objection to resolve). A screen offers only these; the services still
check everything again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ledger.domain.clock import local_today
from ledger.domain.project import FROM_STATES, ProjectAction, ProjectState
from ledger.domain.roles import Action, roles_for
from ledger.domain.vote_rules import VoteBody
from ledger.services.context import Actor, Context
from ledger.store import org
from ledger.store import projects as repo
from ledger.store.schema import Compound

A, S = ProjectAction, ProjectState

PERMISSION: dict[ProjectAction, Action] = {
    A.PROPOSE: Action.PROPOSE_PROJECT,
    A.VERIFY: Action.VERIFY_PROJECT,
    A.REVIEW: Action.REVIEW_PROJECT,
    A.QUOTE: Action.QUOTE_PROJECT,
    A.CHOOSE: Action.CHOOSE_QUOTE,
    A.VOTE: Action.RECORD_VOTE,
    A.APPROVE: Action.GATE_PROJECT,
    A.PUBLISH: Action.PUBLISH_PROJECT,
    A.OBJECT: Action.FILE_OBJECTION,
    A.RESOLVE: Action.RESOLVE_OBJECTION,
    A.START: Action.START_PROJECT,
    A.ACCEPT: Action.ACCEPT_PROJECT,
    A.CLOSE: Action.CLOSE_PROJECT,
    A.REJECT: Action.REJECT_PROJECT,
    A.WITHDRAW: Action.WITHDRAW_PROJECT,
}


@dataclass(frozen=True)
class ProjectOffer:
    project_id: int
    actions: tuple[ProjectAction, ...]  # in the order of the process
    vote_body: VoteBody  # who votes on this project's tier
    special: bool  # Civil Code §278 items 6–8: the stricter assembly threshold applies
    open_objections: tuple[int, ...]
    may_pay: bool  # the user drafts payments and the project has a budget (the rules decide)


def may_propose(ctx: Context, actor: Actor, compound: str) -> bool:
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        return org.has_role_in_compound(session, actor.id, roles_for(Action.PROPOSE_PROJECT), c)


def project_offer(ctx: Context, actor: Actor, project_id: int) -> ProjectOffer:
    with ctx.db.read() as session:
        p = repo.get(session, project_id)
        c = session.get_one(Compound, p.compound_id)
        rules = ctx.rules.for_compound(c.name)
        tier = next(t for t in rules.project_tiers if t.key == p.tier)
        state = ProjectState(p.state)
        objections = tuple(o.id for o in repo.objections(session, p.id) if o.state == "open")
        quotes = repo.quotes(session, p.id)
        today = local_today(ctx.clock)

        def allowed(action: ProjectAction) -> bool:
            return org.has_role_in_compound(session, actor.id, roles_for(PERMISSION[action]), c)

        ready = {
            A.CHOOSE: bool(quotes),
            A.VOTE: p.chosen_quote_id is not None,
            A.APPROVE: tier.community_approval,
            A.PUBLISH: state is S.COMMUNITY_APPROVED or not tier.community_approval,
            A.OBJECT: p.notice_start is not None
            and today < p.notice_start + dt.timedelta(days=rules.objection_days),
            A.RESOLVE: bool(objections),
            A.START: p.notice_end is not None and today > p.notice_end and not objections,
        }
        actions = tuple(
            a
            for a in ProjectAction
            if a is not A.PROPOSE and state in FROM_STATES[a] and ready.get(a, True) and allowed(a)
        )
        return ProjectOffer(
            p.id,
            actions,
            tier.vote_body,
            p.special_matter,
            objections,
            state.is_open
            and p.budget_fen is not None
            and org.has_role_in_compound(session, actor.id, roles_for(Action.DRAFT_PAYMENT), c),
        )
