"""Every transition of the project state machine (DESIGN.md §2) and every refusal around it,
on SQLite and PostgreSQL: each action works from the states it names and is refused from every
other state; every action refuses the roles the permissions matrix leaves out; quotes, vote
bodies, tallies and their exact thresholds; the notice and its objections; payments, the major
payment gate and seal, reversals, closing. A refusal always leaves the books exactly as they
were (tests.helpers.fingerprint) and the project where it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa

from ledger.domain.clock import local_today
from ledger.domain.errors import (
    InsufficientFunds,
    InvalidDate,
    InvalidInput,
    LedgerError,
    PermissionDenied,
    WrongState,
)
from ledger.domain.project import FROM_STATES, ProjectAction, ProjectState
from ledger.domain.roles import PERMISSIONS, Action, Role
from ledger.domain.rules import RuleBook
from ledger.domain.tally import AssemblyTally
from ledger.domain.vote_rules import ApprovalBase, Threshold
from ledger.services import (
    entries,
    project_notice,
    project_payments,
    project_votes,
    projects,
    seals,
)
from ledger.services.context import Actor, Context
from ledger.services.project_views import ProjectView, project_view
from ledger.services.verify import verify
from ledger.store import projects as project_store
from ledger.store.database import Database
from tests.conftest import PG_URL, FixedClock, Street, _pg_database, make_street
from tests.helpers import fingerprint, receive

A, S = ProjectAction, ProjectState
CJK = re.compile(r"[\u4e00-\u9fff]")
FIRST_DAY = dt.date(2024, 2, 1)
SMALL, MEDIUM, LARGE = 400_000, 2_000_000, 20_000_000  # ¥4,000 / ¥20,000 / ¥200,000
MAJOR = 5_000_000  # rules.yaml major_payment_limit "50000.00"
OWNERS, AREA = 300, 3_000_000  # 300 owners, 30,000.00 m² (hundredths of m²)

# Which permission of the matrix each project action needs.
PERMISSION = {
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
class Template:
    """A street built once per engine per module: copied for each test."""

    engine: str
    street: Street
    where: str  # the SQLite file, or the PostgreSQL database name


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, rules: RuleBook
) -> Iterator[Template]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("template") / "books.db"
        s = make_street(str(path), rules)
        s.ctx.db.dispose()
        yield Template("sqlite", s, str(path))
        return
    databases = _pg_database()
    url = next(databases)
    try:
        s = make_street(url, rules)
        s.ctx.db.dispose()
        yield Template("postgresql", s, str(sa.engine.make_url(url).database))
    finally:
        next(databases, None)  # the generator drops the database


@pytest.fixture
def street(template: Template, tmp_path: Path) -> Iterator[Street]:
    """The conftest street (same people, same compound), copied from the module's template:
    a fresh street per test without building one (PostgreSQL: CREATE DATABASE … TEMPLATE)."""
    admin = None
    if template.engine == "sqlite":
        url = str(tmp_path / "books.db")
        shutil.copyfile(template.where, url)
    else:
        assert PG_URL is not None
        name = f"ledger_t_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(Database(PG_URL).url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template.where}"')
        copy = sa.engine.make_url(Database(PG_URL).url).set(database=name)
        url = copy.render_as_string(hide_password=False)
    clock = FixedClock(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    clock.set(dt.date(2024, 6, 30))
    ctx = Context(db=Database(url), rules=template.street.ctx.rules, clock=clock)
    try:
        yield dataclasses.replace(template.street, ctx=ctx, clock=clock)
    finally:
        ctx.db.dispose()
        if admin is not None:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


# --- the clock, refusals, reading a project -------------------------------------------------


def today(s: Street) -> dt.date:
    return local_today(s.clock)


def advance(s: Street, days: int) -> dt.date:
    day = today(s) + dt.timedelta(days=days)
    s.clock.set(day)
    return day


def begin(s: Street, fen: int = 100_000_000) -> None:
    """Put the clock on FIRST_DAY with ¥1,000,000 in the bank."""
    receive(s, FIRST_DAY, fen)


def view(s: Street, pid: int) -> ProjectView:
    return project_view(s.ctx, pid)


def row(s: Street, pid: int) -> tuple[ProjectState, str, int]:
    """The project's state, tier and number of steps, read straight from its tables."""
    with s.ctx.db.read() as session:
        p = project_store.get(session, pid)
        return ProjectState(p.state), p.tier, len(project_store.steps(session, pid))


def state(s: Street, pid: int) -> ProjectState:
    return row(s, pid)[0]


def tier(s: Street, pid: int) -> str:
    return row(s, pid)[1]


def refused(
    s: Street,
    error: type[LedgerError],
    call: Callable[[], object],
    *words: str,
    pid: int | None = None,
) -> LedgerError:
    """`call` raises exactly `error` in Chinese naming `words`; nothing is written and the
    project (if given) keeps its state and history."""
    before = fingerprint(s)
    was = where(s, pid) if pid is not None else None
    with pytest.raises(LedgerError) as caught:
        call()
    err = caught.value
    assert type(err) is error, f"{type(err).__name__}: {err}"
    assert CJK.search(err.message), err.message
    for word in words:
        assert word in err.message, (word, err.message)
    assert fingerprint(s) == before
    if pid is not None:
        assert where(s, pid) == was
    return err


def where(s: Street, pid: int) -> tuple[ProjectState, int]:
    """The project's state and how many steps it has taken."""
    st, _, steps = row(s, pid)
    return st, steps


# --- walking a project forward --------------------------------------------------------------


def propose(
    s: Street, estimate: int = SMALL, *, special: bool = False, by: Actor | None = None
) -> int:
    return projects.propose(
        s.ctx,
        by or s.checker,
        compound=s.compound,
        title="楼道照明改造",
        need="楼道灯不亮，夜间老人摔倒",
        proposer="王大爷",
        proposer_kind="building_head",
        estimate_fen=estimate,
        households=60,
        special=special,
    )


