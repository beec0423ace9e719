"""Import a journal kept in Excel (从财务人员现有的表格导入): all or nothing, idempotent, through
the real posting path — the same guarantees as the beancount import.

1. The workbook is read and checked whole (`xlsx_in.parse_xlsx`), then every new entry's
   date is checked against the compound (opening date, today, closed or prepared months)
   and its project must be one of the compound's. Any problem: one `BatchInvalid` listing
   them all, each with its cell (`序时账!F7`) or its rows; nothing is written.
2. Idempotency: each entry's import key is kept as an electronic attachment of the entry
   (sha256 = key, filename `xlsx:<file>:<row>`; attachments are covered by the entry's hash).
   An entry whose key is already among the compound's imported entries or open drafts (from
   a spreadsheet or a beancount file), or equals the hash of one of its posted entries, is
   skipped: importing the same file twice adds nothing, and neither does importing the
   compound's own exported workbook.
3. Writing: every new entry goes through `draft_entry` as the importing user (permissions,
   payment rules of its project), in date order; with a `checker`, each is approved by
   `approve_entry` right after (maker ≠ checker, voucher numbers, hash chain, no overdraft).
   All of it is ONE database transaction (`batch`): a refusal half way rolls everything back
   and is reported with the rows of the entry that was refused. Without a checker the
   entries wait as drafts.
"""

from __future__ import annotations

from pathlib import PurePath

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ledger.domain.clock import local_today
from ledger.domain.entry import Attachment
from ledger.domain.errors import BatchInvalid, LedgerError, MakerIsChecker, Problem
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.interop.beancount_out import KEY_FILE_PREFIX as BEANCOUNT_KEY_PREFIX
from ledger.interop.xlsx_in import SheetEntry, parse_xlsx
from ledger.interop.xlsx_rows import Located
from ledger.services import entries as entry_service
from ledger.services.access import require
from ledger.services.batch import batch
from ledger.services.beancount_import import ImportResult
from ledger.services.context import Actor, Context
from ledger.store import audit, org
from ledger.store.schema import (
    Compound,
    Draft,
    DraftAttachment,
    Entry,
    EntryAttachment,
    PeriodLock,
)
from ledger.store.schema_controls import MonthClose, Project

KEY_FILE_PREFIX = "xlsx:"
_KEY_PREFIXES = (KEY_FILE_PREFIX, BEANCOUNT_KEY_PREFIX)


def import_xlsx(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    data: bytes,
    source: str,
    checker: Actor | None = None,
) -> ImportResult:
    """Import the journal in the xlsx `data` into `compound` as `actor`; posted when `checker`
    signs the import as the second signature."""
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        _require(session, c, actor, checker)
        name = c.name
    rules = ctx.rules.for_compound(name)
    parsed = parse_xlsx(
        data, chart=rules.accounts, categories=rules.income_categories, compound=name
    )
    with batch(ctx) as (joined, session):
        c = org.compound_by_name(session, name)
        known = _known_keys(session, c.id)
        new = [e for e in parsed.entries if e.key not in known]
        located = [*parsed.located, *_book_problems(ctx, session, c, new)]
        if located:
            raise BatchInvalid(source, [p for _, p in sorted(located, key=lambda x: x[0])])
        read = len(parsed.entries)
        if not new:
            return ImportResult(source, read=read, added=0, skipped=read)
        drafts, vouchers = _write(joined, actor, checker, c, new, source)
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=ctx.clock(),
            actor_id=actor.id,
            compound_id=c.id,
            action="import_xlsx",
            target=f"compound:{c.id}",
            details={
                "source": _file_name(source),
                "sheet": parsed.sheet,
                "added": len(new),
                "skipped": read - len(new),
                "checker": checker.name if checker else None,
            },
        )
    return ImportResult(
        source,
        read=read,
        added=len(new),
        skipped=read - len(new),
        draft_ids=drafts,
        vouchers=vouchers,
    )


