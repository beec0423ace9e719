"""The compounds of a whole-street `verify`, checked side by side in forked worker processes.

Each compound's entry chain is independent of the others', so a street's compounds are split
into groups of about equal size: this process checks the first group and a forked worker each
of the others, through a connection of its own. The parts come back whole (entry count,
findings, chain head and the entries' hashes) and `verify` merges them in compound order, so
the report and its digest are the ones a single process writes.

Every worker must see the books as this process sees them. A fingerprint of the books, the
newest sequence number of every entry chain and of every audit chain, is read before the
workers start and again by each of them; every write is one transaction with its audit
record (DESIGN.md §3, invariant 9), so equal fingerprints mean the same books. A worker whose
fingerprint differs, fails or dies leaves its compounds to this process, which checks them
in its own transaction, as a single-process `verify` would.

Workers are forked (no second start-up, no copying of the rules), and only from a process with
no other thread and none of its database connections in use: the pools are emptied first,
because neither SQLite nor a driver socket may be shared across a fork. Anything else (the
TUI's export, which holds a session; a single compound) is checked in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.rules import RuleBook
from ledger.services.context import Context
from ledger.store import org
from ledger.store.database import Database
from ledger.store.schema import AuditRecord, Compound, Entry

if TYPE_CHECKING:
    from ledger.services.verify import Finding, VerifyReport

# Below this many entries a fork costs more than it saves.
PARALLEL_MIN_ENTRIES = 20_000

Fingerprint = tuple[tuple[tuple[int, int], ...], tuple[tuple[str, int], ...]]
Running = tuple[list[int], multiprocessing.process.BaseProcess, Connection]
CheckCompound = Callable[[Session, Compound, Any, "VerifyReport"], dict[int, str]]


@dataclass
class Part:
    """What checking one compound adds to the report, and its entries' hashes."""

    entries: int
    findings: list[Finding] = field(default_factory=list)
    heads: list[str] = field(default_factory=list)
    hashes: dict[int, str] = field(default_factory=dict)


def fingerprint(session: Session) -> Fingerprint:
    audit = session.execute(
        select(AuditRecord.scope, func.max(AuditRecord.seq))
        .group_by(AuditRecord.scope)
        .order_by(AuditRecord.scope)
    ).all()
    return _chain_heads(session), tuple((a, int(s)) for a, s in audit)


def _chain_heads(session: Session) -> tuple[tuple[int, int], ...]:
    """Each compound's newest entry sequence number: its length, unless rows were removed."""
    chains = session.execute(
        select(Entry.compound_id, func.max(Entry.seq))
        .group_by(Entry.compound_id)
        .order_by(Entry.compound_id)
    ).all()
    return tuple((int(c), int(s)) for c, s in chains)


def begin(
    ctx: Context, workers: int | None, check: CheckCompound
) -> tuple[list[Running] | None, Fingerprint | None]:
    """Fork the workers for every group of compounds but the first, which stays here; with
    the fingerprint of the books they were started on."""
    with ctx.db.read() as session:
        ids = [c.id for c in org.all_compounds(session)]
        sizes = dict(_chain_heads(session))
        n = worker_count(ctx.db, workers, sum(sizes.values()), len(ids))
        if n < 2:
            return None, None
        seen = fingerprint(session)
    groups = split(sizes, ids, n)
    running = start(ctx.db, ctx.rules, groups[1:], seen, check)
    return (running, seen) if running is not None else (None, None)


def parts(
    ctx: Context,
    session: Session,
    targets: list[Compound],
    running: list[Running] | None,
    seen: Fingerprint | None,
    check: CheckCompound,
    meanwhile: Callable[[], None],
) -> dict[int, Part]:
    """This process's group checked here, the others as the workers checked them when they
    saw the books this transaction sees; a compound left out is for the caller to check.
    `meanwhile` (checks that need no entry) runs while the workers still work."""
    if not running:
        meanwhile()
        return {}
    elsewhere = {cid for group, _worker, _pipe in running for cid in group}
    done = {c.id: _part(session, c, ctx.rules, check) for c in targets if c.id not in elsewhere}
    meanwhile()
    checked = collect(running)
    if fingerprint(session) == seen:
        done.update(checked)
    return done