def seal_notice(s: Street, pid: int) -> None:
    sid = seals.request_seal(
        s.ctx,
        s.checker,
        compound=s.compound,
        document_kind="project_notice",
        document="立项公示",
        purpose="公示张贴",
        project_id=pid,
    )
    seals.approve_seal(s.ctx, s.community, sid, approve=True, opinion="同意用印")


def seal_payment(s: Street, draft: int, *, approve: bool = True) -> None:
    sid = seals.request_seal(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        document_kind="payment",
        document="付款审批单",
        purpose="大额付款",
        draft_id=draft,
    )
    seals.approve_seal(
        s.ctx, s.community, sid, approve=approve, opinion="同意" if approve else "金额不符"
    )


def quotes_needed(s: Street, fen: int) -> int:
    return s.ctx.rules.for_compound(s.compound).tier_for(fen).quotes


def add_quotes(s: Street, pid: int, fen: int, n: int) -> list[int]:
    """`n` quotes from `fen` up, 1.00 apart (the first is the cheapest)."""
    return [
        projects.add_quote(
            s.ctx,
            s.treasurer,
            pid,
            vendor=f"供应商{i}",
            amount_fen=fen + 100 * i,
            document=f"报价{i}",
        )
        for i in range(n)
    ]


def passing_assembly() -> AssemblyTally:
    return AssemblyTally(OWNERS, AREA, OWNERS, AREA, OWNERS, AREA)


def vote_to_pass(s: Street, pid: int) -> None:
    if tier(s, pid) == "large":
        assert project_votes.assembly_vote(s.ctx, s.checker, pid, tally=passing_assembly())
    else:
        assert project_votes.committee_vote(
            s.ctx, s.checker, pid, members=5, present=5, votes_for=5, against=0, abstain=0
        )


def vote_gate_publish(s: Street, pid: int) -> None:
    vote_to_pass(s, pid)
    if tier(s, pid) == "large":
        projects.gate(s.ctx, s.community, pid, approve=True, opinion="程序完备，同意")
    project_notice.publish(s.ctx, s.checker, pid)


def object_(s: Street, pid: int, day: dt.date | None = None) -> int:
    return project_notice.file_objection(
        s.ctx, s.supervisor, pid, resident="5栋 张女士", content="施工噪音扰民", filed_on=day
    )


def last_objection(s: Street, pid: int) -> int:
    return int(view(s, pid).objections[-1]["id"])


def after_notice(s: Street, pid: int) -> None:
    """Move the clock to the day after the project's notice ends (never backwards)."""
    end = view(s, pid).line.notice_end
    assert end is not None
    if today(s) <= end:
        s.clock.set(end + dt.timedelta(days=1))


def walk(
    s: Street,
    target: ProjectState,
    *,
    estimate: int = SMALL,
    objected: bool = False,
    special: bool = False,
) -> int:
    """A new project walked forward to `target` along the normal path, everything dated today.
    `objected`: on the way it is voted, published, objected to and sent back for a new vote,
    so that it has an objection (resolved) whatever state it ends in."""
    pid = propose(s, estimate, special=special)
    if target is S.PROPOSED:
        return pid
    projects.verify_need(s.ctx, s.checker, pid, method="door_to_door", evidence="走访 60 户")
    if target is S.VERIFIED:
        return pid
    projects.legal_review(s.ctx, s.checker, pid, reviewer="街道司法所", opinion="合法", passed=True)
    if target is S.LEGAL_REVIEWED:
        return pid
    first = add_quotes(s, pid, estimate, quotes_needed(s, estimate))[0]
    projects.choose_quote(s.ctx, s.checker, pid, first)
    if objected or target not in (S.QUOTED, S.REJECTED, S.WITHDRAWN):
        seal_notice(s, pid)  # the notice's seal, granted once and used by every publication
    if objected:
        vote_gate_publish(s, pid)
        oid = object_(s, pid)
        project_notice.resolve_objection(
            s.ctx, s.community, oid, outcome="revote", answer="重新表决"
        )
    if target is S.QUOTED:
        return pid
    if target is S.REJECTED:
        projects.reject(s.ctx, s.community, pid, reason="居民另有更急的需求")
        return pid
    if target is S.WITHDRAWN:
        projects.withdraw(s.ctx, s.checker, pid, reason="提议人撤回")
        return pid
    vote_to_pass(s, pid)
    if target is S.VOTED:
        return pid
    if tier(s, pid) == "large":
        projects.gate(s.ctx, s.community, pid, approve=True, opinion="同意")
    if target is S.COMMUNITY_APPROVED:
        assert tier(s, pid) == "large", "only a large project passes the gate"
        return pid
    project_notice.publish(s.ctx, s.checker, pid)
    if target is S.PUBLICIZED:
        return pid
    if target is S.ON_HOLD:
        object_(s, pid)
        return pid
    after_notice(s, pid)
    project_notice.start_work(s.ctx, s.checker, pid)
    if target is S.IN_PROGRESS:
        return pid
    projects.accept(s.ctx, s.checker, pid, result="验收合格", accepted_by="业委会、监督小组")
    if target is S.ACCEPTED:
        return pid
    projects.close(s.ctx, s.checker, pid)
    assert target is S.CLOSED
    return pid


def in_progress(s: Street, estimate: int = SMALL) -> int:
    return walk(s, S.IN_PROGRESS, estimate=estimate)


# --- every action from every state ----------------------------------------------------------


def cheapest_quote(s: Street, pid: int) -> int:
    quotes = view(s, pid).quotes
    return int(min(quotes, key=lambda q: Decimal(q["amount"]))["id"]) if quotes else 1