def _require(session: Session, c: Compound, actor: Actor, checker: Actor | None) -> None:
    require(session, actor, Action.DRAFT_ENTRY, c)
    if checker is None:
        return
    require(session, checker, Action.APPROVE_ENTRY, c)
    if checker.id == actor.id:
        raise MakerIsChecker(
            f"导入人「{actor.display_name}」不能同时作为审核人：请由另一位审核人用 --approve-as 批准"
        )


def _known_keys(session: Session, compound_id: int) -> set[str]:
    """Import keys already in the books (posted or waiting as drafts), and the entries' hashes."""
    imported = or_(*(EntryAttachment.filename.startswith(p) for p in _KEY_PREFIXES))
    drafted = or_(*(DraftAttachment.filename.startswith(p) for p in _KEY_PREFIXES))
    known = set(
        session.execute(
            select(DraftAttachment.sha256)
            .join(Draft, Draft.id == DraftAttachment.draft_id)
            .where(Draft.compound_id == compound_id, Draft.state == "open", drafted)
        ).scalars()
    )
    known.update(
        session.execute(
            select(EntryAttachment.sha256).where(
                EntryAttachment.compound_id == compound_id, imported
            )
        ).scalars()
    )
    known.update(
        session.execute(select(Entry.hash).where(Entry.compound_id == compound_id)).scalars()
    )
    return known


def _book_problems(
    ctx: Context, session: Session, c: Compound, new: list[SheetEntry]
) -> list[Located]:
    """Dates the compound's books cannot take, and projects that are not the compound's."""
    today = local_today(ctx.clock)
    locked = set(
        session.execute(select(PeriodLock.month).where(PeriodLock.compound_id == c.id)).scalars()
    )
    closing = dict(
        session.execute(
            select(MonthClose.month, MonthClose.state).where(MonthClose.compound_id == c.id)
        ).all()
    )
    projects = set(session.execute(select(Project.id).where(Project.compound_id == c.id)).scalars())
    found: list[Located] = []
    for e in new:
        month = Month.of(e.date)
        why = None
        if e.date < c.opened_on:
            why = f"日期 {e.date} 早于{c.name}公共收益专户开立日期 {c.opened_on}"
        elif e.date > today:
            why = f"日期 {e.date} 晚于今天（{today}）：不能预先记账"
        elif str(month) in locked:
            why = f"{month.label}已经结账公示，不能再记入"
        elif closing.get(str(month), "open") != "open":
            why = f"{month.label}已提交月结、数字已冻结，不能再记入"
        if why is not None:
            found.append(((e.rows[0], 1), Problem(e.date_cell, why)))
        if e.project_id is not None and e.project_id not in projects:
            why = f"{c.name}没有编号为 #{e.project_id} 的项目"
            found.append(((e.rows[0], 2), Problem(e.project_cell, why)))
    return found


def _write(
    joined: Context,
    actor: Actor,
    checker: Actor | None,
    c: Compound,
    new: list[SheetEntry],
    source: str,
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Draft (and approve) every new entry in date order; the batch rolls back on refusal."""
    drafts: list[int] = []
    vouchers: list[str] = []
    name = _file_name(source)
    for e in new:
        try:
            draft = entry_service.draft_entry(
                joined,
                actor,
                compound=c.name,
                date=e.date,
                memo=e.memo,
                lines=e.lines,
                kind=e.kind,
                category=e.category,
                project_id=e.project_id,
                attachments=[Attachment(e.key, f"{KEY_FILE_PREFIX}{name}:{e.rows[0]}"[:255])],
            )
            if checker is not None:
                vouchers.append(entry_service.approve_entry(joined, checker, draft))
            else:
                drafts.append(draft)
        except LedgerError as err:
            raise BatchInvalid(source, [Problem(e.where, err.message)]) from err
    return tuple(drafts), tuple(vouchers)


def _file_name(source: str) -> str:
    return PurePath(source).name or source