def worker_count(db: Database, requested: int | None, entries: int, compounds: int) -> int:
    """How many processes to check the compounds in: 1 keeps everything in this process."""
    if compounds < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if multiprocessing.current_process().daemon:
        return 1  # a daemonic process may not start processes of its own
    if threading.active_count() > 1:
        return 1  # a fork copies one thread; the locks the others hold would never be freed
    if db.dialect == "sqlite" and db.url in ("sqlite://", "sqlite:///:memory:"):
        return 1  # a memory database exists in this process only
    if requested is None:
        requested = (os.cpu_count() or 1) if entries >= PARALLEL_MIN_ENTRIES else 1
    return max(1, min(requested, compounds))


def split(sizes: dict[int, int], ids: Sequence[int], groups: int) -> list[list[int]]:
    """Compound ids in `groups` groups of about equal entries (largest first onto the lightest
    group), the lightest group first: this process, which has other checks to run, takes it.
    Each group keeps the compounds' order."""
    loads = [0] * groups
    members: list[list[int]] = [[] for _ in range(groups)]
    for cid in sorted(ids, key=lambda i: -sizes.get(i, 0)):
        at = loads.index(min(loads))
        loads[at] += sizes.get(cid, 0)
        members[at].append(cid)
    order = {cid: n for n, cid in enumerate(ids)}
    by_load = sorted(range(groups), key=loads.__getitem__)
    return [sorted(members[g], key=order.__getitem__) for g in by_load if members[g]]


def start(
    db: Database, rules: RuleBook, groups: list[list[int]], seen: Fingerprint, check: CheckCompound
) -> list[Running] | None:
    """Fork one worker per group; None (nothing started) while a connection is in use."""
    engines = {id(db.writer): db.writer, id(db.reader): db.reader}.values()
    if any(getattr(e.pool, "checkedout", lambda: 1)() for e in engines):
        return None
    for engine in engines:
        engine.dispose()
    fork = multiprocessing.get_context("fork")
    running: list[Running] = []
    for group in groups:
        receive, send = fork.Pipe(duplex=False)
        worker = fork.Process(
            target=_work, args=(db.url, rules, group, seen, check, send), daemon=True
        )
        try:
            worker.start()
        except OSError:  # no process to be had: this process checks every compound
            send.close()
            receive.close()
            stop(running)
            return None
        send.close()
        running.append((group, worker, receive))
    return running


def collect(running: list[Running]) -> dict[int, Part]:
    """The parts the workers checked; a compound whose worker failed is left out."""
    parts: dict[int, Part] = {}
    for _group, worker, receive in running:
        try:
            result = receive.recv()
        except (EOFError, OSError):
            result = None
        finally:
            receive.close()
        worker.join()
        if isinstance(result, dict):
            parts.update(result)
    return parts


def stop(running: list[Running]) -> None:
    """End the workers of a check that failed here before their parts were collected."""
    for _group, worker, receive in running:
        receive.close()
        worker.terminate()
        worker.join()


def _part(session: Session, c: Compound, rules: RuleBook, check: CheckCompound) -> Part:
    from ledger.services.verify import VerifyReport

    report = VerifyReport()
    hashes = check(session, c, rules.for_compound(c.name), report)
    return Part(report.entries, report.findings, report.heads, hashes)


def _work(
    url: str,
    rules: RuleBook,
    ids: list[int],
    seen: Fingerprint,
    check: CheckCompound,
    send: Connection,
) -> None:
    result: dict[int, Part] | None = None
    db = Database(url)
    try:
        with db.read() as session:
            if db.dialect == "postgresql":
                # One snapshot for the whole check, as SQLite's read transaction has.
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            if fingerprint(session) == seen:
                result = {
                    cid: _part(session, session.get_one(Compound, cid), rules, check) for cid in ids
                }
    except Exception:  # whatever it is, the parent checks these compounds itself and meets it
        result = None
    finally:
        db.dispose()
    send.send(result)
    send.close()