def do(action: ProjectAction, s: Street, pid: int, by: Actor | None = None) -> None:
    """Take `action` on project `pid` with arguments that succeed from an allowed state."""
    c = s.ctx
    match action:
        case A.VERIFY:
            projects.verify_need(c, by or s.checker, pid, method="phone", evidence="电话回访 20 户")
        case A.REVIEW:
            projects.legal_review(
                c, by or s.checker, pid, reviewer="律师", opinion="合法", passed=True
            )
        case A.QUOTE:
            projects.add_quote(
                c, by or s.treasurer, pid, vendor="新供应商", amount_fen=SMALL, document="补充报价"
            )
        case A.CHOOSE:
            projects.choose_quote(c, by or s.checker, pid, cheapest_quote(s, pid))
        case A.VOTE:
            project_votes.committee_vote(
                c, by or s.checker, pid, members=5, present=5, votes_for=5, against=0, abstain=0
            )
        case A.APPROVE:
            projects.gate(c, by or s.community, pid, approve=True, opinion="同意")
        case A.PUBLISH:
            project_notice.publish(c, by or s.checker, pid)
        case A.OBJECT:
            project_notice.file_objection(
                c,
                by or s.supervisor,
                pid,
                resident="3栋 李先生",
                content="报价偏高",
                filed_on=view(s, pid).line.notice_start,
            )
        case A.RESOLVE:
            project_notice.resolve_objection(
                c, by or s.community, last_objection(s, pid), outcome="dismissed", answer="已解释"
            )
        case A.START:
            project_notice.start_work(c, by or s.checker, pid)
        case A.ACCEPT:
            projects.accept(c, by or s.checker, pid, result="合格", accepted_by="业委会")
        case A.CLOSE:
            projects.close(c, by or s.checker, pid)
        case A.REJECT:
            projects.reject(c, by or s.checker, pid, reason="否决")
        case A.WITHDRAW:
            projects.withdraw(c, by or s.checker, pid, reason="撤回")
        case _:
            raise AssertionError(action)


LEADS_TO = {
    A.VERIFY: S.VERIFIED,
    A.REVIEW: S.LEGAL_REVIEWED,
    A.QUOTE: S.QUOTED,
    A.CHOOSE: S.QUOTED,
    A.VOTE: S.VOTED,
    A.APPROVE: S.COMMUNITY_APPROVED,
    A.PUBLISH: S.PUBLICIZED,
    A.OBJECT: S.ON_HOLD,
    A.RESOLVE: S.PUBLICIZED,
    A.START: S.IN_PROGRESS,
    A.ACCEPT: S.ACCEPTED,
    A.CLOSE: S.CLOSED,
    A.REJECT: S.REJECTED,
    A.WITHDRAW: S.WITHDRAWN,
}
BEFORE_ANY_OBJECTION = {S.PROPOSED, S.VERIFIED, S.LEGAL_REVIEWED}


def needs_large(action: ProjectAction | None, st: ProjectState) -> bool:
    """Only a large project passes the community gate; only a small one publishes from voted."""
    return st is S.COMMUNITY_APPROVED or (action is A.APPROVE and st is S.VOTED)


def estimate_for(st: ProjectState, action: ProjectAction | None = None) -> int:
    return LARGE if needs_large(action, st) else SMALL


ACTIONS = [a for a in ProjectAction if a is not A.PROPOSE]


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_works_from_every_state_it_names(street: Street, action: ProjectAction) -> None:
    s = street
    begin(s)
    built = {st: walk(s, st, estimate=estimate_for(st, action)) for st in FROM_STATES[action]}
    advance(s, 10)  # every notice is over: starting is a matter of state only
    for st, pid in built.items():
        do(action, s, pid)
        assert state(s, pid) is LEADS_TO[action], (action, st)
    assert verify(s.ctx).ok


@pytest.mark.parametrize("st", list(ProjectState))
def test_each_state_refuses_every_action_it_is_not_named_for_and_writes_nothing(
    street: Street, st: ProjectState
) -> None:
    """State by state rather than action by action: each state is walked to once (twice past
    legal review: once more with an objection on the way, so that resolving can be tried)."""
    s = street
    begin(s)
    pid = walk(s, st, estimate=estimate_for(st))
    objected = (
        None
        if st in BEFORE_ANY_OBJECTION
        else walk(s, st, estimate=estimate_for(st), objected=True)
    )
    tried = 0
    for action in ACTIONS:
        if st in FROM_STATES[action]:
            continue
        target = objected if action is A.RESOLVE else pid
        if target is None:  # no objection can exist before the project is published
            continue
        refused(s, WrongState, partial(do, action, s, target), action.label, st.label, pid=target)
        tried += 1
    assert tried == sum(st not in FROM_STATES[a] for a in ACTIONS) - (objected is None)


def test_proposing_starts_a_project_in_the_tier_of_its_estimate(street: Street) -> None:
    s = street
    begin(s)
    for estimate, tier in [
        (1, "small"),
        (499_999, "small"),
        (500_000, "medium"),
        (4_999_999, "medium"),
        (5_000_000, "large"),
    ]:
        pid = propose(s, estimate)
        line = view(s, pid).line
        assert (line.state, line.tier, line.estimate_fen, line.budget_fen) == (
            "proposed",
            tier,
            estimate,
            None,
        )
        assert [st.action for st in view(s, pid).steps] == ["propose"]


def test_a_proposal_without_a_positive_estimate_or_with_an_unknown_proposer_is_refused(
    street: Street,
) -> None:
    s = street
    begin(s)
    refused(s, InvalidInput, lambda: propose(s, 0), "预算")
    refused(
        s,
        InvalidInput,
        lambda: projects.propose(
            s.ctx,
            s.checker,
            compound=s.compound,
            title="t",
            need="n",
            proposer="p",
            proposer_kind="mayor",
            estimate_fen=SMALL,
        ),
        "提议人身份",
    )


