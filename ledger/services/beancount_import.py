"""Import books kept in beancount: all or nothing, idempotent, through the real posting path.

1. The file is read and checked whole (`beancount_in.parse_file`), then every new entry's
   date is checked against the compound (opening date, today, closed or prepared months).
   Any problem: one `BatchInvalid` listing them all with their lines; nothing is written.
2. Idempotency: each entry carries an import key, kept as an electronic attachment of the
   entry (sha256 = key, filename `beancount:<file>:<line>`; attachments are covered by the
   entry's hash). An entry whose key is already among the compound's entry or open-draft
   attachments, or equals the hash of one of its posted entries, is skipped: importing the
   same file twice adds nothing, and neither does importing the compound's own export.
3. Writing: every new entry goes through `draft_entry` as the importing user, in the order
   it was first posted; with a `checker`, each is approved by `approve_entry` right after
   (maker ≠ checker, voucher numbers, hash chain, no overdraft). All of it is ONE database
   transaction (`batch`): a refusal half way rolls everything back and is reported with the
   line of the entry that was refused. Without a checker the entries wait as drafts.
4. A reversal pair (`rev-…` link) is re-created when the original is posted by then (in this
   import with a checker, or earlier); otherwise the reversal arrives as an ordinary entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.clock import local_today
from ledger.domain.entry import Attachment
from ledger.domain.errors import BatchInvalid, LedgerError, MakerIsChecker, Problem
from ledger.domain.period import Month
from ledger.domain.roles import Action
from ledger.interop.beancount_in import ImportedEntry, at_line, parse_file
from ledger.interop.beancount_out import KEY_FILE_PREFIX
from ledger.services import entries as entry_service
from ledger.services.access import require
from ledger.services.batch import batch
from ledger.services.context import Actor, Context
from ledger.store import audit, books, org
from ledger.store.schema import (
    Compound,
    Draft,
    DraftAttachment,
    Entry,
    EntryAttachment,
    PeriodLock,
)
from ledger.store.schema_controls import MonthClose


@dataclass(frozen=True)
class ImportResult:
    source: str
    read: int  # transactions in the file
    added: int
    skipped: int  # already in the books (same import key)
    draft_ids: tuple[int, ...] = ()  # drafts left for a checker (no checker given)
    vouchers: tuple[str, ...] = ()  # posted vouchers (a checker approved them)
    reversals_linked: int = 0


def import_beancount(
    ctx: Context,
    actor: Actor,
    *,
    compound: str,
    text: str,
    source: str,
    checker: Actor | None = None,
) -> ImportResult:
    """Import `text` into `compound`'s books as `actor`; posted at once when `checker` signs."""
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        _require(session, c, actor, checker)
        name = c.name
    rules = ctx.rules.for_compound(name)
    categories = {x.key for x in rules.income_categories}
    parsed = parse_file(text, chart=rules.accounts, categories=categories, compound=name)
    with batch(ctx) as (joined, session):
        c = org.compound_by_name(session, name)
        known = _known_keys(session, c.id)
        new = [e for e in parsed.entries if not any(k in known for k in e.keys)]
        located = [*parsed.located, *_date_problems(ctx, session, c, new)]
        if located:
            raise BatchInvalid(source, [p for _, p in sorted(located, key=lambda x: x[0])])
        if not new:
            return ImportResult(
                source, read=len(parsed.entries), added=0, skipped=len(parsed.entries)
            )
        drafts, vouchers, linked = _write(joined, actor, checker, c, new, known, source)
        audit.append(
            session,
            scope=audit.compound_scope(c.id),
            at=ctx.clock(),
            actor_id=actor.id,
            compound_id=c.id,
            action="import_beancount",
            target=f"compound:{c.id}",
            details={
                "source": _file_name(source),
                "added": len(new),
                "skipped": len(parsed.entries) - len(new),
                "checker": checker.name if checker else None,
            },
        )
    return ImportResult(
        source,
        read=len(parsed.entries),
        added=len(new),
        skipped=len(parsed.entries) - len(new),
        draft_ids=drafts,
        vouchers=vouchers,
        reversals_linked=linked,
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


def _known_keys(session: Session, compound_id: int) -> dict[str, int | None]:
    """Import keys already in the books → the entry's chain sequence (None: still a draft)."""
    known: dict[str, int | None] = {}
    drafts = session.execute(
        select(DraftAttachment.sha256)
        .join(Draft, Draft.id == DraftAttachment.draft_id)
        .where(
            Draft.compound_id == compound_id,
            Draft.state == "open",
            DraftAttachment.filename.startswith(KEY_FILE_PREFIX),
        )
    ).scalars()
    known.update(dict.fromkeys(drafts))
    posted = session.execute(
        select(EntryAttachment.sha256, EntryAttachment.entry_seq).where(
            EntryAttachment.compound_id == compound_id,
            EntryAttachment.filename.startswith(KEY_FILE_PREFIX),
        )
    )
    known.update(dict(posted.all()))
    hashes = session.execute(select(Entry.hash, Entry.seq).where(Entry.compound_id == compound_id))
    known.update(dict(hashes.all()))
    return known


def _date_problems(
    ctx: Context, session: Session, c: Compound, new: list[ImportedEntry]
) -> list[tuple[int, Problem]]:
    today = local_today(ctx.clock)
    locked = set(
        session.execute(select(PeriodLock.month).where(PeriodLock.compound_id == c.id)).scalars()
    )
    closing = dict(
        session.execute(
            select(MonthClose.month, MonthClose.state).where(MonthClose.compound_id == c.id)
        ).all()
    )
    found: list[tuple[int, Problem]] = []
    for e in new:
        month = str(Month.of(e.date))
        if e.date < c.opened_on:
            why = f"日期 {e.date} 早于{c.name}公共收益专户开立日期 {c.opened_on}"
        elif e.date > today:
            why = f"日期 {e.date} 晚于今天（{today}）：不能预先记账"
        elif month in locked:
            why = f"{Month.of(e.date).label}已经结账公示，不能再记入"
        elif closing.get(month, "open") != "open":
            why = f"{Month.of(e.date).label}已提交月结、数字已冻结，不能再记入"
        else:
            continue
        found.append(at_line(e.lineno, why))
    return found


def _write(
    joined: Context,
    actor: Actor,
    checker: Actor | None,
    c: Compound,
    new: list[ImportedEntry],
    known: dict[str, int | None],
    source: str,
) -> tuple[tuple[int, ...], tuple[str, ...], int]:
    """Draft (and approve) every new entry in replay order; the batch rolls back on refusal."""
    posted = {k: seq for k, seq in known.items() if seq is not None}
    drafts: list[int] = []
    vouchers: list[str] = []
    linked = 0
    name = _file_name(source)
    for e in new:
        reverses = _original(joined, c, e, posted)
        try:
            draft = entry_service.draft_entry(
                joined,
                actor,
                compound=c.name,
                date=e.date,
                memo=e.memo,
                lines=e.lines,
                kind=e.kind if reverses is not None or e.kind != "reversal" else "general",
                category=e.category,
                attachment_count=e.attachment_count,
                attachments=[Attachment(e.key, f"{KEY_FILE_PREFIX}{name}:{e.lineno}"[:255])],
                reverses_seq=reverses,
                reason=(e.reason or "beancount 导入的冲销") if reverses is not None else None,
            )
            if checker is not None:
                voucher = entry_service.approve_entry(joined, checker, draft)
                vouchers.append(voucher)
                posted[e.key] = _seq_of(joined, c, voucher)
            else:
                drafts.append(draft)
        except LedgerError as err:
            raise BatchInvalid(source, [at_line(e.lineno, err.message)[1]]) from err
        linked += reverses is not None
    return tuple(drafts), tuple(vouchers), linked


def _original(joined: Context, c: Compound, e: ImportedEntry, posted: dict[str, int]) -> int | None:
    """The chain sequence of the entry `e` reverses, when it is posted and not reversed yet."""
    seq = next((posted[k] for k in e.reverses_keys if k in posted), None)
    if e.kind != "reversal" or seq is None:
        return None
    with joined.db.read() as session:
        return None if books.reversal_of(session, c.id, seq) is not None else seq


def _seq_of(joined: Context, c: Compound, voucher: str) -> int:
    with joined.db.read() as session:
        entry = books.entry_by_voucher(session, c.id, voucher)
        assert entry is not None
        return entry.seq


def _file_name(source: str) -> str:
    return PurePath(source).name or source
