"""A small street with at least two rows of every kind the tamper tests change: receipts, an
income with its category, a voucher with two attachments, a reversal, two closed months (locks,
closes, sign-offs, seal lines), a large project paid twice through the community's gate (votes,
quotes, steps, payment approvals), a small one with two objections, two complaints and two
refused attempts; beside the books, two revenue contracts with what their entries raised and
cleared, two bank imports whose lines are matched or turned into suggested drafts, and two
maintenance-fund transfers (the rule book is Shanghai's, which asks for them)."""

from __future__ import annotations

import datetime as dt

import pytest

from ledger.domain.entry import Attachment, Line
from ledger.domain.errors import PermissionDenied
from ledger.domain.period import Month
from ledger.domain.rules import RuleBook
from ledger.interop.rules_yaml import parse_rules
from ledger.services import (
    bank_import,
    bank_match,
    collections,
    complaints,
    contracts,
    entries,
    fund_share,
    project_notice,
    project_payments,
    receivables,
    shortcuts,
)
from tests.conftest import ROOT, Street
from tests.helpers import BANK, COST, close_month, ledger_bank_fen, post, receive
from tests.services import project_walk as walk
from tests.services.bank_files import statement
from tests.services.contract_terms import ADS, PARKING

D = dt.date


def build(s: Street) -> None:
    receive(s, D(2024, 1, 10), 30_000_000)
    s.clock.set(D(2024, 1, 12))
    income = shortcuts.draft_income(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=D(2024, 1, 12),
        category="parking",
        gross_fen=120_000,
    )
    entries.approve_entry(s.ctx, s.checker, income)
    s.clock.set(D(2024, 1, 15))
    with_files = entries.draft_entry(
        s.ctx,
        s.treasurer,
        compound=s.compound,
        date=D(2024, 1, 15),
        memo="保洁费",
        lines=[Line(COST, 30_000, "一月"), Line(BANK, -30_000, "转账")],
        attachments=[Attachment("a" * 64, "发票.jpg"), Attachment("b" * 64, "合同.pdf")],
        attachment_count=2,
    )
    wrong = entries.approve_entry(s.ctx, s.checker, with_files)
    receive(s, D(2024, 1, 20), 5_000)
    s.clock.set(D(2024, 1, 25))
    reversal = entries.reverse_entry(s.ctx, s.treasurer, wrong, reason="金额录错")
    entries.approve_entry(s.ctx, s.checker, reversal)
    s.clock.set(D(2024, 2, 5))
    close_month(s, Month(2024, 1))
    post(s, D(2024, 2, 10), [Line(COST, 1_000), Line(BANK, -1_000)], "手续费")
    s.clock.set(D(2024, 3, 5))
    close_month(s, Month(2024, 2))

    s.clock.set(D(2024, 3, 6))
    big = walk.started(s, title="屋面防水", budget_fen=10_000_000, start=D(2024, 3, 20))
    for day in (D(2024, 3, 21), D(2024, 3, 22)):
        s.clock.set(day)
        draft = project_payments.pay(
            s.ctx, s.treasurer, project_id=big, amount_fen=5_000_000, payee="甲", date=day
        )
        project_payments.gate_payment(s.ctx, s.community, draft, opinion="同意")
        walk.seal_for(s, "payment", draft_id=draft)
        entries.approve_entry(s.ctx, s.checker, draft)
    s.clock.set(D(2024, 3, 23))
    small = walk.published(s, title="健身器材", budget_fen=300_000)
    for resident, text in (("甲", "选址不当"), ("乙", "费用偏高")):
        project_notice.file_objection(s.ctx, s.supervisor, small, resident=resident, content=text)
    first = complaints.record_complaint(
        s.ctx,
        s.supervisor,
        compound=s.compound,
        channel="hotline",
        received_on=D(2024, 3, 23),
        resident="3号楼王女士",
        content="停车费去向",
        project_id=None,
    )
    complaints.record_complaint(
        s.ctx,
        s.checker,
        compound=s.compound,
        channel="box",
        received_on=D(2024, 3, 23),
        resident="5号楼李先生",
        content="健身器材选址",
        project_id=small,
    )
    complaints.answer_complaint(
        s.ctx, s.checker, first, answer="已张贴明细", answered_on=D(2024, 3, 23)
    )
    for who in (s.auditor, s.community):
        with pytest.raises(PermissionDenied):
            entries.draft_entry(
                s.ctx,
                who,
                compound=s.compound,
                date=D(2024, 3, 23),
                memo="越权",
                lines=[Line(BANK, 1), Line("4301", -1)],
            )
    beside_the_books(s)


def rules() -> RuleBook:
    """The street's rule book with Shanghai's maintenance-fund share (half of net revenue,
    quarterly), so the story can transfer it."""
    text = (ROOT / "rules.yaml").read_text(encoding="utf-8")
    fund = text[text.index("maintenance_fund:\n") :].split("\n\n", 1)[0]
    return parse_rules(text.replace(fund, "maintenance_fund:\n  preset: shanghai"))


def beside_the_books(s: Street) -> None:
    ctx, t, c = s.ctx, s.treasurer, s.compound
    s.clock.set(D(2024, 3, 25))
    ads, parking = ADS, PARKING
    for new in (ads, parking):
        contracts.add_contract(ctx, t, compound=c, new=new)
    paid = receivables.receive(
        ctx, t, compound=c, ref=ads.ref, amount_fen=100_000, date=D(2024, 3, 25)
    )
    entries.approve_entry(ctx, s.checker, paid)
    collections.record_collection(
        ctx, t, compound=c, ref=parking.ref, month=Month(2024, 2), gross_fen=1_000_000,
        date=D(2024, 3, 25),
    )  # fmt: skip
    # The bank's March statement in two files: the two project payments, then a fee and
    # interest the books do not hold yet (suggested drafts).
    opening = ledger_bank_fen(s, Month(2024, 2))
    first = [
        (D(2024, 3, 21), "工程款", -5_000_000, "甲", "M1"),
        (D(2024, 3, 22), "工程款", -5_000_000, "甲", "M2"),
    ]
    second = [
        (D(2024, 3, 24), "账户管理费", -500, "", "M3"),
        (D(2024, 3, 24), "结息", 120, "", "M4"),
    ]
    for name, rows, start in (
        ("3月上.csv", first, opening),
        ("3月下.csv", second, opening - 10_000_000),
    ):
        bank_import.import_statement(ctx, t, compound=c, data=statement(rows, start), filename=name)
    bank_match.match_bank(ctx, t, compound=c, month=Month(2024, 3))
    s.clock.set(D(2024, 4, 2))
    quarter = Month(2024, 1)
    fund_share.transfer(ctx, t, compound=c, period=quarter, amount_fen=10_000)
    entries.approve_entry(ctx, s.checker, fund_share.transfer(ctx, t, compound=c, period=quarter))