def test_a_failed_legal_review_or_community_gate_rejects_the_project(street: Street) -> None:
    s = street
    begin(s)
    pid = walk(s, S.VERIFIED)
    projects.legal_review(
        s.ctx, s.checker, pid, reviewer="司法所", opinion="占用消防通道", passed=False
    )
    assert state(s, pid) is S.REJECTED
    pid = walk(s, S.VOTED, estimate=LARGE)
    projects.gate(s.ctx, s.community, pid, approve=False, opinion="预算依据不足")
    assert state(s, pid) is S.REJECTED
    assert [st.action for st in view(s, pid).steps][-1] == "approve"


def test_a_small_project_needs_no_gate_and_a_large_one_cannot_be_published_without_it(
    street: Street,
) -> None:
    s = street
    begin(s)
    small = walk(s, S.VOTED)
    refused(s, WrongState, lambda: do(A.APPROVE, s, small), "不需要社区把关", pid=small)
    large = walk(s, S.VOTED, estimate=LARGE)
    refused(s, WrongState, lambda: do(A.PUBLISH, s, large), "社区党委把关", pid=large)


# --- the permissions matrix on every project action -----------------------------------------


def people(s: Street) -> dict[Role, Actor]:
    return {
        Role.TREASURER: s.treasurer,
        Role.COMMITTEE: s.checker,
        Role.COMMUNITY: s.community,
        Role.SUPERVISOR: s.supervisor,
        Role.AUDITOR: s.auditor,
        Role.STREET: s.admin,
    }


def ready_for(s: Street, action: ProjectAction) -> int:
    """A project in the first state `action` may start from (with the tier it needs)."""
    st = next(x for x in ProjectState if x in FROM_STATES[action])
    pid = walk(s, st, estimate=estimate_for(st, action))
    if action is A.START:
        after_notice(s, pid)
    return pid


@pytest.mark.parametrize("action", list(ProjectAction))
def test_every_role_the_matrix_leaves_out_is_refused_each_project_action(
    street: Street, action: ProjectAction
) -> None:
    s = street
    begin(s)
    pid = None if action is A.PROPOSE else ready_for(s, action)
    allowed = PERMISSIONS[PERMISSION[action]]

    def act(by: Actor) -> None:
        if pid is None:
            propose(s, by=by)
        else:
            do(action, s, pid, by)

    for role, person in people(s).items():
        if role not in allowed:
            refused(s, PermissionDenied, partial(act, person), PERMISSION[action].label, pid=pid)
    one = next(person for role, person in people(s).items() if role in allowed)
    act(one)
    if pid is not None:
        assert state(s, pid) is LEADS_TO[action]


def test_only_the_treasurer_drafts_only_the_community_gates_and_only_a_checker_posts_payments(
    street: Street,
) -> None:
    s = street
    begin(s)
    pid = in_progress(s, LARGE)
    for role, person in people(s).items():
        if role not in PERMISSIONS[Action.DRAFT_PAYMENT]:
            refused(
                s,
                PermissionDenied,
                partial(
                    project_payments.pay,
                    s.ctx,
                    person,
                    project_id=pid,
                    amount_fen=MAJOR,
                    payee="甲",
                    date=today(s),
                ),
                "编制项目付款",
            )
    draft = pay(s, pid, MAJOR)
    for role, person in people(s).items():
        if role not in PERMISSIONS[Action.GATE_PAYMENT]:
            refused(
                s,
                PermissionDenied,
                partial(project_payments.gate_payment, s.ctx, person, draft, opinion="同意"),
                "大额付款",
            )
    project_payments.gate_payment(s.ctx, s.community, draft, opinion="同意")
    seal_payment(s, draft)
    for role, person in people(s).items():
        if role not in PERMISSIONS[Action.APPROVE_ENTRY]:
            refused(s, PermissionDenied, partial(entries.approve_entry, s.ctx, person, draft))
    entries.approve_entry(s.ctx, s.checker, draft)
    assert view(s, pid).line.paid_fen == MAJOR


# --- quotes and the choice ------------------------------------------------------------------


def test_a_tier_with_fewer_quotes_than_it_requires_cannot_choose(street: Street) -> None:
    s = street
    begin(s)
    assert quotes_needed(s, MEDIUM) == 3
    pid = walk(s, S.LEGAL_REVIEWED, estimate=MEDIUM)
    ids = add_quotes(s, pid, MEDIUM, 2)
    refused(s, WrongState, lambda: projects.choose_quote(s.ctx, s.checker, pid, ids[0]), "3 家报价")
    add_quotes(s, pid, MEDIUM + 1_000, 1)
    projects.choose_quote(s.ctx, s.checker, pid, ids[0])
    assert view(s, pid).line.budget_fen == MEDIUM


def test_the_tier_follows_a_chosen_quote_above_the_estimate(street: Street) -> None:
    s = street
    begin(s)
    assert quotes_needed(s, SMALL) == 1
    pid = walk(s, S.LEGAL_REVIEWED, estimate=SMALL)
    (dear,) = add_quotes(s, pid, 600_000, 1)  # ¥6,000: a medium project needs three quotes
    refused(s, WrongState, lambda: projects.choose_quote(s.ctx, s.checker, pid, dear), "中型")
    assert view(s, pid).line.tier == "small"


def test_choosing_a_quote_that_is_not_the_cheapest_needs_a_written_reason(street: Street) -> None:
    s = street
    begin(s)
    pid = walk(s, S.LEGAL_REVIEWED, estimate=MEDIUM)
    cheap, dear, _ = add_quotes(s, pid, MEDIUM, 3)
    for reason in (None, "", "   "):
        refused(
            s,
            InvalidInput,
            partial(projects.choose_quote, s.ctx, s.checker, pid, dear, reason=reason),
            "不是最低价",
            "理由",
            pid=pid,
        )
    projects.choose_quote(s.ctx, s.checker, pid, dear, reason="最低价供应商无资质")
    v = view(s, pid)
    assert (v.chosen_quote_id, v.choice_reason, v.line.budget_fen) == (
        dear,
        "最低价供应商无资质",
        MEDIUM + 100,
    )
    projects.choose_quote(s.ctx, s.checker, pid, cheap)
    assert (view(s, pid).chosen_quote_id, view(s, pid).choice_reason) == (cheap, None)


