"""A hypothesis state machine over the residents' process (SQLite): random project actions with
random arguments by random people — proposals in every tier, quotes and choices, committee and
assembly votes with valid and impossible tallies, the community gate, seals, the notice and its
objections, the clock, payments of random size, the major-payment gate and seal, approvals,
reversals, acceptance, closing, rejection and withdrawal — and income so there is money.

Every operation either succeeds or is refused with a LedgerError. After every step the books
still verify (DESIGN.md §3) and no project was paid outside its rules: never past its budget
plus tolerance, never unless it reached in_progress, only while it was in_progress, never out
of an empty bank, never a major payment without the community's approval and a payment seal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from ledger.domain.clock import local_today
from ledger.domain.entry import Line
from ledger.domain.errors import LedgerError
from ledger.domain.project import FROM_STATES, ProjectAction, ProjectState
from ledger.domain.rules import RuleBook, Rules
from ledger.domain.tally import AssemblyTally
from ledger.services import (
    entries,
    project_notice,
    project_payments,
    project_votes,
    projects,
    seals,
)
from ledger.services.context import Actor, Context
from ledger.services.verify import verify
from ledger.store import projects as project_store
from ledger.store.database import Database
from ledger.store.schema import Account, Entry, Posting
from ledger.store.schema_controls import PaymentApproval, Project, ProjectStep, SealUse
from tests.conftest import FixedClock, Street, make_street
from tests.helpers import BANK, PARKING

A, S = ProjectAction, ProjectState
FIRST_DAY = dt.date(2024, 2, 1)

PEOPLE = ("treasurer", "checker", "checker2", "community", "supervisor", "auditor", "admin")
# Who normally takes each action; a random person is tried now and then.
RIGHT = {
    "propose": "checker",
    A.VERIFY: "checker",
    A.REVIEW: "checker",
    A.QUOTE: "treasurer",
    A.CHOOSE: "checker",
    A.VOTE: "checker",
    A.APPROVE: "community",
    A.PUBLISH: "checker",
    A.OBJECT: "supervisor",
    A.RESOLVE: "community",
    A.START: "checker",
    A.ACCEPT: "checker2",
    A.CLOSE: "checker",
    A.REJECT: "community",
    A.WITHDRAW: "checker",
    "pay": "treasurer",
    "gate_payment": "community",
    "approve": "checker2",
}

who = st.one_of(st.none(), st.none(), st.none(), st.sampled_from(PEOPLE))  # None: the right one
aim = st.tuples(st.sampled_from([True, True, True, False]), st.integers(0, 1_000))
pick = st.integers(0, 1_000)
estimates = st.one_of(
    st.integers(1, 499_999),  # small
    st.integers(500_000, 4_999_999),  # medium
    st.integers(5_000_000, 30_000_000),  # large
    st.sampled_from([499_999, 500_000, 4_999_999, 5_000_000]),
)
GOOD_COMMITTEE = (5, 5, 5, 0, 0)


@st.composite
def possible_committee(draw: st.DrawFn) -> tuple[int, int, int, int, int]:
    """A tally that can happen: it passes or fails on the thresholds, never as impossible."""
    members = draw(st.integers(1, 9))
    present = draw(st.integers(0, members))
    yes = draw(st.integers(0, present))
    against = draw(st.integers(0, present - yes))
    return members, present, yes, against, present - yes - against


committee_tallies = st.one_of(
    st.just(GOOD_COMMITTEE),
    possible_committee(),
    st.tuples(*(st.integers(-1, 9) for _ in range(5))),  # mostly impossible
)
GOOD_ASSEMBLY = AssemblyTally(300, 3_000_000, 300, 3_000_000, 300, 3_000_000)
assembly_tallies = st.one_of(
    st.just(GOOD_ASSEMBLY),
    st.builds(
        AssemblyTally,
        owners_total=st.integers(0, 12),
        area_total=st.integers(0, 1_200),
        owners_voted=st.integers(0, 12),
        area_voted=st.integers(0, 1_200),
        owners_for=st.integers(0, 12),
        area_for=st.integers(0, 1_200),
        owners_against=st.integers(0, 3),
        owners_abstain=st.integers(0, 3),
    ),
)
amounts = st.one_of(
    st.integers(1, 8_000_000),
    st.sampled_from(["rest", "rest+1", "major", "major-1", "half"]),
)


@dataclass(frozen=True)
class Template:
    street: Street
    path: Path


class ProjectMachine(RuleBasedStateMachine):
    def __init__(self, template: Template, workdir: Path) -> None:
        super().__init__()
        self.path = workdir / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(template.path, self.path)
        clock = FixedClock(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
        clock.set(FIRST_DAY)
        ctx = Context(db=Database(str(self.path)), rules=template.street.ctx.rules, clock=clock)
        self.s = dataclasses.replace(template.street, ctx=ctx, clock=clock)
        self.book: Rules = ctx.rules.for_compound(self.s.compound)
        self.projects: list[int] = []
        self.quotes: dict[int, list[int]] = {}
        self.objections: list[int] = []
        self.drafts: list[int] = []
        self.vouchers: list[str] = []

    def teardown(self) -> None:
        self.s.ctx.db.dispose()
        for leftover in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
            leftover.unlink(missing_ok=True)

    # --- helpers ---------------------------------------------------------------------------

    def person(self, name: str | None, action: str) -> Actor:
        actor: Actor = getattr(self.s, name or RIGHT[action])
        return actor

    def today(self) -> dt.date:
        return local_today(self.s.clock)

    def states(self) -> dict[int, ProjectState]:
        with self.s.ctx.db.read() as session:
            rows = session.execute(select(Project.id, Project.state)).all()
        return {pid: ProjectState(state) for pid, state in rows}

    def project(self, pid: int) -> Project:
        with self.s.ctx.db.read() as session:
            p = session.get_one(Project, pid)
            session.expunge(p)
            return p

    def target(self, action: ProjectAction, aim: tuple[bool, int]) -> int | None:
        """Mostly a project the action may start from; sometimes, or when none may, any
        project at all (to be refused)."""
        fitting, n = aim
        states = self.states()
        pool = [p for p in self.projects if not fitting or states[p] in FROM_STATES[action]]
        pool = pool or self.projects
        return pool[n % len(pool)] if pool else None

    def attempt(self, name: str, call: Callable[[], Any]) -> tuple[bool, Any]:
        """Run one operation: it succeeds, or a LedgerError refuses it (anything else fails).
        Returns whether it succeeded, and what it returned."""
        try:
            result = call()
        except LedgerError as err:
            event(f"{name}: refused {type(err).__name__}")
            return False, None
        event(f"{name}: done")
        return True, result

    def step_on(
        self,
        action: ProjectAction,
        aim: tuple[bool, int],
        name: str | None,
        call: Callable[[Actor, int], object],
    ) -> None:
        pid = self.target(action, aim)
        if pid is None:
            event(f"{action.value}: no project")
            return
        before = self.states()[pid]
        done, _ = self.attempt(action.value, lambda: call(self.person(name, action), pid))
        after = self.states()[pid]
        if not done:
            assert after is before, (action, before, after)
        else:
            assert before in FROM_STATES[action], (action, before)

    # --- money and time --------------------------------------------------------------------

    @initialize(fen=st.integers(0, 40_000_000))
    def opening_income(self, fen: int) -> None:
        if fen:
            self.income(fen)

    @rule(fen=st.integers(1, 40_000_000))
    def income(self, fen: int) -> None:
        def call() -> str:
            draft = entries.draft_entry(
                self.s.ctx,
                self.s.treasurer,
                compound=self.s.compound,
                date=self.today(),
                memo="停车费",
                lines=[Line(BANK, fen), Line(PARKING, -fen)],
            )
            return entries.approve_entry(self.s.ctx, self.s.checker, draft)

        assert self.attempt("income", call)[0]

    @rule(days=st.integers(1, 8))
    def advance_clock(self, days: int) -> None:
        self.s.clock.set(self.today() + dt.timedelta(days=days))

    # --- the process -----------------------------------------------------------------------

    @rule(estimate=estimates, special=st.booleans(), name=who)
    def propose(self, estimate: int, special: bool, name: str | None) -> None:
        done, pid = self.attempt(
            "propose",
            lambda: projects.propose(
                self.s.ctx,
                self.person(name, "propose"),
                compound=self.s.compound,
                title="随机项目",
                need="居民提出",
                proposer="某居民",
                proposer_kind="resident",
                estimate_fen=estimate,
                special=special,
            ),
        )
        if done:
            self.projects.append(pid)
            self.quotes[pid] = []
            assert self.states()[pid] is S.PROPOSED

    @rule(aim=aim, name=who)
    def verify_need(self, aim: tuple[bool, int], name: str | None) -> None:
        self.step_on(
            A.VERIFY,
            aim,
            name,
            lambda by, pid: projects.verify_need(
                self.s.ctx, by, pid, method="phone", evidence="电话回访"
            ),
        )

    @rule(aim=aim, name=who, passed=st.sampled_from([True, True, True, False]))
    def legal_review(self, aim: tuple[bool, int], name: str | None, passed: bool) -> None:
        self.step_on(
            A.REVIEW,
            aim,
            name,
            lambda by, pid: projects.legal_review(
                self.s.ctx, by, pid, reviewer="司法所", opinion="意见", passed=passed
            ),
        )

    @rule(
        aim=aim,
        name=who,
        amount=st.one_of(st.integers(1, 30_000_000), st.sampled_from(["estimate", "+1"])),
    )
    def quote(self, aim: tuple[bool, int], name: str | None, amount: int | str) -> None:
        def call(by: Actor, pid: int) -> int:
            estimate = self.project(pid).estimate_fen
            fen = estimate if amount == "estimate" else estimate + 1 if amount == "+1" else amount
            qid = projects.add_quote(
                self.s.ctx, by, pid, vendor="供应商", amount_fen=int(fen), document="报价单"
            )
            self.quotes.setdefault(pid, []).append(qid)
            return qid

        self.step_on(A.QUOTE, aim, name, call)

    @rule(aim=aim, name=who, which=pick, reason=st.sampled_from([None, None, "资质更好"]))
    def choose(
        self, aim: tuple[bool, int], name: str | None, which: int, reason: str | None
    ) -> None:
        def call(by: Actor, pid: int) -> None:
            ids = self.quotes.get(pid) or [0]
            projects.choose_quote(self.s.ctx, by, pid, ids[which % len(ids)], reason=reason)

        self.step_on(A.CHOOSE, aim, name, call)

    @rule(aim=aim, name=who, tally=committee_tallies)
    def committee_vote(
        self, aim: tuple[bool, int], name: str | None, tally: tuple[int, int, int, int, int]
    ) -> None:
        members, present, yes, against, abstain = tally
        self.step_on(
            A.VOTE,
            aim,
            name,
            lambda by, pid: project_votes.committee_vote(
                self.s.ctx,
                by,
                pid,
                members=members,
                present=present,
                votes_for=yes,
                against=against,
                abstain=abstain,
            ),
        )

    @rule(aim=aim, name=who, tally=assembly_tallies)
    def assembly_vote(self, aim: tuple[bool, int], name: str | None, tally: AssemblyTally) -> None:
        self.step_on(
            A.VOTE,
            aim,
            name,
            lambda by, pid: project_votes.assembly_vote(self.s.ctx, by, pid, tally=tally),
        )

    @rule(aim=aim, name=who, approve=st.sampled_from([True, True, True, False]))
    def gate(self, aim: tuple[bool, int], name: str | None, approve: bool) -> None:
        self.step_on(
            A.APPROVE,
            aim,
            name,
            lambda by, pid: projects.gate(self.s.ctx, by, pid, approve=approve, opinion="意见"),
        )

    @rule(aim=aim, approve=st.sampled_from([True, True, True, False]))
    def seal_notice(self, aim: tuple[bool, int], approve: bool) -> None:
        pid = self.target(A.PUBLISH, aim)
        if pid is None:
            return
        self.seal(approve, document_kind="project_notice", project_id=pid)

    def seal(self, approve: bool, **link: Any) -> None:
        def call() -> None:
            sid = seals.request_seal(
                self.s.ctx,
                self.s.checker,
                compound=self.s.compound,
                document="文件",
                purpose="用印",
                **link,
            )
            seals.approve_seal(self.s.ctx, self.s.community, sid, approve=approve, opinion="意见")

        self.attempt(f"seal {link['document_kind']}", call)

    @rule(aim=aim, name=who)
    def publish(self, aim: tuple[bool, int], name: str | None) -> None:
        self.step_on(
            A.PUBLISH, aim, name, lambda by, pid: project_notice.publish(self.s.ctx, by, pid)
        )

    @rule(aim=aim, name=who, offset=st.integers(-2, 9))
    def object_(self, aim: tuple[bool, int], name: str | None, offset: int) -> None:
        def call(by: Actor, pid: int) -> None:
            start = self.project(pid).notice_start or self.today()
            day = min(start + dt.timedelta(days=offset), self.today())
            oid = project_notice.file_objection(
                self.s.ctx, by, pid, resident="居民", content="异议", filed_on=day
            )
            self.objections.append(oid)

        self.step_on(A.OBJECT, aim, name, call)

    @rule(
        which=pick,
        name=who,
        outcome=st.sampled_from(["dismissed", "dismissed", "revote", "reject", "bogus"]),
    )
    def resolve(self, which: int, name: str | None, outcome: str) -> None:
        if not self.objections:
            return
        oid = self.objections[which % len(self.objections)]
        self.attempt(
            "resolve",
            lambda: project_notice.resolve_objection(
                self.s.ctx, self.person(name, A.RESOLVE), oid, outcome=outcome, answer="答复"
            ),
        )

    @rule(aim=aim, name=who)
    def start(self, aim: tuple[bool, int], name: str | None) -> None:
        self.step_on(
            A.START, aim, name, lambda by, pid: project_notice.start_work(self.s.ctx, by, pid)
        )

    @rule(aim=aim, name=who)
    def accept(self, aim: tuple[bool, int], name: str | None) -> None:
        self.step_on(
            A.ACCEPT,
            aim,
            name,
            lambda by, pid: projects.accept(
                self.s.ctx, by, pid, result="合格", accepted_by="验收组"
            ),
        )

    @rule(aim=aim, name=who)
    def close(self, aim: tuple[bool, int], name: str | None) -> None:
        def call(by: Actor, pid: int) -> None:
            final = projects.close(self.s.ctx, by, pid)
            assert self.project(pid).final_cost_fen == final == self.paid(pid)

        self.step_on(A.CLOSE, aim, name, call)

    @rule(aim=aim, name=who)
    def reject(self, aim: tuple[bool, int], name: str | None) -> None:
        self.step_on(
            A.REJECT, aim, name, lambda by, pid: projects.reject(self.s.ctx, by, pid, reason="否决")
        )

    @rule(aim=aim, name=who)
    def withdraw(self, aim: tuple[bool, int], name: str | None) -> None:
        self.step_on(
            A.WITHDRAW,
            aim,
            name,
            lambda by, pid: projects.withdraw(self.s.ctx, by, pid, reason="撤回"),
        )

    # --- the happy path, several steps at a time ---------------------------------------

    @rule(
        which=pick,
        steps=st.integers(1, 14),
        share=st.sampled_from(["rest", "half", "major"]),
        detour=st.sampled_from([None, None, None, "object", "revote", "reject", "fail"]),
    )
    def progress(self, which: int, steps: int, share: str, detour: str | None) -> None:
        """Take one open project (or a new one) that many steps along the normal path, with the
        right people and arguments, so that random runs reach the notice and the payments."""
        states = self.states()
        open_ones = [p for p in self.projects if states[p].is_open]
        if not open_ones:
            self.propose(
                estimate=[300_000, 2_000_000, 8_000_000][which % 3], special=False, name=None
            )
            open_ones, states = self.projects[-1:], self.states()
        if not open_ones:
            return
        order = list(ProjectState)
        open_ones.sort(key=lambda p: order.index(states[p]), reverse=True)
        pid = open_ones[which % min(2, len(open_ones))]  # one of the two furthest along
        for _ in range(steps):
            now = self.states()[pid]
            if not now.is_open:
                return
            self.attempt(f"progress from {now.value}", lambda: self.next_step(pid, share, detour))

    def next_step(self, pid: int, share: str, detour: str | None) -> None:
        """The next step of the normal path; a `detour` files an objection during the notice
        (then upholds it for a new vote or to reject), or makes the vote fail."""
        s, c, p = self.s, self.s.ctx, self.project(pid)
        match ProjectState(p.state):
            case S.PROPOSED:
                projects.verify_need(c, s.checker, pid, method="online", evidence="问卷")
            case S.VERIFIED:
                projects.legal_review(
                    c, s.checker, pid, reviewer="律师", opinion="合法", passed=True
                )
            case S.LEGAL_REVIEWED:
                self.quote_enough(pid, p.estimate_fen)
            case S.QUOTED if p.chosen_quote_id is None:
                self.quote_enough(pid, p.estimate_fen)
                with c.db.read() as session:
                    cheapest = min(project_store.quotes(session, pid), key=lambda q: q.amount_fen)
                projects.choose_quote(c, s.checker, pid, cheapest.id, reason="资质与价格综合")
            case S.QUOTED if p.tier == "large":
                tally = dataclasses.replace(GOOD_ASSEMBLY, owners_for=150, owners_against=150)
                passing = GOOD_ASSEMBLY if detour != "fail" else tally
                project_votes.assembly_vote(c, s.checker, pid, tally=passing)
            case S.QUOTED:
                yes = 2 if detour == "fail" else 5
                project_votes.committee_vote(
                    c,
                    s.checker,
                    pid,
                    members=5,
                    present=5,
                    votes_for=yes,
                    against=5 - yes,
                    abstain=0,
                )
            case S.VOTED if p.tier == "large":
                projects.gate(c, s.community, pid, approve=True, opinion="同意")
            case S.VOTED | S.COMMUNITY_APPROVED:
                if not self.granted(pid):
                    self.seal(True, document_kind="project_notice", project_id=pid)
                project_notice.publish(c, s.checker, pid)
            case S.PUBLICIZED if detour in ("object", "revote", "reject") and not self.objected(
                pid
            ):
                assert p.notice_start is not None and p.notice_end is not None
                day = min(self.today(), p.notice_end)
                self.objections.append(
                    project_notice.file_objection(
                        c, s.supervisor, pid, resident="居民", content="异议", filed_on=day
                    )
                )
            case S.PUBLICIZED:
                assert p.notice_end is not None
                if self.today() <= p.notice_end:
                    s.clock.set(p.notice_end + dt.timedelta(days=1))
                project_notice.start_work(c, s.checker, pid)
            case S.ON_HOLD:
                with c.db.read() as session:
                    waiting = [
                        o.id for o in project_store.objections(session, pid) if o.state == "open"
                    ]
                outcome = detour if detour in ("revote", "reject") else "dismissed"
                project_notice.resolve_objection(
                    c, s.community, waiting[0], outcome=outcome, answer="书面答复"
                )
            case S.IN_PROGRESS:
                rest = self.book.payment_ceiling_fen(p.budget_fen or 0) - self.paid(pid)
                fen = {
                    "rest": rest,
                    "half": rest // 2,
                    "major": self.book.major_payment_limit_fen,
                }[share]
                if fen <= 0 or fen > rest:
                    projects.accept(c, s.checker, pid, result="合格", accepted_by="验收组")
                    return
                self.income(fen)
                draft = project_payments.pay(
                    c,
                    s.treasurer,
                    project_id=pid,
                    amount_fen=fen,
                    payee="施工方",
                    date=self.today(),
                )
                self.drafts.append(draft)
                if self.book.is_major_payment(fen):
                    project_payments.gate_payment(c, s.community, draft, opinion="同意")
                    self.seal(True, document_kind="payment", draft_id=draft)
                self.vouchers.append(entries.approve_entry(c, s.checker, draft))
            case S.ACCEPTED:
                projects.close(c, s.checker, pid)

    def quote_enough(self, pid: int, estimate: int) -> None:
        with self.s.ctx.db.read() as session:
            have = len(project_store.quotes(session, pid))
        for i in range(have, self.book.tier_for(estimate).quotes):
            qid = projects.add_quote(
                self.s.ctx,
                self.s.treasurer,
                pid,
                vendor=f"供应商{i}",
                amount_fen=estimate + 100 * i,
                document=f"报价{i}",
            )
            self.quotes.setdefault(pid, []).append(qid)

    def objected(self, pid: int) -> bool:
        with self.s.ctx.db.read() as session:
            return bool(project_store.objections(session, pid))

    def granted(self, pid: int) -> bool:
        with self.s.ctx.db.read() as session:
            row = session.execute(
                select(SealUse.id).where(
                    SealUse.project_id == pid,
                    SealUse.document_kind == "project_notice",
                    SealUse.state.in_(("approved", "used")),
                )
            ).first()
        return row is not None

    # --- payments --------------------------------------------------------------------------

    def paid(self, pid: int) -> int:
        with self.s.ctx.db.read() as session:
            p = session.get_one(Project, pid)
            return project_store.paid_fen(session, p.compound_id, pid)

    @rule(aim=aim, name=who, amount=amounts)
    def pay(self, aim: tuple[bool, int], name: str | None, amount: int | str) -> None:
        fitting, n = aim
        states = self.states()
        pool = [p for p in self.projects if not fitting or states[p] is S.IN_PROGRESS]
        pool = pool or self.projects
        if not pool:
            return
        pid = pool[n % len(pool)]
        budget = self.project(pid).budget_fen or 0
        rest = self.book.payment_ceiling_fen(budget) - self.paid(pid)
        limit = self.book.major_payment_limit_fen
        named = {"rest": rest, "rest+1": rest + 1, "major": limit, "major-1": limit - 1}
        fen = amount if isinstance(amount, int) else named.get(amount, rest // 2)
        done, draft = self.attempt(
            "pay",
            lambda: project_payments.pay(
                self.s.ctx,
                self.person(name, "pay"),
                project_id=pid,
                amount_fen=int(fen),
                payee="施工方",
                date=self.today(),
            ),
        )
        if done:
            self.drafts.append(draft)

    @rule(which=pick, name=who)
    def gate_payment(self, which: int, name: str | None) -> None:
        if self.drafts:
            draft = self.drafts[which % len(self.drafts)]
            self.attempt(
                "gate_payment",
                lambda: project_payments.gate_payment(
                    self.s.ctx, self.person(name, "gate_payment"), draft, opinion="同意"
                ),
            )

    @rule(which=pick, approve=st.sampled_from([True, True, True, False]))
    def seal_payment(self, which: int, approve: bool) -> None:
        if self.drafts:
            self.seal(
                approve, document_kind="payment", draft_id=self.drafts[which % len(self.drafts)]
            )

    @rule(which=pick, name=who)
    def approve(self, which: int, name: str | None) -> None:
        if not self.drafts:
            return
        draft = self.drafts[which % len(self.drafts)]
        done, voucher = self.attempt(
            "approve",
            lambda: entries.approve_entry(self.s.ctx, self.person(name, "approve"), draft),
        )
        if done:
            self.vouchers.append(voucher)

    @rule(which=pick)
    def reverse(self, which: int) -> None:
        if not self.vouchers:
            return
        voucher = self.vouchers[which % len(self.vouchers)]
        done, draft = self.attempt(
            "reverse",
            lambda: entries.reverse_entry(
                self.s.ctx, self.s.treasurer, voucher, reason="冲销", date=self.today()
            ),
        )
        if done:
            self.drafts.append(draft)

    # --- invariants ------------------------------------------------------------------------

    @invariant()
    def the_books_verify(self) -> None:
        report = verify(self.s.ctx)
        assert report.ok, [str(f) for f in report.findings]

    @invariant()
    def no_project_is_paid_outside_its_rules(self) -> None:
        limit = self.book.major_payment_limit_fen
        with self.s.ctx.db.read() as session:
            bank = session.execute(
                select(func.coalesce(func.sum(Posting.amount_fen), 0))
                .join(Account, Account.id == Posting.account_id)
                .where(Account.role == "bank")
            ).scalar_one()
            assert bank >= 0, bank
            steps: dict[int, list[ProjectStep]] = {}
            for row in session.execute(
                select(ProjectStep).order_by(ProjectStep.project_id, ProjectStep.seq)
            ).scalars():
                steps.setdefault(row.project_id, []).append(row)
            for p in session.execute(select(Project)).scalars():
                paid = project_store.paid_fen(session, p.compound_id, p.id)
                ceiling = self.book.payment_ceiling_fen(p.budget_fen or 0)
                assert 0 <= paid <= ceiling, (p.id, paid, ceiling)
                started = any(s.to_state == S.IN_PROGRESS for s in steps.get(p.id, []))
                assert started or paid == 0, (p.id, paid)
                if p.final_cost_fen is not None:
                    assert p.final_cost_fen <= ceiling
            for entry, outflow in self.payments(session):
                if outflow <= 0:
                    continue  # a reversal gives money back
                assert entry.project_id is not None
                history = steps[entry.project_id]
                then = [s for s in history if s.at < entry.posted_at]
                assert then and then[-1].to_state == S.IN_PROGRESS, (
                    entry.voucher_no,
                    [(s.to_state, s.at) for s in history],
                    entry.posted_at,
                )
                if outflow >= limit:
                    assert entry.draft_id is not None
                    assert session.get(PaymentApproval, entry.draft_id) is not None
                    granted = session.execute(
                        select(SealUse.id).where(
                            SealUse.document_kind == "payment",
                            SealUse.draft_id == entry.draft_id,
                            SealUse.state.in_(("approved", "used")),
                        )
                    ).first()
                    assert granted is not None, entry.voucher_no

    def payments(self, session: Any) -> Iterator[tuple[Entry, int]]:
        """Every posted entry naming a project, with what it took out of the bank."""
        rows = session.execute(
            select(Entry, func.sum(Posting.amount_fen))
            .join(
                Posting,
                (Posting.compound_id == Entry.compound_id) & (Posting.entry_seq == Entry.seq),
            )
            .join(Account, Account.id == Posting.account_id)
            .where(Entry.project_id.is_not(None), Account.role == "bank")
            .group_by(Entry.compound_id, Entry.seq)
        ).all()
        for entry, bank_change in rows:
            yield entry, -int(bank_change)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, rules: RuleBook) -> Template:
    path = tmp_path_factory.mktemp("machine") / "template.db"
    s = make_street(str(path), rules)
    s.ctx.db.dispose()
    return Template(s, path)


def test_random_project_actions_never_break_the_books_nor_pay_a_project_outside_its_rules(
    template: Template, tmp_path: Path
) -> None:
    class Run(ProjectMachine):
        def __init__(self) -> None:
            super().__init__(template, tmp_path)

    run_state_machine_as_test(
        Run,
        settings=settings(
            max_examples=15,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
