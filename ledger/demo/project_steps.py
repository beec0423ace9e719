"""Walking one demo project through the services, one dated step at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ledger.demo.projects import CommitteeVote, DemoProject
from ledger.domain.tally import AssemblyTally
from ledger.services import project_notice, project_payments, project_votes, projects, seals
from ledger.services.context import Actor, Context
from ledger.services.project_views import project_view


@dataclass(frozen=True)
class Cast:
    """The people of one compound who act on its projects."""

    treasurer: Actor
    committee: Actor
    supervisor: Actor
    community: Actor


Post = Callable[[int, int], object]  # (draft id, bank change) → post it as the checker


@dataclass
class ProjectRun:
    spec: DemoProject
    project_id: int = 0
    paid_fen: int = 0
    events: list[tuple[dt.date, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        order = [
            "proposed",
            "verified",
            "reviewed",
            "quoted",
            "chosen",
            "voted",
            "gated",
            "published",
            "started",
        ]
        for name, day in self.spec.timeline.items():
            rank = order.index(name) if name in order else 90 + ["accepted", "closed"].index(name)
            self.events.append((day, rank, name))
        for i, pay in enumerate(self.spec.payments):
            self.events.append((pay.day, 50 + i, f"pay:{i}"))
        if self.spec.objection is not None:
            self.events.append((self.spec.objection.day, 60, "object"))
            if self.spec.objection.resolved is not None:
                self.events.append((self.spec.objection.resolved, 61, "resolve"))
        self.events.sort()


def _seal(
    ctx: Context,
    cast: Cast,
    compound: str,
    kind: str,
    document: str,
    *,
    project_id: int | None = None,
    draft_id: int | None = None,
) -> None:
    sid = seals.request_seal(
        ctx,
        cast.committee,
        compound=compound,
        document_kind=kind,
        document=document,
        purpose="加盖业委会公章",
        project_id=project_id,
        draft_id=draft_id,
    )
    seals.approve_seal(ctx, cast.community, sid, approve=True, opinion="同意用印")
    seals.use_seal(ctx, cast.community, sid)


def run_step(
    ctx: Context, cast: Cast, run: ProjectRun, name: str, day: dt.date, post: Post
) -> None:
    p, pid, c = run.spec, run.project_id, run.spec.compound
    if name == "proposed":
        run.project_id = projects.propose(
            ctx,
            cast.committee,
            compound=c,
            title=p.title,
            need=p.need,
            proposer=p.proposer,
            proposer_kind=p.proposer_kind,
            estimate_fen=p.estimate_fen,
            households=p.households,
            on_date=day,
        )
    elif name == "verified":
        projects.verify_need(
            ctx,
            cast.committee,
            pid,
            method=p.verify_method,
            evidence=p.evidence or "需求属实",
            on_date=day,
        )
    elif name == "reviewed":
        projects.legal_review(
            ctx,
            cast.committee,
            pid,
            reviewer="迎宾街道司法所",
            opinion="属业主共有部分的维修改造，使用公共收益符合民法典及管理规约",
            passed=True,
            on_date=day,
        )
    elif name == "quoted":
        for i, (vendor, amount) in enumerate(p.quotes, 1):
            projects.add_quote(
                ctx,
                cast.treasurer,
                pid,
                vendor=vendor,
                amount_fen=amount,
                document=f"报价单 {day:%Y%m%d}-{i}",
                on_date=day,
            )
    elif name == "chosen":
        chosen = sorted(int(q["id"]) for q in project_view(ctx, pid).quotes)[p.chosen]
        projects.choose_quote(ctx, cast.committee, pid, chosen, reason=p.reason, on_date=day)
    elif name == "voted":
        if isinstance(p.vote, CommitteeVote):
            v = p.vote
            project_votes.committee_vote(
                ctx,
                cast.committee,
                pid,
                members=v.members,
                present=v.present,
                votes_for=v.votes_for,
                against=v.against,
                abstain=v.abstain,
                held_on=day,
            )
        else:
            assert isinstance(p.vote, AssemblyTally)
            project_votes.assembly_vote(ctx, cast.committee, pid, tally=p.vote, held_on=day)
    elif name == "gated":
        projects.gate(
            ctx,
            cast.community,
            pid,
            approve=True,
            opinion="经党委会研究，程序完备，同意实施",
            on_date=day,
        )
    elif name == "published":
        _seal(ctx, cast, c, "project_notice", f"{p.title}立项公示", project_id=pid)
        project_notice.publish(ctx, cast.committee, pid, start=day)
    elif name == "object":
        assert p.objection is not None
        project_notice.file_objection(
            ctx,
            cast.supervisor,
            pid,
            resident=p.objection.resident,
            content=p.objection.content,
            filed_on=day,
        )
    elif name == "started":
        project_notice.start_work(ctx, cast.committee, pid, on_date=day)
    elif name.startswith("pay:"):
        _pay(ctx, cast, run, int(name[4:]), day, post)
    elif name == "accepted":
        projects.accept(
            ctx,
            cast.committee,
            pid,
            result="工程质量合格，资料齐全",
            accepted_by="业委会、监督小组、居民代表",
            on_date=day,
        )
    elif name == "closed":
        projects.close(ctx, cast.committee, pid, on_date=day)


def _pay(ctx: Context, cast: Cast, run: ProjectRun, index: int, day: dt.date, post: Post) -> None:
    p = run.spec
    budget = p.quotes[p.chosen][1]
    last = index == len(p.payments) - 1
    amount = budget - run.paid_fen if last else budget * p.payments[index].percent // 100
    vendor = p.quotes[p.chosen][0]
    draft = project_payments.pay(
        ctx,
        cast.treasurer,
        project_id=run.project_id,
        amount_fen=amount,
        payee=vendor,
        date=day,
        memo=f"{p.title}{p.payments[index].label}（{vendor}）",
    )
    rules = ctx.rules.for_compound(p.compound)
    if rules.is_major_payment(amount):
        project_payments.gate_payment(
            ctx, cast.community, draft, opinion="付款进度与合同一致，同意支付"
        )
        _seal(
            ctx,
            cast,
            p.compound,
            "payment",
            f"{p.title}{p.payments[index].label}付款审批单",
            draft_id=draft,
        )
    post(draft, -amount)
    run.paid_fen += amount