# --- votes: the body, impossible tallies, the thresholds -----------------------------------


def test_the_vote_body_must_be_the_one_the_tier_names(street: Street) -> None:
    s = street
    begin(s)
    small = walk(s, S.QUOTED)
    refused(
        s,
        WrongState,
        lambda: project_votes.assembly_vote(s.ctx, s.checker, small, tally=passing_assembly()),
        "业委会表决",
        pid=small,
    )
    large = walk(s, S.QUOTED, estimate=LARGE)
    refused(s, WrongState, lambda: do(A.VOTE, s, large), "业主大会表决", pid=large)


def test_a_vote_before_a_vendor_is_chosen_is_refused(street: Street) -> None:
    s = street
    begin(s)
    pid = walk(s, S.LEGAL_REVIEWED)
    add_quotes(s, pid, SMALL, 1)
    refused(s, WrongState, lambda: do(A.VOTE, s, pid), "选定供应商", pid=pid)


IMPOSSIBLE_COMMITTEE = {
    "present more than members": (5, 6, 6, 0, 0),
    "for more than present": (5, 3, 4, 0, 0),
    "cast fewer than present": (5, 4, 2, 1, 0),
    "cast more than present": (5, 3, 2, 1, 1),
    "no members": (0, 0, 0, 0, 0),
    "a negative count": (5, 3, 4, -1, 0),
}


def test_impossible_committee_tallies_are_refused(street: Street) -> None:
    s = street
    begin(s)
    pid = walk(s, S.QUOTED)
    for members, present, yes, against, abstain in IMPOSSIBLE_COMMITTEE.values():
        refused(
            s,
            InvalidInput,
            partial(
                project_votes.committee_vote,
                s.ctx,
                s.checker,
                pid,
                members=members,
                present=present,
                votes_for=yes,
                against=against,
                abstain=abstain,
            ),
            pid=pid,
        )
    assert view(s, pid).votes == ()


def tally(
    voted: int = OWNERS,
    area_voted: int = AREA,
    yes: int | None = None,
    area_for: int | None = None,
    *,
    owners_total: int = OWNERS,
    area_total: int = AREA,
    against: int | None = None,
) -> AssemblyTally:
    yes = voted if yes is None else yes
    return AssemblyTally(
        owners_total=owners_total,
        area_total=area_total,
        owners_voted=voted,
        area_voted=area_voted,
        owners_for=yes,
        area_for=area_voted if area_for is None else area_for,
        owners_against=voted - yes if against is None else against,
    )


IMPOSSIBLE_ASSEMBLY = {
    "more owners voted than there are": tally(OWNERS + 1),
    "more area voted than there is": tally(area_voted=AREA + 1),
    "more owners for than voted": tally(200, yes=201, against=0),
    "more area for than voted": tally(200, 2_000_000, area_for=2_000_001),
    "for and against not adding up": tally(200, yes=100, against=50),
    "no owners": tally(0, 0, owners_total=0),
    "no area": tally(0, 0, area_total=0),
}


def test_impossible_assembly_tallies_are_refused(street: Street) -> None:
    s = street
    begin(s)
    pid = walk(s, S.QUOTED, estimate=LARGE)
    for bad in IMPOSSIBLE_ASSEMBLY.values():
        refused(
            s,
            InvalidInput,
            partial(project_votes.assembly_vote, s.ctx, s.checker, pid, tally=bad),
            pid=pid,
        )
    assert view(s, pid).votes == ()


def test_the_rules_say_what_these_boundaries_assume(street: Street) -> None:
    r = street.ctx.rules.for_compound(street.compound)
    c, a = r.committee_vote, r.assembly_vote
    assert (c.quorum, c.approval, c.approval_base) == (
        Threshold(1, 2, strict=True),
        Threshold(1, 2, strict=False),
        ApprovalBase.MEMBERS,
    )
    assert a.participation.area == a.participation.owners == Threshold(2, 3, strict=False)
    assert a.ordinary.area == a.ordinary.owners == Threshold(1, 2, strict=True)
    assert a.special.area == a.special.owners == Threshold(3, 4, strict=False)
    assert r.notice_days == 7 and r.major_payment_limit_fen == MAJOR
    assert r.payment_ceiling_fen(SMALL) == SMALL


@dataclass(frozen=True)
class CommitteeCase:
    members: int
    present: int
    yes: int
    against: int

    @property
    def passes(self) -> bool:
        """Quorum: more than half the members present; approval: at least half of all members."""
        return 2 * self.present > self.members and 2 * self.yes >= self.members


COMMITTEE_BOUNDARY = [
    CommitteeCase(5, 3, 3, 0),  # quorum 3 of 5 (the least), 3 of 5 for: passes
    CommitteeCase(5, 2, 2, 0),  # quorum one short
    CommitteeCase(4, 2, 2, 0),  # exactly half present is not more than half
    CommitteeCase(4, 3, 2, 1),  # exactly half of all members for: enough
    CommitteeCase(4, 3, 1, 2),  # one short of half
    CommitteeCase(5, 5, 3, 2),  # 3 of 5 for (the least)
    CommitteeCase(5, 5, 2, 3),  # 2 of 5 for: one short
    CommitteeCase(6, 4, 3, 0),  # quorum 4 of 6 (the least), 3 of 6 for: passes
    CommitteeCase(6, 3, 3, 0),  # quorum: 3 of 6 is not more than half
]


