"""The auditor workbook's read model (经济责任审计统一规范): one compound, or the whole street.

`open_workbook` opens ONE read transaction (repeatable read on
PostgreSQL, a snapshot on SQLite) and yields the `WorkbookData` while it is open: every
sheet's row count is already known from cheap COUNT queries and small sums, and the long
sheets (journal, ledgers, audit trail) are generators the renderer drains one after another
inside that same snapshot (`verify`, for the cover, reads on its own connection meanwhile), so the counts on the cover are the rows in the sheets and a
street's ten years never sit in memory. `open_sheet` does the same for one sheet (the csv).

The period is whole months: `first` defaults to the month the (earliest) account was opened,
`last` to the current month. In a street workbook every sheet starts with a 小区 column and
holds the compounds one after another, in the order they were set up. With `by`, the cover
names who generated the workbook, and that user must hold the export permission there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain import journal_layout
from ledger.domain import workbook as wb
from ledger.domain.clock import local_today
from ledger.domain.errors import InvalidInput, NotFound
from ledger.domain.hashing import GENESIS_HASH
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.services import workbook_books as books
from ledger.services import workbook_projects as projects
from ledger.services import workbook_records as records
from ledger.services.access import require
from ledger.services.audit_rows import user_names
from ledger.services.context import Actor, Context
from ledger.services.verify import verify
from ledger.services.workbook_scope import Part, Scope
from ledger.store import org
from ledger.store.schema import Compound, Entry, Street


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[wb.Column, ...]
    build: Callable[[Scope], Part]


SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(wb.TRIAL_BALANCE, books.TRIAL_BALANCE_COLUMNS, books.trial_balance),
    SheetSpec(wb.JOURNAL, journal_layout.JOURNAL_COLUMNS, books.journal),
    SheetSpec(wb.LEDGERS, books.LEDGER_COLUMNS, books.ledgers),
    SheetSpec(wb.PROJECTS, projects.PROJECT_COLUMNS, projects.projects),
    SheetSpec(wb.VOTES, projects.VOTE_COLUMNS, projects.votes),
    SheetSpec(wb.QUOTES, projects.QUOTE_COLUMNS, projects.quotes),
    SheetSpec(wb.SEALS, records.SEAL_COLUMNS, records.seals),
    SheetSpec(wb.AUDIT_TRAIL, records.AUDIT_COLUMNS, records.audit_trail),
    SheetSpec(wb.SIGNOFFS, records.SIGNOFF_COLUMNS, records.signoffs),
    SheetSpec(wb.OPINIONS, records.OPINION_COLUMNS, records.opinions),
)


@contextmanager
def open_workbook(
    ctx: Context,
    *,
    compound: str | None,
    first: Month | None = None,
    last: Month | None = None,
    by: Actor | None = None,
) -> Iterator[wb.WorkbookData]:
    """The workbook of `compound` (None: every compound of the database) over the period."""
    with _scopes(ctx, compound, first, last, by) as (session, scopes, scope_name):
        report = verify(ctx, compound)
        sheets = tuple(_sheet(spec, scopes, street=compound is None) for spec in SHEETS)
        period = (scopes[0].first, scopes[0].last)
        cover = wb.Cover(
            scope=scope_name,
            compounds=tuple(s.compound.name for s in scopes),
            first=period[0],
            last=period[1],
            generated_at=ctx.clock(),
            generated_by=by.display_name if by is not None else None,
            heads=tuple(_head(session, s) for s in scopes),
            verify_ok=report.ok,
            verify_entries=report.entries,
            verify_findings=tuple(str(f) for f in report.findings),
            verify_digest=report.digest,
        )
        yield wb.WorkbookData(cover, sheets)


@contextmanager
def open_sheet(
    ctx: Context,
    name: str,
    *,
    compound: str | None,
    first: Month | None = None,
    last: Month | None = None,
) -> Iterator[wb.SheetData]:
    """One sheet of the workbook (e.g. the journal, for the csv export), streamed the same way."""
    spec = next((s for s in SHEETS if s.name == name), None)
    if spec is None:
        raise NotFound(f"工作簿里没有工作表「{name}」")
    with _scopes(ctx, compound, first, last, None) as (_, scopes, _):
        yield _sheet(spec, scopes, street=compound is None)


@contextmanager
def _scopes(
    ctx: Context, compound: str | None, first: Month | None, last: Month | None, by: Actor | None
) -> Iterator[tuple[Session, list[Scope], str]]:
    with ctx.db.read() as session:
        _snapshot(session)
        if compound is not None:
            compounds = [org.compound_by_name(session, compound)]
            scope_name = compounds[0].name
        else:
            compounds = org.all_compounds(session)
            if not compounds:
                raise NotFound("数据库里还没有任何小区，无从导出")
            streets = session.execute(select(Street.name).order_by(Street.id)).scalars().all()
            scope_name = f"{'、'.join(streets)}（全部 {len(compounds)} 个小区）"
        if by is not None:
            for c in compounds:
                require(session, by, Action.EXPORT, c)
        period = _period(ctx, compounds, first, last)
        names = user_names(session)
        scopes = [
            Scope(session, c, period, names, ctx.rules.for_compound(c.name)) for c in compounds
        ]
        yield session, scopes, scope_name


def _snapshot(session: Session) -> None:
    """Every query of the export sees the same committed state (SQLite: one read transaction
    already does; PostgreSQL's default, read committed, does not)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _period(
    ctx: Context, compounds: Sequence[Compound], first: Month | None, last: Month | None
) -> tuple[Month, Month]:
    start = first or min(Month.of(c.opened_on) for c in compounds)
    end = last or Month.of(local_today(ctx.clock))
    if end < start:
        raise InvalidInput(f"导出期间有误：起始月份 {start} 晚于截止月份 {end}")
    return start, end


def _sheet(spec: SheetSpec, scopes: list[Scope], *, street: bool) -> wb.SheetData:
    parts = [(s.compound.name, spec.build(s)) for s in scopes]
    count = sum(p.count for _, p in parts)
    if not street:
        return wb.SheetData(spec.name, spec.columns, parts[0][1].rows, count)
    rows = ((name, *row) for name, part in parts for row in part.rows)
    return wb.SheetData(spec.name, (wb.text(wb.COMPOUND_TITLE), *spec.columns), rows, count)


def _head(session: Session, scope: Scope) -> wb.ChainHead:
    """The compound's chain as it stood at the end of the period's last local day."""
    _, end = scope.bounds()
    row = session.execute(
        select(Entry.seq, Entry.voucher_no, Entry.hash)
        .where(Entry.compound_id == scope.compound.id, Entry.posted_at < end)
        .order_by(Entry.seq.desc())
        .limit(1)
    ).first()
    if row is None:
        return wb.ChainHead(scope.compound.name, 0, None, GENESIS_HASH)
    return wb.ChainHead(scope.compound.name, row[0], row[1], row[2])
