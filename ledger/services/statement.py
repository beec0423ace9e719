"""The monthly statement read model: every number of the disclosure notice, from queries.

Projects are shown as they stood at the end of the month (the last step recorded on or
before its last day), so an old month's notice reads the same tomorrow as today.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.account import AccountRole
from ledger.domain.period import Month
from ledger.domain.project import ProjectState
from ledger.domain.rules import Rules
from ledger.domain.statement import (
    CategoryLine,
    MonthlyStatement,
    PaymentLine,
    ProjectLine,
)
from ledger.services.context import Context
from ledger.services.month_status import month_status
from ledger.services.statement_bank import bank_parts
from ledger.services.statement_contracts import contract_parts
from ledger.services.statement_parts import complaints_of, signatures_of
from ledger.store import books, org, seals
from ledger.store import projects as project_repo
from ledger.store import statement_queries as q
from ledger.store.schema import Account, Compound
from ledger.store.schema_controls import Project, ProjectStep

_NO_SUMS = q.AccountSums(0, (0, 0), (0, 0), (0, 0))
LEGAL_BASIS = "依据《中华人民共和国民法典》第二百八十二条、本小区管理规约及公共收益管理办法公示"


def compound_names(ctx: Context) -> list[str]:
    with ctx.db.read() as session:
        return [c.name for c in org.all_compounds(session)]


def monthly_statement(ctx: Context, compound: str, month: Month) -> MonthlyStatement:
    status = month_status(ctx, compound, month)
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        rules = ctx.rules.for_compound(c.name)
        accounts = books.accounts_by_code(session, c.id)
        bank = accounts[rules.account_by_role(AccountRole.BANK).code]
        sums = q.account_sums(session, c.id, month)
        bank_sums = sums.get(bank.id, _NO_SUMS)
        opening = bank_sums.before
        month_in, month_out = bank_sums.month
        ytd_in, ytd_out = bank_sums.ytd
        all_in, all_out = bank_sums.total
        projects = _projects_at(session, c, month)
        seal = seals.granted_seal(session, c.id, kind="month_notice", month=str(month))
        lock = books.lock_of(session, c.id, month)
        signatures = signatures_of(status)
        published = next((s.date for s in signatures if s.role == "公示"), None)
        return MonthlyStatement(
            compound=c.name,
            month=str(month),
            month_label=month.label,
            state=status.state.value,
            state_label=status.state_label,
            opening_fen=opening,
            income_fen=month_in,
            spending_fen=month_out,
            closing_fen=opening + month_in - month_out,
            income_ytd_fen=ytd_in,
            spending_ytd_fen=ytd_out,
            income_total_fen=all_in,
            spending_total_fen=all_out,
            opened_on=c.opened_on,
            categories=_categories(session, c, rules, accounts, month, sums),
            payments=_payments(session, c, bank, month, projects),
            in_notice=tuple(p for p in projects.values() if p.state == ProjectState.PUBLICIZED),
            on_hold=tuple(p for p in projects.values() if p.state == ProjectState.ON_HOLD),
            in_progress=tuple(p for p in projects.values() if p.state == ProjectState.IN_PROGRESS),
            finished=_finished(session, c, month, projects),
            complaints=complaints_of(session, c.id, month),
            signatures=signatures,
            seal_register_no=seal.register_no if seal else None,
            verification_code=lock.snapshot_hash if lock else None,
            posted_from=published,
            posted_until=month.next().last_day if published else None,
            hotline=rules.supervision.hotline,
            suggestion_box=rules.supervision.suggestion_box,
            legal_basis=LEGAL_BASIS,
            **contract_parts(ctx, session, rules, c, month),
            **bank_parts(session, c, month),
        )


def _categories(
    session: Session,
    c: Compound,
    rules: Rules,
    accounts: dict[str, Account],
    month: Month,
    sums: dict[int, q.AccountSums],
) -> tuple[CategoryLine, ...]:
    cost = accounts[rules.account_by_role(AccountRole.COST_SHARE).code]
    cut_now, cut_ytd = q.category_amounts_month_and_ytd(session, c.id, cost.id, month)
    out = []
    for cat in rules.income_categories:
        account = accounts.get(cat.account)
        if account is None:
            continue
        d, cr = sums.get(account.id, _NO_SUMS).month
        yd, ycr = sums.get(account.id, _NO_SUMS).ytd
        line = CategoryLine(
            cat.key, cat.name, cr - d, cut_now.get(cat.key, 0), ycr - yd, cut_ytd.get(cat.key, 0)
        )
        if line.gross_ytd_fen or line.deduction_ytd_fen:
            out.append(line)
    return tuple(out)


def _projects_at(session: Session, c: Compound, month: Month) -> dict[int, ProjectLine]:
    """Every project as it stood at the month's end."""
    out: dict[int, ProjectLine] = {}
    for p in project_repo.in_compound(session, c.id):
        last = session.execute(
            select(ProjectStep.to_state)
            .where(ProjectStep.project_id == p.id, ProjectStep.on_date <= month.last_day)
            .order_by(ProjectStep.seq.desc())
            .limit(1)
        ).scalar_one_or_none()
        if last is None:
            continue
        state = ProjectState(last)
        out[p.id] = ProjectLine(
            p.id,
            p.title,
            state.value,
            state.label,
            p.budget_fen,
            q.project_paid_through(session, c.id, p.id, month),
            p.notice_start,
            p.notice_end,
        )
    return out


def _finished(
    session: Session, c: Compound, month: Month, projects: dict[int, ProjectLine]
) -> tuple[ProjectLine, ...]:
    done = (
        session.execute(
            select(ProjectStep.project_id).where(
                ProjectStep.compound_id == c.id,
                ProjectStep.action.in_(("accept", "close")),
                ProjectStep.on_date >= month.first_day,
                ProjectStep.on_date <= month.last_day,
            )
        )
        .scalars()
        .all()
    )
    return tuple(projects[i] for i in sorted(set(done)) if i in projects)


def _payments(
    session: Session, c: Compound, bank: Account, month: Month, projects: dict[int, ProjectLine]
) -> tuple[PaymentLine, ...]:
    out = []
    for entry, net, memo in q.bank_movements(session, c.id, bank.id, month):
        if net >= 0:
            continue
        title, basis = "", ""
        if entry.project_id is not None:
            p = session.get(Project, entry.project_id)
            title = p.title if p else ""
            basis = _basis(session, entry.project_id)
        out.append(
            PaymentLine(entry.entry_date, entry.voucher_no, entry.memo, title, memo, -net, basis)
        )
    return tuple(out)


def _basis(session: Session, project_id: int) -> str:
    """The vote and the notice a payment rests on, as the notice prints it."""
    steps = project_repo.steps(session, project_id)
    vote = next((s for s in reversed(steps) if s.action == "vote" and s.to_state == "voted"), None)
    notice = next((s for s in reversed(steps) if s.action == "publish"), None)
    parts = []
    if vote is not None:
        body = "业主大会" if "参与表决" in vote.evidence else "业委会"
        parts.append(f"{vote.on_date} {body}表决通过")
    if notice is not None:
        details = json.loads(notice.details)
        parts.append(f"公示 {details.get('notice_start')} 至 {details.get('notice_end')}")
    return "；".join(parts)