def test_committee_votes_pass_exactly_at_the_quorum_and_the_approval_boundary(
    street: Street,
) -> None:
    s = street
    begin(s)
    assert [c.passes for c in COMMITTEE_BOUNDARY] == [1, 0, 0, 1, 0, 1, 0, 1, 0]
    for case in COMMITTEE_BOUNDARY:
        pid = walk(s, S.QUOTED)
        abstain = case.present - case.yes - case.against
        passed = project_votes.committee_vote(
            s.ctx,
            s.checker,
            pid,
            members=case.members,
            present=case.present,
            votes_for=case.yes,
            against=case.against,
            abstain=abstain,
        )
        assert passed is case.passes, case
        assert state(s, pid) is (S.VOTED if case.passes else S.REJECTED)
        (vote,) = view(s, pid).votes
        quorum, approval = vote["result"]["checks"]
        assert quorum["needed"] == case.members // 2 + 1
        assert approval["needed"] == (case.members + 1) // 2
        assert quorum["margin"] == case.present - quorum["needed"]
        assert approval["margin"] == case.yes - approval["needed"]


PARTICIPATION = 200, 2_000_000  # exactly 2/3 of 300 owners and of 30,000.00 m²

ORDINARY_BOUNDARY = {
    "exactly 2/3 take part, by area and by head: passes": (tally(*PARTICIPATION), True),
    "one hundredth of a m² short of 2/3 by area": (tally(200, 1_999_999), False),
    "one owner short of 2/3 by head": (tally(199, 2_000_000), False),
    "exactly half for by head is not more than half": (
        tally(*PARTICIPATION, yes=100, area_for=1_500_000),
        False,
    ),
    "exactly half for by area is not more than half": (
        tally(*PARTICIPATION, yes=150, area_for=1_000_000),
        False,
    ),
    "half plus one by head and by area: passes": (
        tally(*PARTICIPATION, yes=101, area_for=1_000_001),
        True,
    ),
}

SPECIAL_BOUNDARY = {
    "exactly 3/4 for by head and by area: passes": (
        tally(*PARTICIPATION, yes=150, area_for=1_500_000),
        True,
    ),
    "one owner short of 3/4": (tally(*PARTICIPATION, yes=149, area_for=1_500_000), False),
    "one hundredth of a m² short of 3/4": (
        tally(*PARTICIPATION, yes=150, area_for=1_499_999),
        False,
    ),
}


@pytest.mark.parametrize("special", [False, True], ids=["ordinary", "special"])
def test_assembly_votes_pass_exactly_at_the_civil_code_boundaries(
    street: Street, special: bool
) -> None:
    s = street
    begin(s)
    cases = SPECIAL_BOUNDARY if special else ORDINARY_BOUNDARY
    for name, (t, passes) in cases.items():
        pid = walk(s, S.QUOTED, estimate=LARGE, special=special)
        assert project_votes.assembly_vote(s.ctx, s.checker, pid, tally=t) is passes, name
        assert state(s, pid) is (S.VOTED if passes else S.REJECTED), name
        (vote,) = view(s, pid).votes
        assert vote["special"] is special and vote["passed"] is passes
        met = [c["met"] for c in vote["result"]["checks"]]
        assert all(met) is passes, (name, met)


def test_a_failed_vote_rejects_the_project_and_keeps_its_history(street: Street) -> None:
    s = street
    begin(s)
    pid = walk(s, S.QUOTED, estimate=MEDIUM)
    assert not project_votes.committee_vote(
        s.ctx, s.checker, pid, members=7, present=5, votes_for=3, against=2, abstain=0
    )
    v = view(s, pid)
    assert v.line.state == "rejected"
    assert [(st.action, st.to_state) for st in v.steps] == [
        ("propose", "proposed"),
        ("verify", "verified"),
        ("review", "legal_reviewed"),
        ("quote", "quoted"),
        ("quote", "quoted"),
        ("quote", "quoted"),
        ("choose", "quoted"),
        ("vote", "rejected"),
    ]
    assert len(v.quotes) == 3 and v.votes[0]["passed"] is False
    approval = v.votes[0]["result"]["checks"][1]
    assert (approval["part"], approval["needed"], approval["margin"]) == (3, 4, -1)
    assert "未通过" in v.steps[-1].evidence
    refused(s, WrongState, lambda: do(A.VOTE, s, pid), "已否决", pid=pid)


# --- the notice and its objections ----------------------------------------------------------


def test_an_objection_is_taken_on_every_day_of_the_notice_and_on_no_other(
    street: Street,
) -> None:
    s = street
    begin(s)
    pid = walk(s, S.PUBLICIZED)
    start, end = view(s, pid).line.notice_start, view(s, pid).line.notice_end
    assert start == today(s) and start is not None
    assert end == today(s) + dt.timedelta(days=6)
    day = dt.timedelta(days=1)
    refused(s, InvalidDate, partial(object_, s, pid, start - day), "异议受理期", pid=pid)
    s.clock.set(end + day)
    refused(s, InvalidDate, partial(object_, s, pid, end + day), "异议受理期", pid=pid)
    object_(s, pid, end)
    assert state(s, pid) is S.ON_HOLD


def test_an_objection_holds_the_project_until_every_objection_is_dismissed(
    street: Street,
) -> None:
    s = street
    begin(s)
    pid = walk(s, S.PUBLICIZED)
    first = object_(s, pid)
    assert state(s, pid) is S.ON_HOLD
    advance(s, 1)
    second = object_(s, pid)
    after_notice(s, pid)
    refused(s, WrongState, lambda: do(A.START, s, pid), "异议处理中", pid=pid)
    project_notice.resolve_objection(
        s.ctx, s.community, first, outcome="dismissed", answer="已答复"
    )
    assert state(s, pid) is S.ON_HOLD
    refused(s, WrongState, lambda: do(A.START, s, pid), pid=pid)
    refused(
        s,
        WrongState,
        lambda: project_notice.resolve_objection(
            s.ctx, s.community, first, outcome="dismissed", answer="again"
        ),
        "已经处理过",
        pid=pid,
    )
    project_notice.resolve_objection(
        s.ctx, s.community, second, outcome="dismissed", answer="已答复"
    )
    assert state(s, pid) is S.PUBLICIZED
    assert [o["state"] for o in view(s, pid).objections] == ["dismissed", "dismissed"]
    project_notice.start_work(s.ctx, s.checker, pid)
    assert state(s, pid) is S.IN_PROGRESS


