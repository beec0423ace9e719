"""Set-ups for the permission cases: targets prepared by the street's own people so that the
only thing left to decide is whether the next actor may act (a draft someone else made, a
project in the right state, a month whose earlier sign-offs were made by other people); the
`Case` type and the decorator that registers a case."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from ledger.domain.entry import Line
from ledger.domain.period import Month
from ledger.domain.roles import Action, Role
from ledger.domain.tally import AssemblyTally
from ledger.services import (
    complaints,
    entries,
    month_close,
    organisation,
    project_notice,
    project_votes,
    projects,
    seals,
)
from ledger.services.context import Actor
from tests.conftest import COMPOUND, PASSWORD, Street
from tests.helpers import BANK, PARKING, reconcile_month

TODAY = dt.date(2024, 6, 30)  # where make_street leaves the clock
NOTICE_OVER = dt.date(2024, 6, 1)  # a notice from this day has ended by TODAY
JAN = Month(2024, 1)
SMALL_FEN, LARGE_FEN, MAJOR_PAYMENT_FEN = 400_000, 6_000_000, 5_000_000
ASSEMBLY_PASSES = AssemblyTally(100, 1_000_000, 80, 800_000, 70, 700_000, 5, 5)

PROJECT_STEPS: tuple[str, ...] = ("verified", "reviewed", "quoted", "chosen", "voted")
PROJECT_STEPS += ("gated", "published", "started", "accepted")
MONTH_STEPS = ("prepared", "reviewed", "committee", "community", "sealed")

_serial = itertools.count(1)

Run = Callable[[Actor], object]
Prepare = Callable[[Street], Run]


@dataclass(frozen=True)
class Case:
    """A service that needs `action`; `prepare` sets up a fresh target and returns the call."""

    action: Action
    name: str
    prepare: Prepare

    def __str__(self) -> str:
        return f"{self.action.value}-{self.name}"


def registry(cases: list[Case]) -> Callable[[Action], Callable[[Prepare], Prepare]]:
    """A decorator `@case(action)` that adds the set-up it decorates to `cases`."""

    def case(action: Action) -> Callable[[Prepare], Prepare]:
        def register(prepare: Prepare) -> Prepare:
            cases.append(Case(action, prepare.__name__, prepare))
            return prepare

        return register

    return case


# How the people holding only one role are granted it: at the scope that role works at.
ROLE_SCOPES: dict[Role, dict[str, str]] = {
    Role.TREASURER: {"compound": COMPOUND},
    Role.COMMITTEE: {"compound": COMPOUND},
    Role.SUPERVISOR: {"compound": COMPOUND},
    Role.COMMUNITY: {"community": "测试社区"},
    Role.STREET: {"street": "测试街道"},
    Role.AUDITOR: {"street": "测试街道"},
}


def fresh(prefix: str) -> str:
    """A name not used before in this process."""
    return f"{prefix}{next(_serial)}"


def role_users(s: Street) -> dict[Role, Actor]:
    """One new user per role, holding that role and nothing else."""
    out = {}
    for role, scope in ROLE_SCOPES.items():
        name = f"only_{role.value}"
        display = f"仅{role.label}"
        uid = organisation.create_user(
            s.ctx, s.admin, name=name, display_name=display, password=PASSWORD
        )
        organisation.grant_role(s.ctx, s.admin, user=name, role=role, **scope)
        out[role] = Actor(uid, name, display)
    return out


def project(
    s: Street, upto: str, *, large: bool = False, notice_from: dt.date = NOTICE_OVER
) -> int:
    """A project taken by the committee (and the community's gate) up to `upto`, a step of
    PROJECT_STEPS or "proposed"; a large one goes through the assembly and the gate."""
    ctx, c = s.ctx, s.checker

    def day(n: int) -> dt.date:
        """Steps before the notice, a day apart, ending the week before it starts."""
        return notice_from - dt.timedelta(days=14 - n)

    done = PROJECT_STEPS[: PROJECT_STEPS.index(upto) + 1] if upto in PROJECT_STEPS else ()
    fen = LARGE_FEN if large else SMALL_FEN
    pid = projects.propose(
        ctx,
        c,
        compound=s.compound,
        title=fresh("测试项目"),
        need="住户反映",
        proposer="王大爷",
        proposer_kind="resident",
        estimate_fen=fen,
        on_date=day(0),
    )
    if "verified" in done:
        projects.verify_need(ctx, c, pid, method="phone", evidence="电话询问", on_date=day(1))
    if "reviewed" in done:
        projects.legal_review(
            ctx, c, pid, reviewer="司法所", opinion="合法", passed=True, on_date=day(2)
        )
    quotes = []
    if "quoted" in done:
        for i in range(3 if large else 1):
            quotes.append(
                projects.add_quote(
                    ctx,
                    s.treasurer,
                    pid,
                    vendor=f"厂家{i}",
                    amount_fen=fen + i,
                    document="报价单",
                    on_date=day(3),
                )
            )
    if "chosen" in done:
        projects.choose_quote(ctx, c, pid, quotes[0], on_date=day(4))
    if "voted" in done and large:
        project_votes.assembly_vote(ctx, c, pid, tally=ASSEMBLY_PASSES, held_on=day(5))
    elif "voted" in done:
        project_votes.committee_vote(
            ctx, c, pid, members=5, present=4, votes_for=3, against=1, abstain=0, held_on=day(5)
        )
    if "gated" in done and large:
        projects.gate(ctx, s.community, pid, approve=True, opinion="同意", on_date=day(6))
    if "published" in done:
        granted_seal(s, "project_notice", project_id=pid)
        project_notice.publish(ctx, c, pid, start=notice_from)
    if "started" in done:
        project_notice.start_work(ctx, c, pid)
    if "accepted" in done:
        projects.accept(ctx, c, pid, result="合格", accepted_by="业委会")
    return pid


def seal_request(s: Street, kind: str = "contract", **link: object) -> int:
    """A seal line the committee requested (a contract unless told otherwise)."""
    if kind == "contract" and not link:
        link = {"contract_ref": fresh("HT-")}
    return seals.request_seal(
        s.ctx,
        s.checker,
        compound=s.compound,
        document_kind=kind,
        document=f"{kind} 文件",
        purpose="盖章",
        **link,  # type: ignore[arg-type]
    )


def granted_seal(s: Street, kind: str = "contract", **link: object) -> int:
    """A seal line requested by the committee and approved by the community's custodian."""
    sid = seal_request(s, kind, **link)
    seals.approve_seal(s.ctx, s.community, sid, approve=True, opinion="同意用印")
    return sid


def draft(s: Street) -> int:
    """An open draft the treasurer made."""
    lines = [Line(BANK, 10_000), Line(PARKING, -10_000)]
    return entries.draft_entry(
        s.ctx, s.treasurer, compound=s.compound, date=TODAY, memo="停车费", lines=lines
    )


def complaint(s: Street) -> int:
    """A complaint the supervisory group recorded, not yet answered."""
    return complaints.record_complaint(
        s.ctx,
        s.supervisor,
        compound=s.compound,
        channel="hotline",
        received_on=TODAY,
        resident="匿名",
        content="停车费去向",
    )


def month(s: Street, upto: str) -> None:
    """January taken through its close by the street's people up to `upto` (MONTH_STEPS)."""
    ctx, c = s.ctx, s.compound
    done = MONTH_STEPS[: MONTH_STEPS.index(upto) + 1]
    if "prepared" in done:
        reconcile_month(s, JAN)
        month_close.prepare_month(ctx, s.treasurer, compound=c, month=JAN)
    if "reviewed" in done:
        month_close.review_month(
            ctx, s.supervisor, compound=c, month=JAN, approve=True, comment="无误"
        )
    if "committee" in done:
        month_close.sign_month(ctx, s.checker, compound=c, month=JAN, as_role=Role.COMMITTEE)
    if "community" in done:
        month_close.sign_month(ctx, s.community, compound=c, month=JAN, as_role=Role.COMMUNITY)
    if "sealed" in done:
        granted_seal(s, "month_notice", month=str(JAN))
