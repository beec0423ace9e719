"""Permission cases of the books and the projects: every service there that checks a
permission, with the action it needs and a set-up that returns the call to make as a given
actor. Each call of a set-up prepares a fresh target (see `permission_setups`), so every
allowed role can succeed on its own one. The controls' cases are in `permission_controls`."""

from __future__ import annotations

import datetime as dt
import itertools

from ledger.domain.contract import ContractKind
from ledger.domain.entry import Line
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.domain.rules import Frequency
from ledger.services import (
    bank_import,
    bank_match,
    contracts,
    dashboard,
    entries,
    project_notice,
    project_payments,
    project_votes,
    projects,
    receivables,
    reconcile,
    shortcuts,
)
from ledger.store import bank as bank_store
from ledger.store import org
from ledger.store import projects as project_store
from tests.conftest import Street
from tests.helpers import BANK, PARKING, post
from tests.services.permission_setups import (
    ASSEMBLY_PASSES,
    MAJOR_PAYMENT_FEN,
    SMALL_FEN,
    TODAY,
    Case,
    Run,
    draft,
    fresh,
    granted_seal,
    project,
    registry,
)

CASES: list[Case] = []
case = registry(CASES)

# Actions no service checks yet, each with the reason; the suite fails when one gets a service.
NO_SERVICE: dict[Action, str] = {}


@case(Action.READ)
def read_dashboard(s: Street) -> Run:
    # Every role of the compound may read it (no forbidden pair); the case shows the dashboard,
    # the one read model that checks, serves each of them.
    return lambda a: dashboard.dashboard(s.ctx, a, s.compound, TODAY)


# --- entries ------------------------------------------------------------------------------


@case(Action.DRAFT_ENTRY)
def draft_entry(s: Street) -> Run:
    lines = [Line(BANK, 100), Line(PARKING, -100)]
    return lambda a: entries.draft_entry(
        s.ctx, a, compound=s.compound, date=TODAY, memo="停车费", lines=lines
    )


@case(Action.DRAFT_ENTRY)
def draft_income(s: Street) -> Run:
    return lambda a: shortcuts.draft_income(
        s.ctx, a, compound=s.compound, date=TODAY, category="parking", gross_fen=10_000
    )


@case(Action.APPROVE_ENTRY)
def approve_entry(s: Street) -> Run:
    draft_id = draft(s)
    return lambda a: entries.approve_entry(s.ctx, a, draft_id)


@case(Action.REVERSE_ENTRY)
def reverse_entry(s: Street) -> Run:
    voucher = post(s, TODAY, [Line(BANK, 500), Line(PARKING, -500)])
    return lambda a: entries.reverse_entry(s.ctx, a, voucher, reason="录错", compound=s.compound)


# --- projects -----------------------------------------------------------------------------


@case(Action.PROPOSE_PROJECT)
def propose(s: Street) -> Run:
    return lambda a: projects.propose(
        s.ctx,
        a,
        compound=s.compound,
        title=fresh("路灯"),
        need="太暗",
        proposer="李",
        proposer_kind="resident",
        estimate_fen=SMALL_FEN,
    )


@case(Action.VERIFY_PROJECT)
def verify_need(s: Street) -> Run:
    pid = project(s, "proposed")
    return lambda a: projects.verify_need(s.ctx, a, pid, method="phone", evidence="电话")


@case(Action.REVIEW_PROJECT)
def legal_review(s: Street) -> Run:
    pid = project(s, "verified")
    return lambda a: projects.legal_review(
        s.ctx, a, pid, reviewer="律师", opinion="合法", passed=True
    )


@case(Action.QUOTE_PROJECT)
def add_quote(s: Street) -> Run:
    pid = project(s, "reviewed")
    return lambda a: projects.add_quote(
        s.ctx, a, pid, vendor="甲", amount_fen=SMALL_FEN, document="报价"
    )


@case(Action.CHOOSE_QUOTE)
def choose_quote(s: Street) -> Run:
    pid = project(s, "quoted")
    with s.ctx.db.read() as session:
        quote = project_store.quotes(session, pid)[0].id
    return lambda a: projects.choose_quote(s.ctx, a, pid, quote)


@case(Action.RECORD_VOTE)
def committee_vote(s: Street) -> Run:
    pid = project(s, "chosen")
    return lambda a: project_votes.committee_vote(
        s.ctx, a, pid, members=5, present=4, votes_for=3, against=1, abstain=0
    )


@case(Action.RECORD_VOTE)
def assembly_vote(s: Street) -> Run:
    pid = project(s, "chosen", large=True)
    return lambda a: project_votes.assembly_vote(s.ctx, a, pid, tally=ASSEMBLY_PASSES)


@case(Action.GATE_PROJECT)
def gate(s: Street) -> Run:
    pid = project(s, "voted", large=True)
    return lambda a: projects.gate(s.ctx, a, pid, approve=True, opinion="同意")


@case(Action.PUBLISH_PROJECT)
def publish(s: Street) -> Run:
    pid = project(s, "voted")
    granted_seal(s, "project_notice", project_id=pid)
    return lambda a: project_notice.publish(s.ctx, a, pid)