def test_an_upheld_objection_sends_the_project_back_to_a_new_vote_and_a_new_notice(
    street: Street,
) -> None:
    s = street
    begin(s)
    pid = walk(s, S.ON_HOLD)
    advance(s, 2)
    refused(
        s,
        InvalidInput,
        lambda: project_notice.resolve_objection(
            s.ctx, s.community, last_objection(s, pid), outcome="ignore", answer="x"
        ),
        "处理结果",
        pid=pid,
    )
    project_notice.resolve_objection(
        s.ctx, s.community, last_objection(s, pid), outcome="revote", answer="重新表决"
    )
    line = view(s, pid).line
    assert (line.state, line.notice_start, line.notice_end) == ("quoted", None, None)
    refused(s, WrongState, lambda: do(A.START, s, pid), pid=pid)
    vote_to_pass(s, pid)
    end = project_notice.publish(s.ctx, s.checker, pid)
    assert end == today(s) + dt.timedelta(days=6)
    s.clock.set(end)
    refused(s, WrongState, lambda: do(A.START, s, pid), "公示期到", pid=pid)
    advance(s, 1)
    project_notice.start_work(s.ctx, s.checker, pid)
    assert [st.action for st in view(s, pid).steps].count("vote") == 2


def test_an_objection_upheld_to_reject_ends_the_project(street: Street) -> None:
    s = street
    begin(s)
    pid = walk(s, S.ON_HOLD)
    project_notice.resolve_objection(
        s.ctx, s.community, last_objection(s, pid), outcome="reject", answer="异议成立"
    )
    v = view(s, pid)
    assert v.line.state == "rejected" and v.objections[0]["state"] == "upheld"
    assert v.objections[0]["answer"] == "异议成立"


def test_work_cannot_start_before_the_notice_ends(street: Street) -> None:
    s = street
    begin(s)
    pid = walk(s, S.PUBLICIZED)
    end = view(s, pid).line.notice_end
    assert end is not None
    for day in (today(s), end):
        s.clock.set(day)
        refused(s, WrongState, lambda: do(A.START, s, pid), "公示期到", str(end), pid=pid)
    s.clock.set(end + dt.timedelta(days=1))
    refused(
        s,
        WrongState,
        lambda: project_notice.start_work(s.ctx, s.checker, pid, on_date=end),
        "公示期到",
        pid=pid,
    )
    project_notice.start_work(s.ctx, s.checker, pid)
    assert view(s, pid).steps[-1].on_date == end + dt.timedelta(days=1)


# --- payments -------------------------------------------------------------------------------


def pay(s: Street, pid: int, fen: int, day: dt.date | None = None) -> int:
    return project_payments.pay(
        s.ctx, s.treasurer, project_id=pid, amount_fen=fen, payee="施工方", date=day or today(s)
    )


def paid(s: Street, pid: int) -> int:
    return view(s, pid).line.paid_fen


def test_a_project_that_is_not_in_progress_cannot_be_paid(street: Street) -> None:
    s = street
    begin(s)

    def no_payment(pid: int) -> None:
        label = state(s, pid).label
        refused(s, WrongState, partial(pay, s, pid, 100), "不能付款", label, pid=pid)

    seen: set[ProjectState] = set()  # one small project walked forward, paying at each state
    small = propose(s)
    seal_notice(s, small)
    steps: list[Callable[[int], object]] = [
        partial(do, A.VERIFY, s),
        partial(do, A.REVIEW, s),
        partial(do, A.QUOTE, s),
        partial(do, A.CHOOSE, s),
        partial(do, A.VOTE, s),
        partial(do, A.PUBLISH, s),
        lambda pid: object_(s, pid),
        partial(do, A.RESOLVE, s),
    ]
    for step in [None, *steps]:
        if step is not None:
            step(small)
        seen.add(state(s, small))
        no_payment(small)
    after_notice(s, small)
    for action in (A.START, A.ACCEPT, A.CLOSE):
        do(action, s, small)
        if action is not A.START:
            seen.add(state(s, small))
            no_payment(small)
    large = walk(s, S.COMMUNITY_APPROVED, estimate=LARGE)
    no_payment(large)
    seen.add(S.COMMUNITY_APPROVED)
    for end in (A.REJECT, A.WITHDRAW):
        pid = propose(s)
        do(end, s, pid)
        seen.add(state(s, pid))
        no_payment(pid)
    assert seen == set(S) - {S.IN_PROGRESS}


def test_a_payment_drafted_in_progress_cannot_post_once_the_project_is_accepted(
    street: Street,
) -> None:
    s = street
    begin(s)
    pid = in_progress(s)
    draft = pay(s, pid, SMALL)
    projects.accept(s.ctx, s.checker, pid, result="合格", accepted_by="业委会")
    refused(s, WrongState, lambda: entries.approve_entry(s.ctx, s.checker, draft), "不能付款")
    assert paid(s, pid) == 0


def test_payments_never_go_past_the_budget_and_exactly_the_budget_is_allowed(
    street: Street,
) -> None:
    s = street
    begin(s)
    pid = in_progress(s)
    refused(s, InsufficientFunds, lambda: pay(s, pid, SMALL + 1), "超出", "0.01", pid=pid)
    first, second = pay(s, pid, 300_000), pay(s, pid, 100_001)
    entries.approve_entry(s.ctx, s.checker, first)
    refused(s, InsufficientFunds, lambda: entries.approve_entry(s.ctx, s.checker, second), "超出")
    entries.discard_draft(s.ctx, s.treasurer, second)
    entries.approve_entry(s.ctx, s.checker, pay(s, pid, 100_000))
    assert paid(s, pid) == SMALL
    refused(s, InsufficientFunds, lambda: pay(s, pid, 1), "超出", pid=pid)
    assert verify(s.ctx).ok


