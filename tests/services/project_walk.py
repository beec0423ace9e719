"""Test helper: walk a project through the residents' process up to its notice, the way the
services expect it (3 quotes; a large one through the owners' assembly and the gate)."""

from __future__ import annotations

import datetime as dt

from ledger.domain.tally import AssemblyTally
from ledger.services import project_notice, project_votes, projects, seals
from tests.conftest import Street

LARGE_FROM_FEN = 5_000_000  # rules.yaml: ¥50,000 and above is a large project
ASSEMBLY_PASSES = AssemblyTally(
    owners_total=100,
    area_total=1_000_000,
    owners_voted=80,
    area_voted=800_000,
    owners_for=80,
    area_for=800_000,
)


def seal_for(s: Street, kind: str, **link: object) -> None:
    """An approved seal line for a document (project notice, payment…)."""
    sid = seals.request_seal(
        s.ctx,
        s.checker,
        compound=s.compound,
        document_kind=kind,
        document=f"{kind} 文件",
        purpose="盖章",
        **link,
    )  # type: ignore[arg-type]
    seals.approve_seal(s.ctx, s.community, sid, approve=True, opinion="同意用印")


def published(s: Street, *, title: str, budget_fen: int) -> int:
    """A project in its notice period from today, chosen at `budget_fen`; returns its id."""
    pid = projects.propose(
        s.ctx,
        s.checker,
        compound=s.compound,
        title=title,
        need="住户反映",
        proposer="赵",
        proposer_kind="resident",
        estimate_fen=budget_fen,
    )
    projects.verify_need(s.ctx, s.checker, pid, method="phone", evidence="属实")
    projects.legal_review(s.ctx, s.checker, pid, reviewer="司法所", opinion="合法", passed=True)
    ids = [
        projects.add_quote(
            s.ctx, s.treasurer, pid, vendor=v, amount_fen=budget_fen + i, document="报价"
        )
        for i, v in enumerate("甲乙丙")
    ]
    projects.choose_quote(s.ctx, s.checker, pid, ids[0])
    if budget_fen >= LARGE_FROM_FEN:
        project_votes.assembly_vote(s.ctx, s.checker, pid, tally=ASSEMBLY_PASSES)
        projects.gate(s.ctx, s.community, pid, approve=True, opinion="同意")
    else:
        project_votes.committee_vote(
            s.ctx, s.checker, pid, members=5, present=5, votes_for=5, against=0, abstain=0
        )
    seal_for(s, "project_notice", project_id=pid)
    project_notice.publish(s.ctx, s.checker, pid)
    return pid


def started(s: Street, *, title: str, budget_fen: int, start: dt.date) -> int:
    """A published project whose work started on `start` (after its 7-day notice)."""
    pid = published(s, title=title, budget_fen=budget_fen)
    s.clock.set(start)
    project_notice.start_work(s.ctx, s.checker, pid)
    return pid
