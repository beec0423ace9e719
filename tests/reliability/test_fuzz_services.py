"""Random input into the services: entry lines, the income shortcut, project proposals, vote
tallies, dates and amounts typed as text. Each call either raises a LedgerError (never another
exception) and writes nothing, or succeeds — and `verify` accepts everything that was written.

One street serves every example of a test; "writes nothing" is checked on the content of
every table except the refusal log (identical rows mean an identical `verify` digest)."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ledger.domain.entry import Line
from ledger.domain.errors import LedgerError
from ledger.domain.money import MAX_ABS_FEN, parse_fen
from ledger.domain.rules import RuleBook
from ledger.services import entries, project_votes, projects, shortcuts
from ledger.services.verify import verify
from ledger.store.database import sqlite_path
from tests.conftest import Street, make_street
from tests.helpers import receive
from tests.reliability.support import report

FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CODES = ["1002", "4301", "5102", "5101", "1001", "2202", "9999", "", "10０2", "1002\x00"]
TEXT = st.text(max_size=60) | st.sampled_from(["", " ", "停车费", "\x00", "费" * 300, "\u202e"])
AMOUNTS = st.integers() | st.sampled_from([0, 1, -1, MAX_ABS_FEN, MAX_ABS_FEN + 1, 2**63])
DATES_ANY = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
GOOD_TEXT = st.sampled_from(["停车费", "广告费", "电梯维修", "3号楼王女士"])


def mostly(
    good: st.SearchStrategy[Any], anything: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """Three draws in four plausible (so some calls succeed and must verify), one anything."""
    return st.one_of(good, good, good, anything)


BALANCED = st.integers(1, 10**7).map(lambda fen: [("1002", fen, ""), ("4301", -fen, "")])
LINES = mostly(BALANCED, st.lists(st.tuples(st.sampled_from(CODES), AMOUNTS, TEXT), max_size=4))
DATES = mostly(st.dates(dt.date(2024, 6, 1), dt.date(2024, 6, 30)), DATES_ANY)


@pytest.fixture(scope="module")
def s(tmp_path_factory: pytest.TempPathFactory, rules: RuleBook) -> Iterator[Street]:
    street = make_street(str(tmp_path_factory.mktemp("fuzz") / "books.db"), rules)
    receive(street, dt.date(2024, 6, 3), 1_000_000)
    street.clock.set(dt.date(2024, 6, 30))
    yield street
    street.ctx.db.dispose()


def content(s: Street) -> str:
    path = sqlite_path(s.ctx.db.url)
    assert path is not None
    digest = hashlib.sha256()
    with closing(sqlite3.connect(path)) as conn:
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1"
        ):
            if table != "refusal_log":
                for row in sorted(conn.execute(f'SELECT * FROM "{table}"'), key=repr):
                    digest.update(repr((table, row)).encode())
    return digest.hexdigest()


OUTCOMES: dict[str, dict[str, int]] = {}


def attempt(s: Street, name: str, call: Callable[[], Any]) -> None:
    """Run `call`: a LedgerError must leave every row as it was; anything else but success
    fails the test."""
    tally = OUTCOMES.setdefault(name, {"accepted": 0, "refused": 0})
    before = content(s)
    try:
        call()
    except LedgerError as err:
        assert err.message and any("\u4e00" <= ch <= "\u9fff" for ch in err.message), err
        assert content(s) == before, f"refused ({err}) but something was written"
        tally["refused"] += 1
        return
    tally["accepted"] += 1


def _verified(s: Street, name: str) -> None:
    found = verify(s.ctx)
    assert found.ok, found.findings
    if OUTCOMES.get(name):  # under xdist the examples may have run in another worker
        report(f"fuzz_{name}", **OUTCOMES[name])


@FUZZ
@given(
    lines=LINES,
    memo=mostly(GOOD_TEXT, TEXT),
    day=DATES,
)
def test_entry_drafts(
    s: Street, lines: list[tuple[str, int, str]], memo: str, day: dt.date
) -> None:
    def call() -> None:
        draft = entries.draft_entry(
            s.ctx,
            s.treasurer,
            compound=s.compound,
            date=day,
            memo=memo,
            lines=[Line(code, fen, text) for code, fen, text in lines],
        )
        attempt(s, "entry_approvals", lambda: entries.approve_entry(s.ctx, s.checker, draft))

    attempt(s, "entry_drafts", call)


def test_entry_drafts_leave_books_that_verify(s: Street) -> None:
    _verified(s, "entry_drafts")


@FUZZ
@given(
    category=mostly(st.sampled_from(["parking", "advertising", "venue_rent"]), TEXT),
    gross=mostly(st.integers(1, 10**8), AMOUNTS),
    deduction=mostly(st.none() | st.integers(0, 10**4), AMOUNTS),
    memo=mostly(st.none() | GOOD_TEXT, TEXT),
    day=DATES,
)
def test_income_shortcut(
    s: Street, category: str, gross: int, deduction: int | None, memo: str | None, day: dt.date
) -> None:
    attempt(
        s,
        "income",
        lambda: shortcuts.draft_income(
            s.ctx,
            s.treasurer,
            compound=s.compound,
            date=day,
            category=category,
            gross_fen=gross,
            deduction_fen=deduction,
            memo=memo,
        ),
    )


@FUZZ
@given(
    title=mostly(GOOD_TEXT, TEXT),
    need=mostly(GOOD_TEXT, TEXT),
    proposer=mostly(GOOD_TEXT, TEXT),
    kind=mostly(st.sampled_from(["resident", "building_head", "committee"]), TEXT),
    estimate=mostly(st.integers(1, 10**8), AMOUNTS),
)
def test_project_proposals(
    s: Street, title: str, need: str, proposer: str, kind: str, estimate: int
) -> None:
    attempt(
        s,
        "projects",
        lambda: projects.propose(
            s.ctx,
            s.checker,
            compound=s.compound,
            title=title,
            need=need,
            proposer=proposer,
            proposer_kind=kind,
            estimate_fen=estimate,
        ),
    )


@pytest.fixture(scope="module")
def voting(s: Street) -> int:
    """A small project with its quote chosen: the next step is the committee's vote."""
    pid = projects.propose(
        s.ctx,
        s.checker,
        compound=s.compound,
        title="健身器材",
        need="住户反映",
        proposer="赵",
        proposer_kind="resident",
        estimate_fen=300_000,
    )
    projects.verify_need(s.ctx, s.checker, pid, method="phone", evidence="属实")
    projects.legal_review(s.ctx, s.checker, pid, reviewer="司法所", opinion="合法", passed=True)
    quotes = [
        projects.add_quote(s.ctx, s.treasurer, pid, vendor=v, amount_fen=300_000, document="报价")
        for v in "甲乙丙"
    ]
    projects.choose_quote(s.ctx, s.checker, pid, quotes[0])
    return pid


