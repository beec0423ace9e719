"""Revenue contracts as accounting stories: accrual into the receivable, partial receipts
shared oldest first, arrears with their days overdue, a property company that transfers late,
and every refusal leaving the books untouched — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from ledger.domain.contract import ContractKind
from ledger.domain.entry import Line
from ledger.domain.errors import (
    AlreadyExists,
    IntegrityError,
    InvalidAmount,
    LedgerError,
    NotFound,
    PermissionDenied,
    WrongState,
)
from ledger.domain.period import Month
from ledger.domain.rules import Frequency
from ledger.services import arrears, balances, collections, contracts, entries, receivables
from ledger.services.contracts import NewContract
from ledger.services.statement import monthly_statement
from ledger.services.verify import verify
from tests.conftest import Street
from tests.helpers import fingerprint
from tests.services.contract_terms import ADS, PARKING

D = dt.date
JUNE = Month(2024, 6)


def closing(s: Street, code: str, month: Month = JUNE) -> int:
    tb = balances.trial_balance(s.ctx, s.compound, month)
    assert tb.balanced
    return next((a.closing_fen for a in tb.accounts if a.code == code), 0)


def approve(s: Street, draft: int) -> str:
    return entries.approve_entry(s.ctx, s.checker, draft)


def test_partial_receipts_pay_the_oldest_period_first_and_the_rest_is_owed(street: Street) -> None:
    s = street
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=ADS)
    # March (from the 10th: 22/31 of ¥3,000.00), April, May and June have fallen due.
    approve(s, receivables.accrue_month(s.ctx, s.treasurer, compound=s.compound, month=JUNE))
    assert closing(s, "1123") == 212_903 + 3 * 300_000
    assert closing(s, "4302") == -(212_903 + 3 * 300_000)

    approve(s, receivables.receive(
        s.ctx, s.treasurer, compound=s.compound, ref=ADS.ref, amount_fen=500_000, date=D(2024, 6, 20)
    ))  # fmt: skip
    view = contracts.show_contract(s.ctx, s.compound, ADS.ref)
    paid = {p.key: p.received_fen for p in view.periods}
    assert paid["2024-03"] == 212_903 and paid["2024-04"] == 500_000 - 212_903
    assert paid["2024-05"] == paid["2024-06"] == 0

    report = arrears.arrears_report(s.ctx, s.compound, JUNE)
    assert [(a.period_key, a.outstanding_fen, a.days_overdue) for a in report.lines] == [
        ("2024-04", 12_903, 86),  # due 5 April, 86 days to 30 June
        ("2024-05", 300_000, 56),
        ("2024-06", 300_000, 25),
    ]
    # The receivable in the books is exactly what is owed.
    assert closing(s, "1123") == report.total_fen
    assert report.as_json()["total"] == "6129.03"

    # A receipt naming June pays June, not the older months.
    approve(s, receivables.receive(
        s.ctx, s.treasurer, compound=s.compound, ref=ADS.ref, amount_fen=300_000,
        date=D(2024, 6, 28), period="2024-06",
    ))  # fmt: skip
    left = arrears.arrears_report(s.ctx, s.compound, JUNE)
    assert [a.period_key for a in left.lines] == ["2024-04", "2024-05"]
    statement = monthly_statement(s.ctx, s.compound, JUNE)
    assert statement.arrears_fen == left.total_fen == 312_903
    assert statement.as_json()["arrears"][0]["counterparty"] == "电梯广告公司"
    assert verify(s.ctx).ok


def test_a_payment_in_advance_raises_and_clears_the_receivable_in_one_entry(street: Street) -> None:
    s = street
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=ADS)
    # Nothing accrued yet: the receipt raises what it pays, so the receivable never dips.
    approve(s, receivables.receive(
        s.ctx, s.treasurer, compound=s.compound, ref=ADS.ref, amount_fen=1_500_000, date=D(2024, 6, 3)
    ))  # fmt: skip
    assert closing(s, "1123") == 0
    assert closing(s, "4302") == -1_500_000
    view = contracts.show_contract(s.ctx, s.compound, ADS.ref)
    # March to June (1,112,903), then July and 87,097 of August, before they are due.
    paid = {p.key: p.received_fen for p in view.periods}
    assert (paid["2024-07"], paid["2024-08"]) == (300_000, 87_097)
    assert arrears.arrears_report(s.ctx, s.compound, JUNE).lines == ()
    # The months already raised are not raised again.
    with pytest.raises(WrongState, match="没有应计提而未计提"):
        receivables.accrue_month(s.ctx, s.treasurer, compound=s.compound, month=JUNE)


def test_a_late_property_company_transfer_becomes_an_arrear(street: Street) -> None:
    s = street
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=PARKING)
    draft = collections.record_collection(
        s.ctx, s.treasurer, compound=s.compound, ref=PARKING.ref, month=Month(2024, 5),
        gross_fen=1_000_000,
    )  # fmt: skip
    approve(s, draft)
    # Gross ¥10,000.00, the property company's 30% kept, ¥7,000.00 owed by the 15th of June.
    assert closing(s, "1122") == 700_000
    assert closing(s, "5102") == 300_000
    s.clock.set(D(2024, 6, 15))
    assert arrears.arrears_report(s.ctx, s.compound).lines == ()
    s.clock.set(D(2024, 6, 16))
    late = arrears.arrears_report(s.ctx, s.compound).lines
    assert [(a.counterparty, a.outstanding_fen, a.days_overdue) for a in late] == [
        ("物业服务公司", 700_000, 1)
    ]
    # June is not reported yet: no transfer can be taken for it.
    with pytest.raises(WrongState, match="尚未报送"):
        receivables.receive(
            s.ctx, s.treasurer, compound=s.compound, ref=PARKING.ref, amount_fen=100,
            date=D(2024, 6, 16), period="2024-06",
        )  # fmt: skip
    approve(s, receivables.receive(
        s.ctx, s.treasurer, compound=s.compound, ref=PARKING.ref, amount_fen=700_000, date=D(2024, 6, 16)
    ))  # fmt: skip
    assert arrears.arrears_report(s.ctx, s.compound).lines == ()
    assert closing(s, "1122") == 0
    assert verify(s.ctx).ok


def test_a_discarded_receipt_frees_its_period_and_a_reversal_reopens_it(street: Street) -> None:
    s = street
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=ADS)
    receipt = dict(compound=s.compound, ref=ADS.ref, amount_fen=212_903, date=D(2024, 6, 3))
    first = receivables.receive(s.ctx, s.treasurer, **receipt)  # type: ignore[arg-type]
    # While the first draft waits, the same money cannot be taken again for March…
    second = receivables.receive(s.ctx, s.treasurer, **receipt)  # type: ignore[arg-type]
    view = contracts.show_contract(s.ctx, s.compound, ADS.ref)
    assert {p.key: p.pending_fen for p in view.periods if p.pending_fen} == {
        "2024-03": 212_903,
        "2024-04": 212_903,
    }
    entries.discard_draft(s.ctx, s.treasurer, second)
    voucher = approve(s, first)
    entries.approve_entry(
        s.ctx,
        s.checker2,
        entries.reverse_entry(s.ctx, s.treasurer, voucher, reason="收款记错", compound=s.compound),
    )
    view = contracts.show_contract(s.ctx, s.compound, ADS.ref)
    assert all(p.received_fen == 0 and p.pending_fen == 0 for p in view.periods)
    assert arrears.arrears_report(s.ctx, s.compound).lines[0].period_key == "2024-03"
    assert verify(s.ctx).ok


def test_ending_a_contract_stops_what_it_expects(street: Street) -> None:
    s = street
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=ADS)
    contracts.end_contract(
        s.ctx, s.checker, compound=s.compound, ref=ADS.ref, on=D(2024, 4, 15), reason="对方违约"
    )
    view = contracts.show_contract(s.ctx, s.compound, ADS.ref)
    assert view.state_label == "已终止"
    # March from the 10th, and half of April (15/30 of ¥3,000.00): nothing after.
    assert [(p.key, p.expected_fen) for p in view.periods] == [
        ("2024-03", 212_903),
        ("2024-04", 150_000),
    ]
    with pytest.raises(WrongState, match="不能再次终止"):
        contracts.end_contract(
            s.ctx, s.checker, compound=s.compound, ref=ADS.ref, on=D(2024, 5, 1), reason="再次"
        )


def refusals(s: Street) -> list[tuple[type[LedgerError], str, object]]:
    t = s.treasurer
    return [
        (PermissionDenied, "登记和终止收入合同", lambda: contracts.add_contract(
            s.ctx, s.supervisor, compound=s.compound, new=PARKING)),
        (PermissionDenied, "编制凭证草稿", lambda: receivables.receive(
            s.ctx, s.auditor, compound=s.compound, ref=ADS.ref, amount_fen=100, date=D(2024, 6, 1))),
        (NotFound, "没有编号为「无此合同」的合同", lambda: receivables.receive(
            s.ctx, t, compound=s.compound, ref="无此合同", amount_fen=100, date=D(2024, 6, 1))),
        (AlreadyExists, "已有编号为", lambda: contracts.add_contract(
            s.ctx, t, compound=s.compound, new=ADS)),
        (WrongState, "不能再次终止", lambda: contracts.end_contract(
            s.ctx, t, compound=s.compound, ref="GG-OLD", on=D(2024, 5, 1), reason="又一次")),
        (InvalidAmount, "必须大于零", lambda: receivables.receive(
            s.ctx, t, compound=s.compound, ref=ADS.ref, amount_fen=0, date=D(2024, 6, 1))),
        (InvalidAmount, "超过合同尚未收取", lambda: receivables.receive(
            s.ctx, t, compound=s.compound, ref="GG-OLD", amount_fen=10**9, date=D(2024, 6, 1))),
        (AlreadyExists, "已登记", lambda: collections.record_collection(
            s.ctx, t, compound=s.compound, ref=PARKING.ref, month=Month(2024, 5), gross_fen=100)),
        (WrongState, "直接收款合同", lambda: collections.record_collection(
            s.ctx, t, compound=s.compound, ref=ADS.ref, month=Month(2024, 5), gross_fen=100)),
        (LedgerError, "每期金额必须大于零", lambda: contracts.add_contract(
            s.ctx, t, compound=s.compound, new=NewContract(
                "GG-0", "某公司", ContractKind.DIRECT, "advertising", Frequency.MONTHLY, 0,
                D(2024, 3, 1)))),
        (LedgerError, "早于", lambda: contracts.add_contract(
            s.ctx, t, compound=s.compound, new=NewContract(
                "GG-1", "某公司", ContractKind.DIRECT, "advertising", Frequency.MONTHLY, 100,
                D(2023, 3, 1)))),
        (LedgerError, "没有应收科目", lambda: contracts.add_contract(
            s.ctx, t, compound=s.compound, new=NewContract(
                "QT-1", "某公司", ContractKind.DIRECT, "other", Frequency.MONTHLY, 100,
                D(2024, 3, 1)))),
    ]  # fmt: skip


def test_every_refusal_is_in_chinese_and_writes_nothing(street: Street) -> None:
    s = street
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=ADS)
    old = NewContract(
        "GG-OLD", "旧广告公司", ContractKind.DIRECT, "advertising", Frequency.MONTHLY, 100_000,
        D(2024, 1, 1), D(2024, 2, 29),
    )  # fmt: skip
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=old)
    contracts.end_contract(
        s.ctx, s.treasurer, compound=s.compound, ref="GG-OLD", on=D(2024, 2, 1), reason="提前解约"
    )
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=PARKING)
    collections.record_collection(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        ref=PARKING.ref,
        month=Month(2024, 5),
        gross_fen=100,
    )
    before = fingerprint(s)
    for error, words, call in refusals(s):
        with pytest.raises(error) as refused:
            call()  # type: ignore[operator]
        assert words in refused.value.message, refused.value.message
        assert fingerprint(s) == before, f"{words}: something was written"


def test_the_database_keeps_contract_terms_and_allocations_fixed(street: Street) -> None:
    s = street
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=ADS)
    receivables.receive(
        s.ctx, s.treasurer, compound=s.compound, ref=ADS.ref, amount_fen=100, date=D(2024, 6, 1)
    )
    for statement in (
        "UPDATE revenue_contract SET amount_fen = 1",
        "UPDATE revenue_contract SET ended_on = start_on, counterparty = 'x'",
        "DELETE FROM revenue_contract",
        "UPDATE contract_allocation SET amount_fen = 2",
        "DELETE FROM contract_allocation",
    ):
        with pytest.raises(IntegrityError), s.ctx.db.write() as session:
            session.execute(sa.text(statement))
    # Ending is the one change allowed, and only once.
    with s.ctx.db.write() as session:
        session.execute(sa.text("UPDATE revenue_contract SET ended_on = start_on"))
    with pytest.raises(IntegrityError), s.ctx.db.write() as session:
        session.execute(sa.text("UPDATE revenue_contract SET ended_on = end_on"))


def test_verify_finds_a_receipt_draft_edited_away_from_its_contract(street: Street) -> None:
    s = street
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=ADS)
    draft = receivables.receive(
        s.ctx, s.treasurer, compound=s.compound, ref=ADS.ref, amount_fen=100_000, date=D(2024, 6, 3)
    )
    entries.edit_draft(
        s.ctx, s.treasurer, draft, lines=[Line("1002", 100_000), Line("4302", -100_000)]
    )
    approve(s, draft)
    found = verify(s.ctx).findings
    assert [f.rule for f in found] == ["合同应收对应"]
