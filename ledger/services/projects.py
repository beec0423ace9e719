"""Project steps from the residents' request to the closed project (DESIGN.md §2):
propose, verify, legal review, quotes and the choice of vendor, community gate, acceptance,
closing, rejection and withdrawal. Votes are in `project_votes`, the notice and objections in
`project_notice`, payments in `project_payments`."""

from __future__ import annotations

import datetime as dt

from ledger.domain.entry import check_text
from ledger.domain.errors import InvalidInput, NotFound, WrongState
from ledger.domain.money import format_fen
from ledger.domain.project import PROPOSER_KINDS, VERIFY_METHODS, ProjectAction, ProjectState
from ledger.domain.roles import Action
from ledger.services.access import require
from ledger.services.context import Actor, Context
from ledger.services.project_flow import Step, step
from ledger.store import audit, org
from ledger.store import projects as repo
from ledger.store.schema_controls import Project, ProjectQuote, ProjectStep

A, S = ProjectAction, ProjectState


def propose(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    title: str,
    need: str,
    proposer: str,
    proposer_kind: str,
    estimate_fen: int,
    households: int = 0,
    special: bool = False,
    on_date: dt.date | None = None,
) -> int:
    """Record a need residents raised (群众点题); returns the project id."""
    if proposer_kind not in PROPOSER_KINDS:
        raise InvalidInput(f"提议人身份「{proposer_kind}」不对，可选：{'、'.join(PROPOSER_KINDS)}")
    if estimate_fen <= 0:
        raise InvalidInput(f"预算估算必须大于零，现在是 {format_fen(estimate_fen)}")
    if households < 0:
        raise InvalidInput("受益户数不能为负")
    with ctx.db.write() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.PROPOSE_PROJECT, c)
        rules = ctx.rules.for_compound(c.name)
        now = ctx.clock()
        p = Project(
            compound_id=c.id,
            title=check_text(title, field="项目名称", limit=200),
            need=check_text(need, field="需求说明", limit=2000),
            proposer=check_text(proposer, field="提议人", limit=100),
            proposer_kind=proposer_kind,
            households=households,
            estimate_fen=estimate_fen,
            tier=rules.tier_for(estimate_fen).key,
            special_matter=special,
            state=S.PROPOSED.value,
            created_by=actor.id,
            created_at=now,
            updated_at=now,
        )
        session.add(p)
        session.flush()
        st = Step(ctx, session, p, c, rules, actor)
        day = st.day(on_date)
        session.add(
            ProjectStep(
                project_id=p.id,
                seq=1,
                compound_id=c.id,
                action=A.PROPOSE.value,
                from_state="",
                to_state=S.PROPOSED.value,
                actor_id=actor.id,
                at=now,
                on_date=day,
                evidence=p.need,
                details="{}",
            )
        )
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=now,
            actor_id=actor.id,
            compound_id=c.id,
            action="project_propose",
            target=f"project:{p.id}",
            details={"title": p.title, "estimate_fen": estimate_fen, "tier": p.tier},
        )
        return p.id


def verify_need(
    ctx: Context,
    actor: Actor,
    project_id: int,
    *,
    method: str,
    evidence: str,
    on_date: dt.date | None = None,
) -> None:
    if method not in VERIFY_METHODS:
        raise InvalidInput(f"验证方式「{method}」不对，可选：{'、'.join(VERIFY_METHODS)}")
    with step(ctx, actor, project_id, A.VERIFY, Action.VERIFY_PROJECT) as st:
        st.record(
            A.VERIFY,
            S.VERIFIED,
            on_date=st.day(on_date),
            evidence=check_text(evidence, field="验证情况", limit=2000),
            details={"method": method},
        )


def legal_review(
    ctx: Context,
    actor: Actor,
    project_id: int,
    *,
    reviewer: str,
    opinion: str,
    passed: bool,
    on_date: dt.date | None = None,
) -> None:
    """Record the legal opinion (司法所、律师…); a negative opinion rejects the project."""
    with step(ctx, actor, project_id, A.REVIEW, Action.REVIEW_PROJECT) as st:
        st.record(
            A.REVIEW,
            S.LEGAL_REVIEWED if passed else S.REJECTED,
            on_date=st.day(on_date),
            evidence=check_text(opinion, field="审查意见", limit=2000),
            details={
                "reviewer": check_text(reviewer, field="审查机构", limit=100),
                "passed": passed,
            },
        )


def add_quote(
    ctx: Context,
    actor: Actor,
    project_id: int,
    *,
    vendor: str,
    amount_fen: int,
    document: str,
    on_date: dt.date | None = None,
) -> int:
    if amount_fen <= 0:
        raise InvalidInput(f"报价必须大于零，现在是 {format_fen(amount_fen)}")
    with step(ctx, actor, project_id, A.QUOTE, Action.QUOTE_PROJECT) as st:
        q = ProjectQuote(
            project_id=st.project.id,
            compound_id=st.compound.id,
            vendor=check_text(vendor, field="供应商", limit=200),
            amount_fen=amount_fen,
            document=check_text(document, field="报价文件", limit=200),
            added_by=actor.id,
            added_at=st.ctx.clock(),
        )
        st.session.add(q)
        st.session.flush()
        st.record(
            A.QUOTE,
            S.QUOTED,
            on_date=st.day(on_date),
            evidence=q.document,
            details={"quote": q.id, "vendor": q.vendor, "amount_fen": amount_fen},
        )
        return q.id