TALLY = mostly(st.integers(0, 7), st.integers(-5, 12) | st.integers())


@FUZZ
@example(members=5, present=5, yes=4, no=1, abstain=0)
@given(members=TALLY, present=TALLY, yes=TALLY, no=TALLY, abstain=TALLY)
def test_committee_vote_tallies(
    s: Street, voting: int, members: int, present: int, yes: int, no: int, abstain: int
) -> None:
    attempt(
        s,
        "votes",
        lambda: project_votes.committee_vote(
            s.ctx,
            s.checker,
            voting,
            members=members,
            present=present,
            votes_for=yes,
            against=no,
            abstain=abstain,
        ),
    )


def test_proposals_incomes_and_votes_leave_books_that_verify(s: Street) -> None:
    _verified(s, "projects")
    _verified(s, "income")
    _verified(s, "votes")


@settings(max_examples=200, deadline=None, database=None)
@given(text=st.text(max_size=30) | st.from_regex(r"-?[0-9０-９,.。e]{0,20}元?", fullmatch=True))
def test_typed_amounts_parse_to_bounded_fen_or_a_chinese_refusal(text: str) -> None:
    try:
        fen = parse_fen(text, allow_negative=True)
    except LedgerError as err:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in err.message)
        return
    assert isinstance(fen, int) and abs(fen) <= MAX_ABS_FEN
