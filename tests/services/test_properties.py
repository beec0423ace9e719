"""Properties: the domain's balance rules for any input, and the books' invariants under any
sequence of operations (SQLite; each example starts from a copy of one prepared street)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ledger.domain.entry import Attachment, EntryRecord, Line, check_lines, reversal_lines
from ledger.domain.errors import (
    InsufficientFunds,
    InvalidAmount,
    InvalidInput,
    LedgerError,
    PeriodClosed,
    TooFewPostings,
    UnbalancedEntry,
    WrongState,
)
from ledger.domain.hashing import GENESIS_HASH, canonical
from ledger.domain.income import income_lines
from ledger.domain.money import MAX_ABS_FEN, format_fen
from ledger.domain.period import Month, months_between, parse_voucher
from ledger.domain.rules import RuleBook, UnknownCategory
from ledger.services import balances, entries, journal, shortcuts
from ledger.services.context import Context
from ledger.services.verify import verify
from ledger.store import books, org
from ledger.store.database import Database
from ledger.store.schema import Entry, Posting
from tests.conftest import OPENED, FixedClock, Street, make_street
from tests.helpers import BANK, COST, PARKING, PROJECTS, close_month, fingerprint

DB_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# ---------------------------------------------------------------------------------------------
# The pure domain

nonzero_fen = st.integers(-(10**12), 10**12).filter(lambda x: x != 0)
codes = st.sampled_from([BANK, PARKING, COST, PROJECTS, "4302", "2202"])


@st.composite
def balanced_amounts(draw: st.DrawFn) -> list[int]:
    amounts = draw(st.lists(nonzero_fen, min_size=1, max_size=30))
    if sum(amounts) != 0:
        amounts.append(-sum(amounts))
    return draw(st.permutations(amounts))


def as_lines(amounts: list[int], accounts: list[str]) -> list[Line]:
    return [Line(accounts[i % len(accounts)], fen, f"第{i}行") for i, fen in enumerate(amounts)]


@given(balanced_amounts(), st.lists(codes, min_size=1, max_size=4))
def test_any_two_or_more_nonzero_lines_summing_to_zero_make_an_entry(
    amounts: list[int], accounts: list[str]
) -> None:
    check_lines(as_lines(amounts, accounts))


@given(st.lists(nonzero_fen, min_size=2, max_size=30).filter(lambda xs: sum(xs) != 0))
def test_lines_that_do_not_sum_to_zero_are_refused_with_the_difference(amounts: list[int]) -> None:
    with pytest.raises(UnbalancedEntry) as caught:
        check_lines(as_lines(amounts, [BANK, PARKING]))
    total = sum(amounts)
    assert caught.value.facts["difference_fen"] == total
    assert "借贷不平" in caught.value.message
    assert format_fen(abs(total)) in caught.value.message
    assert ("借方多" if total > 0 else "贷方多") in caught.value.message


@given(st.lists(nonzero_fen, max_size=1))
def test_fewer_than_two_lines_are_refused(amounts: list[int]) -> None:
    with pytest.raises(TooFewPostings, match="至少要有两行"):
        check_lines(as_lines(amounts, [BANK]))


@given(balanced_amounts(), st.data())
def test_a_zero_line_is_refused_even_when_the_rest_balances(
    amounts: list[int], data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(amounts)))
    lines = as_lines(amounts, [BANK, PARKING])
    lines.insert(at, Line(COST, 0))
    with pytest.raises(InvalidInput, match=f"第 {at + 1} 行（科目 {COST}）金额为零"):
        check_lines(lines)


@given(balanced_amounts(), st.lists(codes, min_size=1, max_size=4))
def test_a_reversal_nets_to_zero_with_the_original_on_every_account(
    amounts: list[int], accounts: list[str]
) -> None:
    original = as_lines(amounts, accounts)
    mirror = reversal_lines(original)
    check_lines(mirror)
    net: dict[str, int] = defaultdict(int)
    for line in original + mirror:
        net[line.account_code] += line.amount_fen
    assert set(net.values()) == {0}
    assert [x.account_code for x in mirror] == [x.account_code for x in original]
    assert reversal_lines(mirror) == original


@st.composite
def gross_and_deduction(draw: st.DrawFn) -> tuple[int, int]:
    gross = draw(st.integers(1, MAX_ABS_FEN))
    return gross, draw(st.one_of(st.integers(0, gross), st.sampled_from([0, gross])))


@given(gross_and_deduction())
def test_income_always_balances_and_the_bank_gets_gross_minus_deduction(
    pair: tuple[int, int],
) -> None:
    gross, deduction = pair
    lines = income_lines(
        gross_fen=gross,
        deduction_fen=deduction,
        income_account=PARKING,
        bank_account=BANK,
        cost_account=COST,
    )
    check_lines(lines)
    by_code = {x.account_code: x.amount_fen for x in lines}
    assert len(by_code) == len(lines)
    assert by_code.get(BANK, 0) == gross - deduction
    assert by_code.get(COST, 0) == deduction
    assert by_code[PARKING] == -gross


@given(st.integers(-MAX_ABS_FEN, 0), st.integers(0, 100))
def test_income_of_zero_or_less_is_refused(gross: int, deduction: int) -> None:
    with pytest.raises(InvalidAmount, match="总收入必须大于零"):
        income_lines(
            gross_fen=gross,
            deduction_fen=deduction,
            income_account=PARKING,
            bank_account=BANK,
            cost_account=COST,
        )


@given(st.integers(1, MAX_ABS_FEN), st.integers(1, MAX_ABS_FEN), st.booleans())
def test_a_deduction_below_zero_or_above_gross_is_refused(
    gross: int, excess: int, negative: bool
) -> None:
    deduction = -excess if negative else gross + excess
    with pytest.raises(InvalidAmount, match="合理成本"):
        income_lines(
            gross_fen=gross,
            deduction_fen=deduction,
            income_account=PARKING,
            bank_account=BANK,
            cost_account=COST,
        )


ids = st.integers(1, 10**9)
short_text = st.text(max_size=12)
instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)
hex64 = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "compound_id": ids,
    "seq": ids,
    "voucher_no": short_text,
    "entry_date": st.dates(),
    "kind": short_text,
    "memo": short_text,
    "category": st.none() | short_text,
    "project_id": st.none() | ids,
    "attachment_count": st.integers(0, 999),
    "reverses_seq": st.none() | ids,
    "reason": st.none() | short_text,
    "maker_id": ids,
    "checker_id": ids,
    "drafted_at": instants,
    "posted_at": instants,
    "lines": st.lists(st.builds(Line, codes, nonzero_fen, short_text), min_size=2, max_size=4).map(
        tuple
    ),
    "attachments": st.lists(st.builds(Attachment, hex64, short_text), max_size=2).map(tuple),
}
assert set(FIELD_VALUES) == {f.name for f in dataclasses.fields(EntryRecord)}
records = st.builds(EntryRecord, **FIELD_VALUES)


@given(records, st.sampled_from(sorted(FIELD_VALUES)), st.data())
def test_changing_any_field_of_a_record_changes_its_hash(
    record: EntryRecord, name: str, data: st.DataObject
) -> None:
    old = getattr(record, name)
    new = data.draw(FIELD_VALUES[name].filter(lambda v: v != old), label=name)
    changed = dataclasses.replace(record, **{name: new})
    assert changed.hash(GENESIS_HASH) != record.hash(GENESIS_HASH)


@given(records, hex64)
def test_a_record_hash_depends_on_the_previous_hash_and_nothing_else(
    record: EntryRecord, prev: str
) -> None:
    again = dataclasses.replace(record)
    assert again.hash(prev) == record.hash(prev)
    if prev != GENESIS_HASH:
        assert record.hash(prev) != record.hash(GENESIS_HASH)


@given(st.floats(allow_nan=True, allow_infinity=True), st.integers(0, 3), st.data())
def test_canonical_refuses_a_float_however_deep_it_sits(
    value: float, depth: int, data: st.DataObject
) -> None:
    record: object = value
    for _ in range(depth):
        wrap = data.draw(st.sampled_from(["list", "dict", "tuple"]))
        record = (
            [1, record]
            if wrap == "list"
            else {"k": record, "a": 1}
            if wrap == "dict"
            else ("x", record)
        )
    with pytest.raises(TypeError, match="float"):
        canonical({"amount": record})


@given(records, st.floats())
def test_a_record_with_a_float_amount_cannot_be_hashed(record: EntryRecord, amount: float) -> None:
    lines = (Line(BANK, amount), *record.lines[1:])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        dataclasses.replace(record, lines=lines).hash(GENESIS_HASH)
    with pytest.raises(TypeError):
        check_lines(lines)


def test_canonical_is_independent_of_key_order() -> None:
    assert canonical({"b": 1, "a": [2, {"y": 3, "x": "四"}]}) == canonical(
        {"a": [2, {"x": "四", "y": 3}], "b": 1}
    )
    assert canonical({"b": 1, "a": 2}) == b'{"a":2,"b":1}'


# ---------------------------------------------------------------------------------------------
# The books under any sequence of operations

TODAY = dt.date(2024, 6, 30)
LOCKED_BEFORE = Month(2024, 5)  # the prepared street has closed January to April
CATEGORIES = ["parking", "advertising", "base_station", "interest", "other"]
# Few distinct days, so that back-dated entries meet later ones; April is closed already.
op_days = st.sampled_from(
    [dt.date(2024, 4, 25), dt.date(2024, 5, 10), dt.date(2024, 5, 31)]
    + [dt.date(2024, 6, d) for d in (1, 10, 20, 30)]
)


@dataclass(frozen=True)
class Income:
    day: dt.date
    category: str
    gross_fen: int
    deduction_fen: int | None


@dataclass(frozen=True)
class Pay:
    day: dt.date
    amount_fen: int


@dataclass(frozen=True)
class Approve:
    pick: int
    second_checker: bool


@dataclass(frozen=True)
class Reverse:
    pick: int


@dataclass(frozen=True)
class Discard:
    pick: int


@dataclass(frozen=True)
class Lock:
    month: Month


Op = Income | Pay | Approve | Reverse | Discard | Lock


@st.composite
def incomes(draw: st.DrawFn) -> Income:
    """Mostly good income; now and then a flaw the service must refuse."""
    flaw = draw(st.sampled_from([None] * 6 + ["gross", "deduction", "category"]))
    gross = draw(st.sampled_from([0, -100]) if flaw == "gross" else st.integers(1, 5_000_000))
    deduction = draw(
        st.sampled_from([-1, gross + 1])
        if flaw == "deduction"
        else st.one_of(st.none(), st.integers(0, max(gross, 0)))
    )
    category = "lottery" if flaw == "category" else draw(st.sampled_from(CATEGORIES))
    return Income(draw(op_days), category, gross, deduction)


picks = st.integers(0, 1000)
OP_STRATEGIES: dict[str, st.SearchStrategy[Op]] = {
    "income": incomes(),
    "pay": st.builds(Pay, op_days, st.integers(1, 3_000_000)),
    "approve": st.builds(Approve, picks, st.booleans()),
    "reverse": st.builds(Reverse, picks),
    "discard": st.builds(Discard, picks),
    "lock": st.builds(Lock, st.sampled_from([Month(2024, 5), Month(2024, 6)])),
}
OP_WEIGHTS = ["income"] * 3 + ["pay"] * 2 + ["approve"] * 4 + ["reverse", "discard", "lock"]
operations = st.sampled_from(OP_WEIGHTS).flatmap(lambda kind: OP_STRATEGIES[kind])


@dataclass
class Draft:
    day: dt.date
    bank_fen: int
    reverses: str | None = None


@dataclass
class Model:
    """What the books should say: the oracle each refusal and each success is checked against."""

    locked: set[Month] = field(
        default_factory=lambda: set(months_between(Month.of(OPENED), Month(2024, 4)))
    )
    open: dict[int, Draft] = field(default_factory=dict)
    posted: dict[str, Draft] = field(default_factory=dict)  # voucher number → what it booked
    reversed: set[str] = field(default_factory=set)

    def overdraws(self, draft: Draft) -> bool:
        if draft.bank_fen >= 0:
            return False
        moves = [(d.day, d.bank_fen) for d in self.posted.values()] + [(draft.day, draft.bank_fen)]
        days = {draft.day} | {day for day, _ in moves if day > draft.day}
        return any(sum(fen for day, fen in moves if day <= end) < 0 for end in days)

    def approval_refused_with(self, draft: Draft) -> type[LedgerError] | None:
        if Month.of(draft.day) in self.locked:
            return PeriodClosed
        return InsufficientFunds if self.overdraws(draft) else None

    def reversal_refused(self, voucher: str) -> bool:
        pending = any(d.reverses == voucher for d in self.open.values())
        return voucher in self.reversed or self.posted[voucher].reverses is not None or pending


@dataclass(frozen=True)
class Template:
    street: Street
    path: Path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, rules: RuleBook) -> Template:
    path = tmp_path_factory.mktemp("template") / "books.db"
    s = make_street(str(path), rules)
    for month in months_between(Month.of(OPENED), Month(2024, 4)):
        close_month(s, month)
    s.ctx.db.dispose()
    return Template(s, path)


@pytest.fixture
def fresh_street(template: Template) -> Iterator[Any]:
    """A factory of streets copied from the template: one per hypothesis example."""
    made: list[Street] = []

    def make() -> Street:
        path = template.path.with_name(f"{uuid.uuid4().hex}.db")
        shutil.copyfile(template.path, path)
        clock = FixedClock(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
        clock.set(TODAY)
        ctx = Context(db=Database(str(path)), rules=template.street.ctx.rules, clock=clock)
        made.append(dataclasses.replace(template.street, ctx=ctx, clock=clock))
        return made[-1]

    yield make
    for s in made:
        s.ctx.db.dispose()
        path = Path(s.ctx.db.url.removeprefix("sqlite:///"))
        for leftover in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)


def nothing() -> None:
    event("an operation found nothing to act on")


def apply(s: Street, model: Model, op: Op) -> tuple[type[LedgerError] | None, Any]:
    """The refusal the model expects, and a thunk that performs the operation."""
    rules = s.ctx.rules.for_compound(s.compound)
    if isinstance(op, Income):
        if op.category not in CATEGORIES:
            return UnknownCategory, lambda: shortcuts.draft_income(
                s.ctx,
                s.treasurer,
                compound=s.compound,
                date=op.day,
                category=op.category,
                gross_fen=op.gross_fen,
            )
        share = op.deduction_fen
        if share is None and op.gross_fen > 0:
            share = rules.category(op.category).cost_share_fen(op.gross_fen)
        bad = op.gross_fen <= 0 or share is None or not 0 <= share <= op.gross_fen

        def draft_income() -> None:
            draft_id = shortcuts.draft_income(
                s.ctx,
                s.treasurer,
                compound=s.compound,
                date=op.day,
                category=op.category,
                gross_fen=op.gross_fen,
                deduction_fen=op.deduction_fen,
            )
            model.open[draft_id] = Draft(op.day, op.gross_fen - (share or 0))

        locked = Month.of(op.day) in model.locked
        return (InvalidAmount if bad else PeriodClosed if locked else None), draft_income
    if isinstance(op, Pay):

        def pay() -> None:
            lines = [Line(PROJECTS, op.amount_fen), Line(BANK, -op.amount_fen)]
            draft_id = entries.draft_entry(
                s.ctx, s.treasurer, compound=s.compound, date=op.day, memo="项目付款", lines=lines
            )
            model.open[draft_id] = Draft(op.day, -op.amount_fen)

        return (PeriodClosed if Month.of(op.day) in model.locked else None), pay
    if isinstance(op, Approve):
        if not model.open:
            return None, nothing
        draft_id = sorted(model.open)[op.pick % len(model.open)]
        draft = model.open[draft_id]

        def approve() -> None:
            checker = s.checker2 if op.second_checker else s.checker
            voucher = entries.approve_entry(s.ctx, checker, draft_id)
            model.posted[voucher] = model.open.pop(draft_id)
            if draft.reverses is not None:
                model.reversed.add(draft.reverses)

        return model.approval_refused_with(draft), approve
    if isinstance(op, Reverse):
        if not model.posted:
            return None, nothing
        voucher = sorted(model.posted)[op.pick % len(model.posted)]

        def reverse() -> None:
            draft_id = entries.reverse_entry(
                s.ctx, s.treasurer, voucher, reason="金额录错", compound=s.compound
            )
            model.open[draft_id] = Draft(TODAY, -model.posted[voucher].bank_fen, reverses=voucher)

        return (WrongState if model.reversal_refused(voucher) else None), reverse
    if isinstance(op, Discard):
        if not model.open:
            return None, nothing
        draft_id = sorted(model.open)[op.pick % len(model.open)]

        def discard() -> None:
            entries.discard_draft(s.ctx, s.treasurer, draft_id)
            del model.open[draft_id]

        return None, discard

    def lock() -> None:
        close_month(s, op.month)
        model.locked.add(op.month)

    refused = op.month in model.locked or op.month.last_day >= TODAY
    return (WrongState if refused else None), lock


def bank_by_day(s: Street) -> list[tuple[dt.date, int]]:
    with s.ctx.db.read() as session:
        compound = org.compound_by_name(session, s.compound)
        bank = books.accounts_by_code(session, compound.id)[BANK].id
        rows = session.execute(
            sa.select(Entry.entry_date, sa.func.sum(Posting.amount_fen))
            .join(
                Entry, (Entry.compound_id == Posting.compound_id) & (Entry.seq == Posting.entry_seq)
            )
            .where(Posting.account_id == bank)
            .group_by(Entry.entry_date)
            .order_by(Entry.entry_date)
        ).all()
    running, out = 0, []
    for day, fen in rows:
        running += int(fen)
        out.append((day, running))
    return out


def check_books(s: Street, model: Model) -> None:
    report = verify(s.ctx)
    assert report.ok, report.findings
    assert report.entries == len(model.posted)

    carried: dict[str, int] = {}
    for month in months_between(Month.of(OPENED), Month.of(TODAY)):
        tb = balances.trial_balance(s.ctx, s.compound, month)
        assert tb.debit_fen == tb.credit_fen
        assert sum(a.closing_fen for a in tb.accounts) == 0
        assert {a.code: a.opening_fen for a in tb.accounts if a.opening_fen} == {
            code: fen for code, fen in carried.items() if fen
        }
        carried = {a.code: a.closing_fen for a in tb.accounts}
    assert carried.get(BANK, 0) == sum(d.bank_fen for d in model.posted.values())

    assert all(balance >= 0 for _, balance in bank_by_day(s)), bank_by_day(s)

    numbers: dict[Month, list[int]] = defaultdict(list)
    for row in journal.list_rows(s.ctx, s.compound, month=None, drafts=False):
        _, month, seq = parse_voucher(row.number)
        assert month == Month.of(row.date)
        numbers[month].append(seq)
    for seqs in numbers.values():
        assert sorted(seqs) == list(range(1, len(seqs) + 1))
    assert {n for n in model.posted} == {
        row.number for row in journal.list_rows(s.ctx, s.compound, month=None, drafts=False)
    }


@DB_SETTINGS
@given(ops=st.lists(operations, min_size=5, max_size=25))
def test_any_sequence_of_operations_keeps_the_books_whole(fresh_street: Any, ops: list[Op]) -> None:
    s: Street = fresh_street()
    model = Model()
    for op in ops:
        expected, perform = apply(s, model, op)
        event(f"{type(op).__name__}: {expected.__name__ if expected else 'expected to succeed'}")
        if expected is None:
            perform()
            continue
        before = fingerprint(s)
        with pytest.raises(LedgerError) as caught:
            perform()
        assert type(caught.value) is expected, (op, caught.value)
        assert fingerprint(s) == before, op
    check_books(s, model)
