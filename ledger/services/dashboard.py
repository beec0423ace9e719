"""The dashboard read model: where a compound's money stands today and what is waiting for the
person who just signed in (drafts to approve, payments to gate, months to sign, projects in
their notice period or on hold, complaints not yet answered, money owed and overdue).

Money follows the bank account (专户) as the monthly notice does: this month's income and
spending are the bank's debits and credits of the month, so they equal `monthly_statement`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from ledger.domain.account import AccountRole
from ledger.domain.closing import MonthState
from ledger.domain.period import Month
from ledger.domain.project import ProjectState
from ledger.domain.roles import Action, roles_for
from ledger.services.access import require
from ledger.services.arrears import arrears_in
from ledger.services.context import Actor, Context
from ledger.services.inbox import inbox_in
from ledger.services.month_status import MonthStatus, month_status
from ledger.store import books, org
from ledger.store import statement_queries as q
from ledger.store.schema_controls import Complaint, MonthClose, Project

# Who takes the next step of a month in each state (the month-close state machine's order).
NEXT_ACTION = {
    MonthState.OPEN: Action.PREPARE_MONTH,
    MonthState.PREPARED: Action.REVIEW_MONTH,
    MonthState.REVIEWED: Action.SIGN_MONTH_COMMITTEE,
    MonthState.COMMITTEE_SIGNED: Action.SIGN_MONTH_COMMUNITY,
    MonthState.COMMUNITY_SIGNED: Action.PUBLISH_MONTH,
}


@dataclass(frozen=True)
class MonthTask:
    month: Month
    state_label: str
    next_step: str


@dataclass(frozen=True)
class Dashboard:
    compound: str
    today: dt.date
    bank_balance_fen: int  # every posted entry so far
    month_income_fen: int  # into the bank this month
    month_spending_fen: int  # out of the bank this month
    this_month: MonthStatus
    closing: tuple[MonthStatus, ...]  # earlier months not yet published, newest first
    drafts_open: int  # every open draft of the compound
    drafts_to_approve: int  # those this person may post now
    payments_to_gate: int  # major payments waiting for this person's community approval
    months_to_sign: tuple[MonthTask, ...]  # months whose next step is this person's role
    projects_in_notice: tuple[str, ...]
    projects_on_hold: tuple[str, ...]
    complaints_unanswered: int
    arrears_fen: int  # money owed to the compound and overdue today (contracts, collections)
    arrears_count: int  # how many contract periods that is


def dashboard(ctx: Context, actor: Actor, compound: str, today: dt.date) -> Dashboard:
    month = Month.of(today)
    this_status = month_status(ctx, compound, month)
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.READ, c)
        rules = ctx.rules.for_compound(c.name)
        owed = arrears_in(session, rules, c, today)
        bank = books.accounts_by_code(session, c.id)[rules.account_by_role(AccountRole.BANK).code]
        total_in, total_out = q.turnover_between(session, c.id, None, month).get(bank.id, (0, 0))
        month_in, month_out = q.turnover_between(session, c.id, month, month).get(bank.id, (0, 0))
        box = inbox_in(ctx, session, actor, c)
        projects = session.execute(
            select(Project.id, Project.title, Project.state)
            .where(
                Project.compound_id == c.id,
                Project.state.in_([ProjectState.PUBLICIZED.value, ProjectState.ON_HOLD.value]),
            )
            .order_by(Project.id)
        ).all()
        unanswered = session.execute(
            select(func.count())
            .select_from(Complaint)
            .where(Complaint.compound_id == c.id, Complaint.answered_on.is_(None))
        ).scalar_one()
        closing = session.execute(
            select(MonthClose.month)
            .where(MonthClose.compound_id == c.id, MonthClose.state != MonthState.PUBLISHED.value)
            .order_by(MonthClose.month)
        ).scalars()
        pending = {Month.parse(m) for m in closing} | {month.prev()}
        earlier = [
            month_status(ctx, compound, m)
            for m in sorted(pending, reverse=True)
            if m < month and m >= Month.of(c.opened_on)
        ]
        earlier = [s for s in earlier if s.state is not MonthState.PUBLISHED]
        tasks = []
        for status in reversed(earlier):
            action = NEXT_ACTION[status.state]
            if org.has_role_in_compound(session, actor.id, roles_for(action), c):
                tasks.append(MonthTask(status.month, status.state_label, status.next_step))
        return Dashboard(
            compound=c.name,
            today=today,
            bank_balance_fen=total_in - total_out,
            month_income_fen=month_in,
            month_spending_fen=month_out,
            this_month=this_status,
            closing=tuple(earlier),
            drafts_open=len(box.drafts),
            drafts_to_approve=len(box.to_approve),
            payments_to_gate=len(box.to_gate),
            months_to_sign=tuple(tasks),
            projects_in_notice=tuple(
                f"#{i} {t}" for i, t, s in projects if s == ProjectState.PUBLICIZED.value
            ),
            projects_on_hold=tuple(
                f"#{i} {t}" for i, t, s in projects if s == ProjectState.ON_HOLD.value
            ),
            complaints_unanswered=int(unanswered),
            arrears_fen=sum(a.outstanding_fen for a in owed),
            arrears_count=len(owed),
        )
