"""Replay the demo street's history month by month through the real services.

Deterministic: amounts come from a seeded generator keyed by compound and month, timestamps
from the entry dates (a replay clock), so the same `until` always gives the same books. Months
close in order (`closing.py`): up to two months before `until` published with every signature,
the month before `until` prepared and awaiting its sign-offs, `until` itself still open.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ledger.demo import bank as demo_bank
from ledger.demo import closing
from ledger.demo import complaints as demo_complaints
from ledger.demo import contracts as demo_contracts
from ledger.demo.data import COMMUNITIES, COMPOUNDS, STREET, STREET_PEOPLE, DemoCompound
from ledger.demo.project_steps import Cast, ProjectRun, run_step
from ledger.demo.projects import ARTICLE, current
from ledger.demo.replay import DemoSummary, ReplayClock
from ledger.domain.account import AccountRole
from ledger.domain.entry import Line
from ledger.domain.period import Month, months_between
from ledger.domain.roles import Role
from ledger.domain.rules import RuleBook
from ledger.services import entries, organisation, shortcuts
from ledger.services.context import Actor, Context
from ledger.store.database import Database

FIRST_MONTH = Month(2021, 12)
CORRECTION_COMPOUND, CORRECTION_MONTH = "迎宾花苑", Month(2024, 5)
INTEREST_BP_YEAR = 35  # 0.35% a year on the current-account balance


@dataclass
class _Books:
    spec: DemoCompound
    treasurer: Actor
    checker: Actor
    community: Actor
    supervisor: Actor
    bank_fen: int = 0
    projects: list[ProjectRun] = field(default_factory=list)
    complaint: int = 0  # the complaint waiting for its answer
    bank: demo_bank.BankLedger = field(default_factory=demo_bank.BankLedger)

    @property
    def cast(self) -> Cast:
        return Cast(self.treasurer, self.checker, self.supervisor, self.community)


def build_demo(
    db: Database, rules: RuleBook, *, until: Month, today: dt.date, password: str
) -> DemoSummary:
    clock = ReplayClock(COMPOUNDS[0].opened_on - dt.timedelta(days=7))
    ctx = Context(db=db, rules=rules, clock=clock)
    summary = DemoSummary()
    admin = _setup(ctx, password, summary)
    actors = {u: a for u, a in _users(ctx, admin, password, summary).items()}
    books: dict[str, _Books] = {}
    for month in months_between(FIRST_MONTH, until):
        for spec in COMPOUNDS:
            if Month.of(spec.opened_on) > month:
                continue
            if spec.name not in books:
                books[spec.name] = _open(ctx, admin, spec, actors, summary, password)
                books[spec.name].projects = [
                    ProjectRun(p)
                    for p in (*ARTICLE, *current(today))
                    if p.compound == spec.name and p.timeline["proposed"] >= spec.opened_on
                ]
            if Month.of(spec.opened_on) < month:
                _close_month(ctx, books[spec.name], month.prev(), until, today, summary)
            _replay_month(ctx, books[spec.name], month, today, summary)
    return summary


def _close_month(
    ctx: Context, b: _Books, month: Month, until: Month, today: dt.date, summary: DemoSummary
) -> None:
    assert isinstance(ctx.clock, ReplayClock)
    publish = month < until.prev()
    cast = {"treasurer": b.treasurer, "supervisor": b.supervisor, "community": b.community}

    def reconcile() -> None:
        demo_bank.reconcile_month(ctx, b.bank, b.spec, month, b.treasurer)

    if closing.close_month(
        ctx,
        ctx.clock.at,
        b.spec.name,
        month,
        today,
        publish=publish,
        committee=b.checker,
        reconcile=reconcile,
        **cast,
    ):
        summary.locked_months += 1 if publish else 0
        summary.prepared_months += 0 if publish else 1


def _setup(ctx: Context, password: str, summary: DemoSummary) -> Actor:
    admin_spec = STREET_PEOPLE[0]
    admin = organisation.bootstrap_street(
        ctx, street=STREET, admin=admin_spec.user, admin_display=admin_spec.name, password=password
    )
    summary.users.append((admin.name, admin.display_name, f"街道@{STREET}"))
    for community in COMMUNITIES:
        organisation.create_community(ctx, admin, street=STREET, name=community)
    return admin


def _users(ctx: Context, admin: Actor, password: str, summary: DemoSummary) -> dict[str, Actor]:
    out: dict[str, Actor] = {}

    def add(user: str, name: str, role: Role, **scope: str) -> None:
        uid = organisation.create_user(ctx, admin, name=user, display_name=name, password=password)
        organisation.grant_role(ctx, admin, user=user, role=role, **scope)
        out[user] = Actor(uid, user, name)
        summary.users.append((user, name, f"{role.label}@{next(iter(scope.values()))}"))

    auditor = STREET_PEOPLE[1]
    add(auditor.user, auditor.name, Role.AUDITOR, street=STREET)
    for community, (name, user) in COMMUNITIES.items():
        add(user, f"社区党委书记 {name}", Role.COMMUNITY, community=community)
    return out


def _open(
    ctx: Context,
    admin: Actor,
    spec: DemoCompound,
    actors: dict[str, Actor],
    summary: DemoSummary,
    password: str,
) -> _Books:
    assert isinstance(ctx.clock, ReplayClock)
    ctx.clock.at(spec.opened_on)
    organisation.create_compound(
        ctx,
        admin,
        street=STREET,
        community=spec.community,
        name=spec.name,
        opened_on=spec.opened_on,
        households=spec.households,
        bank_name="中国工商银行库尔勒迎宾支行",
        bank_account_no=spec.bank_account_no,
    )
    summary.compounds.append(spec.name)
    people: dict[str, Actor] = {}
    for p in spec.people:
        uid = organisation.create_user(
            ctx, admin, name=p.user, display_name=p.name, password=password
        )
        organisation.grant_role(ctx, admin, user=p.user, role=Role(p.role), compound=spec.name)
        people.setdefault(p.role, Actor(uid, p.user, p.name))
        summary.users.append((p.user, p.name, f"{Role(p.role).label}@{spec.name}"))
    community = actors[COMMUNITIES[spec.community][1]]
    b = _Books(spec, people["treasurer"], people["committee"], community, people["supervisor"])
    if spec.opening_fen:
        bank = ctx.rules.for_compound(spec.name).account_by_role(AccountRole.BANK).code
        draft = shortcuts.draft_opening(
            ctx,
            b.treasurer,
            compound=spec.name,
            date=spec.opened_on,
            balances_fen={bank: spec.opening_fen},
        )
        _approve(ctx, b, draft, summary, bank_change=spec.opening_fen)
    return b


def _approve(ctx: Context, b: _Books, draft: int, summary: DemoSummary, *, bank_change: int) -> str:
    voucher = entries.approve_entry(ctx, b.checker, draft)
    b.bank_fen += bank_change
    summary.entries += 1
    return voucher


def _replay_month(
    ctx: Context, b: _Books, month: Month, today: dt.date, summary: DemoSummary
) -> None:
    assert isinstance(ctx.clock, ReplayClock)
    rng = random.Random(f"{b.spec.name}/{month}")
    rules = ctx.rules.for_compound(b.spec.name)
    bank = rules.account_by_role(AccountRole.BANK).code
    events: list[tuple[dt.date, str, object]] = []
    for inc in b.spec.incomes:
        if demo_contracts.covers(b.spec, inc.category, month):
            continue  # the contract's receipts bring this money in (demo/contracts.py)
        if month.month % inc.every_months == 0 or inc.every_months == 1:
            gross = rng.randint(inc.low_yuan * 10, inc.high_yuan * 10) * 10
            events.append((month.first_day.replace(day=inc.day), "income", (inc, gross)))
    for run in b.projects:
        for day, rank, step in run.events:
            if Month.of(day) == month:
                events.append((day, f"project{rank:03d}", (run, step)))
    # The bank takes its fee on the month's last day; the treasurer books it on the 2nd of
    # the next month, from the bank's receipt (an item in transit at the month's end).
    fee = rng.randint(5, 30) * 100
    events.append((month.first_day.replace(day=2), "fee", (b.bank.month_end_fee, month.prev())))
    events += demo_contracts.events(b.spec, month)
    if month.month in (3, 6, 9, 12):
        events.append((month.first_day.replace(day=21), "interest", None))
    if demo_complaints.complaints_in(month):
        events.append((month.first_day.replace(day=demo_complaints.ASK_DAY), "complaint", None))
        events.append(
            (month.first_day.replace(day=demo_complaints.ANSWER_DAY), "complaint_answer", None)
        )
    if month.month == 1 and Month.of(b.spec.opened_on) < month.prev():
        events.append((month.first_day.replace(day=18), "audit_fee", 300000))
    for day, kind, data in sorted(events, key=lambda e: (e[0], e[1])):
        if day > today or day < b.spec.opened_on:
            continue
        ctx.clock.at(day)
        if kind == "complaint":
            b.complaint = demo_complaints.record(ctx, b.spec.name, month, day, by=b.supervisor)
            continue
        if kind == "complaint_answer":
            if b.complaint:
                demo_complaints.answer(ctx, b.complaint, month, day, by=b.checker)
                b.complaint = 0
            continue
        if kind.startswith("contract"):
            post = lambda draft, change: _approve(ctx, b, draft, summary, bank_change=change)  # noqa: E731
            demo_contracts.run(ctx, b.cast, b.spec, kind, data, day, post)
            continue
        if kind.startswith("project"):
            run, step = data  # type: ignore[misc]
            run_step(
                ctx,
                b.cast,
                run,
                step,
                day,
                lambda draft, change: _approve(ctx, b, draft, summary, bank_change=change),
            )
            continue
        if kind == "income":
            inc, gross = data  # type: ignore[misc]
            cat = rules.category(inc.category)
            draft = shortcuts.draft_income(
                ctx,
                b.treasurer,
                compound=b.spec.name,
                date=day,
                category=inc.category,
                gross_fen=gross,
                memo=f"{month.label}{inc.memo or cat.name}",
                attachment_count=1,
            )
            _approve(ctx, b, draft, summary, bank_change=gross - cat.cost_share_fen(gross))
            continue
        lines, memo = _other_lines(rules, bank, b, kind, data)
        if not lines:
            continue
        draft = entries.draft_entry(
            ctx,
            b.treasurer,
            compound=b.spec.name,
            date=day,
            memo=memo,
            lines=lines,
            kind="payment" if kind == "payment" else "general",
            attachment_count=2 if kind == "payment" else 1,
        )
        voucher = _approve(
            ctx,
            b,
            draft,
            summary,
            bank_change=sum(x.amount_fen for x in lines if x.account_code == bank),
        )
        if kind == "fee":
            b.bank.fee_vouchers.add(voucher)
    b.bank.month_end_fee = fee if b.bank_fen >= fee and month.last_day <= today else 0
    if (b.spec.name, month) == (CORRECTION_COMPOUND, CORRECTION_MONTH):
        _correction_story(ctx, b, today, summary)


def _correction_story(ctx: Context, b: _Books, today: dt.date, summary: DemoSummary) -> None:
    """A mistyped advertising receipt, reversed by a reversal entry, then recorded right."""
    assert isinstance(ctx.clock, ReplayClock)
    wrong, right = 320000, 230000
    cat = ctx.rules.for_compound(b.spec.name).category("advertising")
    steps = (dt.date(2024, 5, 27), dt.date(2024, 5, 28))
    if steps[1] > today:
        return
    ctx.clock.at(steps[0])
    draft = shortcuts.draft_income(
        ctx,
        b.treasurer,
        compound=b.spec.name,
        date=steps[0],
        category="advertising",
        gross_fen=wrong,
        memo="2024年5月单元门禁广告",
        attachment_count=1,
    )
    voucher = _approve(ctx, b, draft, summary, bank_change=wrong - cat.cost_share_fen(wrong))
    ctx.clock.at(steps[1])
    draft = entries.reverse_entry(
        ctx,
        b.treasurer,
        voucher,
        compound=b.spec.name,
        date=steps[1],
        reason="金额录错：合同约定月租 2,300 元，误录为 3,200 元",
    )
    _approve(ctx, b, draft, summary, bank_change=-(wrong - cat.cost_share_fen(wrong)))
    draft = shortcuts.draft_income(
        ctx,
        b.treasurer,
        compound=b.spec.name,
        date=steps[1],
        category="advertising",
        gross_fen=right,
        memo="2024年5月单元门禁广告（更正后重记）",
        attachment_count=1,
    )
    _approve(ctx, b, draft, summary, bank_change=right - cat.cost_share_fen(right))


def _other_lines(rules, bank: str, b: _Books, kind: str, data: object) -> tuple[list[Line], str]:  # type: ignore[no-untyped-def]
    if kind == "payment":
        pay = data
        return [Line(pay.account, pay.amount_fen), Line(bank, -pay.amount_fen)], pay.memo  # type: ignore[attr-defined]
    if kind == "fee":
        assert isinstance(data, tuple)
        amount, month = data
        assert isinstance(amount, int) and isinstance(month, Month)
        if amount <= 0:
            return [], ""  # a new account with nothing in it yet was not charged
        fee = rules.account_by_role(AccountRole.BANK_FEE).code
        memo = f"{month.label}账户管理费（银行{month.last_day.day}日扣收）"
        return [Line(fee, amount), Line(bank, -amount)], memo
    if kind == "interest":
        interest = b.bank_fen * INTEREST_BP_YEAR // 10000 // 4
        if interest <= 0:
            return [], ""
        acct = rules.account_by_role(AccountRole.INTEREST).code
        return [Line(bank, interest), Line(acct, -interest)], "银行存款结息"
    audit_acct = next(a.code for a in rules.accounts if "审计" in a.name)
    return [Line(audit_acct, int(data)), Line(bank, -int(data))], "年度公共收益收支审计费"  # type: ignore[call-overload]