@case(Action.FILE_OBJECTION)
def file_objection(s: Street) -> Run:
    pid = project(s, "published", notice_from=TODAY)
    return lambda a: project_notice.file_objection(s.ctx, a, pid, resident="张", content="太贵")


@case(Action.RESOLVE_OBJECTION)
def resolve_objection(s: Street) -> Run:
    pid = project(s, "published", notice_from=TODAY)
    oid = project_notice.file_objection(s.ctx, s.supervisor, pid, resident="张", content="太贵")
    return lambda a: project_notice.resolve_objection(
        s.ctx, a, oid, outcome="dismissed", answer="已解释"
    )


@case(Action.START_PROJECT)
def start_work(s: Street) -> Run:
    pid = project(s, "published")
    return lambda a: project_notice.start_work(s.ctx, a, pid)


@case(Action.ACCEPT_PROJECT)
def accept(s: Street) -> Run:
    pid = project(s, "started")
    return lambda a: projects.accept(s.ctx, a, pid, result="合格", accepted_by="业委会")


@case(Action.CLOSE_PROJECT)
def close(s: Street) -> Run:
    pid = project(s, "accepted")
    return lambda a: projects.close(s.ctx, a, pid)


@case(Action.REJECT_PROJECT)
def reject(s: Street) -> Run:
    pid = project(s, "verified")
    return lambda a: projects.reject(s.ctx, a, pid, reason="不合规")


@case(Action.WITHDRAW_PROJECT)
def withdraw(s: Street) -> Run:
    pid = project(s, "proposed")
    return lambda a: projects.withdraw(s.ctx, a, pid, reason="重复提议")


@case(Action.DRAFT_PAYMENT)
def pay(s: Street) -> Run:
    pid = project(s, "started")
    return lambda a: project_payments.pay(
        s.ctx, a, project_id=pid, amount_fen=100_000, payee="甲", date=TODAY
    )


@case(Action.GATE_PAYMENT)
def gate_payment(s: Street) -> Run:
    pid = project(s, "started", large=True)
    draft_id = project_payments.pay(
        s.ctx, s.treasurer, project_id=pid, amount_fen=MAJOR_PAYMENT_FEN, payee="甲", date=TODAY
    )
    return lambda a: project_payments.gate_payment(s.ctx, a, draft_id, opinion="同意")


# --- contracts (issue 7) --------------------------------------------------------------------

_contract_serial = itertools.count(1)


def _contract(s: Street) -> str:
    ref = f"HT-{next(_contract_serial):04d}"
    contracts.add_contract(s.ctx, s.treasurer, compound=s.compound, new=_new_contract(ref))
    return ref


def _new_contract(ref: str) -> contracts.NewContract:
    return contracts.NewContract(
        ref,
        "电梯广告公司",
        ContractKind.DIRECT,
        "advertising",
        Frequency.MONTHLY,
        100_000,
        dt.date(2024, 1, 1),
    )


@case(Action.MANAGE_CONTRACT)
def add_contract(s: Street) -> Run:
    return lambda a: contracts.add_contract(
        s.ctx, a, compound=s.compound, new=_new_contract(f"HT-{next(_contract_serial):04d}")
    )


@case(Action.MANAGE_CONTRACT)
def end_contract(s: Street) -> Run:
    ref = _contract(s)
    return lambda a: contracts.end_contract(
        s.ctx, a, compound=s.compound, ref=ref, on=TODAY, reason="对方违约"
    )


@case(Action.DRAFT_ENTRY)
def receive_contract(s: Street) -> Run:
    ref = _contract(s)
    return lambda a: receivables.receive(
        s.ctx, a, compound=s.compound, ref=ref, amount_fen=50_000, date=TODAY
    )


# --- bank statements and reconciliation (issue 7) ---------------------------------------------


def _next_statement(s: Street) -> bytes:
    """A one-line statement that follows on from whatever was imported before."""
    with s.ctx.db.read() as session:
        last = bank_store.last_line(session, org.compound_by_name(session, s.compound).id, "")
    balance = (last.balance_fen if last else 0) + 10_000
    serial = f"P{next(_contract_serial):06d}"
    text = f"交易日期,摘要,收入金额,支出金额,余额,流水号\n2024-05-06,停车费,100.00,,{balance / 100:.2f},{serial}\n"
    return text.encode("utf-8")


@case(Action.IMPORT_BANK)
def import_statement(s: Street) -> Run:
    data = _next_statement(s)
    return lambda a: bank_import.import_statement(
        s.ctx, a, compound=s.compound, data=data, filename="对账单.csv"
    )


@case(Action.IMPORT_BANK)
def match_bank(s: Street) -> Run:
    return lambda a: bank_match.match_bank(s.ctx, a, compound=s.compound)


@case(Action.RECONCILE)
def reconcile_month(s: Street) -> Run:
    return lambda a: reconcile.reconcile(
        s.ctx, a, compound=s.compound, month=Month(2024, 5), bank_balance_fen=0
    )