def test_a_major_payment_posts_only_with_the_community_gate_and_an_approved_payment_seal(
    street: Street,
) -> None:
    s = street
    begin(s)
    pid = in_progress(s, LARGE)
    draft = pay(s, pid, MAJOR)  # exactly the limit is major
    refused(s, WrongState, lambda: entries.approve_entry(s.ctx, s.checker, draft), "社区党委把关")
    project_payments.gate_payment(s.ctx, s.community, draft, opinion="首期款，同意")
    refused(
        s,
        WrongState,
        lambda: project_payments.gate_payment(s.ctx, s.community, draft, opinion="again"),
        "已经社区把关",
    )
    refused(s, WrongState, lambda: entries.approve_entry(s.ctx, s.checker, draft), "公章")
    seal_payment(s, draft, approve=False)
    refused(s, WrongState, lambda: entries.approve_entry(s.ctx, s.checker, draft), "公章")
    seal_payment(s, draft)
    entries.approve_entry(s.ctx, s.checker, draft)
    assert paid(s, pid) == MAJOR


def test_a_seal_alone_does_not_let_a_major_payment_post_without_the_gate(street: Street) -> None:
    s = street
    begin(s)
    pid = in_progress(s, LARGE)
    draft = pay(s, pid, MAJOR + 1)
    seal_payment(s, draft)
    refused(s, WrongState, lambda: entries.approve_entry(s.ctx, s.checker, draft), "社区党委把关")


def test_a_payment_below_the_major_limit_needs_no_gate_and_cannot_be_gated(
    street: Street,
) -> None:
    s = street
    begin(s)
    pid = in_progress(s, LARGE)
    draft = pay(s, pid, MAJOR - 1)
    refused(
        s,
        WrongState,
        lambda: project_payments.gate_payment(s.ctx, s.community, draft, opinion="同意"),
        "未达到重大付款标准",
    )
    entries.approve_entry(s.ctx, s.checker, draft)
    assert paid(s, pid) == MAJOR - 1


def test_reversing_a_project_payment_gives_the_budget_back(street: Street) -> None:
    s = street
    begin(s)
    pid = in_progress(s)
    voucher = entries.approve_entry(s.ctx, s.checker, pay(s, pid, SMALL))
    refused(s, InsufficientFunds, lambda: pay(s, pid, 1), pid=pid)
    undo = entries.reverse_entry(s.ctx, s.treasurer, voucher, reason="付错收款人")
    entries.approve_entry(s.ctx, s.checker, undo)
    assert paid(s, pid) == 0
    entries.approve_entry(s.ctx, s.checker, pay(s, pid, SMALL))
    assert paid(s, pid) == SMALL
    assert verify(s.ctx).ok


def test_closing_records_the_final_cost_as_what_was_paid_and_releases_the_rest(
    street: Street,
) -> None:
    s = street
    begin(s)
    pid = in_progress(s)
    entries.approve_entry(s.ctx, s.checker, pay(s, pid, 300_000))
    projects.accept(s.ctx, s.checker, pid, result="合格", accepted_by="业委会、监督小组")
    assert view(s, pid).steps[-1].details["paid_fen"] == 300_000
    assert projects.close(s.ctx, s.checker, pid) == 300_000
    v = view(s, pid)
    assert (v.line.state, v.final_cost_fen, v.line.paid_fen) == ("closed", 300_000, 300_000)
    assert v.steps[-1].details == {"final_cost_fen": 300_000, "released_fen": 100_000}
    refused(s, WrongState, lambda: pay(s, pid, 1), "不能付款", pid=pid)


def test_a_paid_project_cannot_be_rejected_or_withdrawn_until_the_payment_is_reversed(
    street: Street,
) -> None:
    s = street
    begin(s)
    pid = in_progress(s)
    entries.approve_entry(s.ctx, s.checker, pay(s, pid, 100_000))
    refused(s, WrongState, lambda: do(A.REJECT, s, pid), "已有付款", pid=pid)
    refused(s, WrongState, lambda: do(A.WITHDRAW, s, pid), "撤回", pid=pid)
    projects.accept(s.ctx, s.checker, pid, result="合格", accepted_by="业委会")
    refused(s, WrongState, lambda: do(A.REJECT, s, pid), "已有付款", pid=pid)
    other = in_progress(s)
    v2 = entries.approve_entry(s.ctx, s.checker, pay(s, other, 100_000))
    entries.approve_entry(
        s.ctx, s.checker, entries.reverse_entry(s.ctx, s.treasurer, v2, reason="合同解除")
    )
    projects.reject(s.ctx, s.checker, other, reason="合同解除")
    assert state(s, other) is S.REJECTED


def test_rejected_and_withdrawn_projects_keep_their_whole_history(street: Street) -> None:
    s = street
    begin(s)
    rejected = walk(s, S.ON_HOLD)
    projects.reject(s.ctx, s.community, rejected, reason="异议成立，另行立项")
    withdrawn = walk(s, S.QUOTED, estimate=MEDIUM)
    vote_to_pass(s, withdrawn)
    projects.withdraw(s.ctx, s.checker, withdrawn, reason="提议人撤回")
    r, w = view(s, rejected), view(s, withdrawn)
    assert [st.action for st in r.steps] == [
        "propose",
        "verify",
        "review",
        "quote",
        "choose",
        "vote",
        "publish",
        "object",
        "reject",
    ]
    assert r.line.state == "rejected" and len(r.objections) == 1 and len(r.votes) == 1
    assert r.line.notice_start is not None
    assert [st.to_state for st in w.steps][-2:] == ["voted", "withdrawn"]
    assert w.line.state == "withdrawn" and len(w.quotes) == 3 and w.line.budget_fen == MEDIUM
    assert w.steps[-1].evidence == "提议人撤回"
    for pid in (rejected, withdrawn):
        for action in LEADS_TO:
            if action is not A.RESOLVE:
                refused(s, WrongState, partial(do, action, s, pid), pid=pid)
