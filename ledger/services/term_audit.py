"""The term-end audit package (离任审计): `audit_person` plus what the one-page summary needs —
income by category over the term's months, the projects the person handled (stepped or
recorded a vote on), and the compound's open items at handover. Read only; needs AUDIT
(checked by `audit_person`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.account import AccountRole
from ledger.domain.audit_report import PersonAudit
from ledger.domain.period import Month, months_between
from ledger.domain.project import ProjectState
from ledger.domain.roles import Action
from ledger.domain.rules import Rules
from ledger.domain.term_audit import CategoryTotal, HandledProject, OpenItem, TermPackage
from ledger.services.access import require
from ledger.services.audit_query import audit_person
from ledger.services.context import Actor, Context
from ledger.store import books, org
from ledger.store import projects as project_repo
from ledger.store import statement_queries as q
from ledger.store.schema import Compound, Draft, PeriodLock
from ledger.store.schema_controls import Complaint, Project, ProjectObjection

__all__ = ["term_package"]

EXAMPLES = 3


def term_package(ctx: Context, actor: Actor, *, compound: str, person: str) -> TermPackage:
    audit = audit_person(ctx, actor, compound=compound, person=person)
    first, last = Month.of(audit.term_start), Month.of(audit.term_end)
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        require(session, actor, Action.AUDIT, c)
        rules = ctx.rules.for_compound(c.name)
        return TermPackage(
            audit=audit,
            first=first,
            last=last,
            categories=_categories(session, c, rules, first, last),
            projects=_projects(session, c, audit),
            open_items=_open_items(session, c, first, last),
        )


def _categories(
    session: Session, c: Compound, rules: Rules, first: Month, last: Month
) -> tuple[CategoryTotal, ...]:
    accounts = books.accounts_by_code(session, c.id)
    cost = accounts[rules.account_by_role(AccountRole.COST_SHARE).code]
    turnover = q.turnover_between(session, c.id, first, last)
    cut = q.category_amounts(session, c.id, cost.id, first, last)
    out = []
    for cat in rules.income_categories:
        account = accounts.get(cat.account)
        if account is None:
            continue
        debit, credit = turnover.get(account.id, (0, 0))
        line = CategoryTotal(cat.key, cat.name, credit - debit, cut.get(cat.key, 0))
        if line.gross_fen or line.deduction_fen:
            out.append(line)
    return tuple(out)


def _projects(session: Session, c: Compound, audit: PersonAudit) -> tuple[HandledProject, ...]:
    ids = {s.project_id for s in audit.records.project_steps} | {
        v.project_id for v in audit.records.votes
    }
    out = []
    for pid in sorted(ids):
        p = session.get(Project, pid)
        if p is None:
            continue
        state = ProjectState(p.state)
        out.append(
            HandledProject(
                p.id,
                p.title,
                state.value,
                state.label,
                p.budget_fen,
                project_repo.paid_fen(session, c.id, p.id),
                state.is_open,
            )
        )
    return tuple(out)


def _open_items(session: Session, c: Compound, first: Month, last: Month) -> tuple[OpenItem, ...]:
    drafts = list(
        session.execute(
            select(Draft).where(Draft.compound_id == c.id, Draft.state == "open").order_by(Draft.id)
        ).scalars()
    )
    projects = [p for p in project_repo.in_compound(session, c.id) if ProjectState(p.state).is_open]
    locked = set(
        session.execute(select(PeriodLock.month).where(PeriodLock.compound_id == c.id)).scalars()
    )
    # the current month cannot be published before it ends: only earlier months count
    start = max(first, Month.of(c.opened_on))
    unpublished = (
        [m for m in months_between(start, last.prev()) if str(m) not in locked]
        if start <= last.prev()
        else []
    )
    objections = list(
        session.execute(
            select(ProjectObjection)
            .where(ProjectObjection.compound_id == c.id, ProjectObjection.state == "open")
            .order_by(ProjectObjection.id)
        ).scalars()
    )
    complaints = list(
        session.execute(
            select(Complaint)
            .where(Complaint.compound_id == c.id, Complaint.answered_on.is_(None))
            .order_by(Complaint.id)
        ).scalars()
    )
    return (
        OpenItem(
            "drafts",
            "未过账的凭证草稿",
            len(drafts),
            tuple(f"#{d.id} {d.entry_date} {_short(d.memo)}" for d in drafts[:EXAMPLES]),
        ),
        OpenItem(
            "projects",
            "未结项的项目",
            len(projects),
            tuple(
                f"#{p.id} {_short(p.title)}（{ProjectState(p.state).label}）"
                for p in projects[:EXAMPLES]
            ),
        ),
        OpenItem(
            "months",
            "未公示的月份",
            len(unpublished),
            tuple(m.label for m in unpublished[:EXAMPLES]),
        ),
        OpenItem(
            "objections",
            "未处理的异议",
            len(objections),
            tuple(f"#{o.id} {o.filed_on} {_short(o.content)}" for o in objections[:EXAMPLES]),
        ),
        OpenItem(
            "complaints",
            "未答复的投诉建议",
            len(complaints),
            tuple(f"#{x.id} {x.received_on} {_short(x.content)}" for x in complaints[:EXAMPLES]),
        ),
    )


def _short(text: str, limit: int = 18) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"