def choose_quote(
    ctx: Context,
    actor: Actor,
    project_id: int,
    quote_id: int,
    *,
    reason: str | None = None,
    on_date: dt.date | None = None,
) -> None:
    """Choose the vendor; the tier follows the chosen amount; not the cheapest needs a reason."""
    with step(ctx, actor, project_id, A.CHOOSE, Action.CHOOSE_QUOTE) as st:
        quotes = repo.quotes(st.session, st.project.id)
        chosen = next((q for q in quotes if q.id == quote_id), None)
        if chosen is None:
            raise NotFound(f"项目 #{project_id} 没有编号为 {quote_id} 的报价")
        tier = st.rules.tier_for(max(chosen.amount_fen, st.project.estimate_fen))
        if len(quotes) < tier.quotes:
            raise WrongState(
                f"{tier.name}项目至少需要 {tier.quotes} 家报价，现在只有 {len(quotes)} 家"
            )
        cheapest = min(q.amount_fen for q in quotes)
        text = (reason or "").strip()
        if chosen.amount_fen > cheapest and not text:
            raise InvalidInput(
                f"选定的报价 {format_fen(chosen.amount_fen)} 不是最低价"
                f"（最低 {format_fen(cheapest)}）：必须写明理由"
            )
        p = st.project
        p.chosen_quote_id, p.budget_fen, p.tier = chosen.id, chosen.amount_fen, tier.key
        p.choice_reason = check_text(text, field="选择理由", required=False, limit=1000) or None
        st.record(
            A.CHOOSE,
            S.QUOTED,
            on_date=st.day(on_date),
            evidence=p.choice_reason or "最低价",
            details={
                "quote": chosen.id,
                "vendor": chosen.vendor,
                "amount_fen": chosen.amount_fen,
                "tier": tier.key,
            },
        )


def gate(
    ctx: Context,
    actor: Actor,
    project_id: int,
    *,
    approve: bool,
    opinion: str,
    on_date: dt.date | None = None,
) -> None:
    """The community's gate on a major project (重大事项统一把关)."""
    with step(ctx, actor, project_id, A.APPROVE, Action.GATE_PROJECT) as st:
        tier = next(t for t in st.rules.project_tiers if t.key == st.project.tier)
        if not tier.community_approval:
            raise WrongState(f"{tier.name}项目不需要社区把关，可直接公示")
        st.record(
            A.APPROVE,
            S.COMMUNITY_APPROVED if approve else S.REJECTED,
            on_date=st.day(on_date),
            evidence=check_text(opinion, field="把关意见", limit=2000),
            details={"approved": approve},
        )


def accept(
    ctx: Context,
    actor: Actor,
    project_id: int,
    *,
    result: str,
    accepted_by: str,
    on_date: dt.date | None = None,
) -> None:
    with step(ctx, actor, project_id, A.ACCEPT, Action.ACCEPT_PROJECT) as st:
        st.record(
            A.ACCEPT,
            S.ACCEPTED,
            on_date=st.day(on_date),
            evidence=check_text(result, field="验收结论", limit=2000),
            details={
                "accepted_by": check_text(accepted_by, field="验收人", limit=200),
                "paid_fen": repo.paid_fen(st.session, st.compound.id, project_id),
            },
        )


def close(ctx: Context, actor: Actor, project_id: int, *, on_date: dt.date | None = None) -> int:
    """Close the project: the final cost is what was paid; the rest of the budget is released."""
    with step(ctx, actor, project_id, A.CLOSE, Action.CLOSE_PROJECT) as st:
        paid = repo.paid_fen(st.session, st.compound.id, project_id)
        released = (st.project.budget_fen or 0) - paid
        st.project.final_cost_fen = paid
        st.record(
            A.CLOSE,
            S.CLOSED,
            on_date=st.day(on_date),
            evidence=f"决算 {format_fen(paid)}，释放预算 {format_fen(released)}",
            details={"final_cost_fen": paid, "released_fen": released},
        )
        return paid


def reject(ctx: Context, actor: Actor, project_id: int, *, reason: str) -> None:
    with step(ctx, actor, project_id, A.REJECT, Action.REJECT_PROJECT) as st:
        _end(st, A.REJECT, S.REJECTED, reason)


def withdraw(ctx: Context, actor: Actor, project_id: int, *, reason: str) -> None:
    with step(ctx, actor, project_id, A.WITHDRAW, Action.WITHDRAW_PROJECT) as st:
        _end(st, A.WITHDRAW, S.WITHDRAWN, reason)


def _end(st: Step, action: ProjectAction, to: ProjectState, reason: str) -> None:
    if repo.paid_fen(st.session, st.compound.id, st.project.id) > 0:
        raise WrongState("项目已有付款，不能否决或撤回：请先验收结项，或冲销付款")
    st.record(
        action, to, on_date=st.day(None), evidence=check_text(reason, field="理由", limit=2000)
    )
