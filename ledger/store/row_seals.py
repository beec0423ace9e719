"""Row seals: the audit record of an action carries a digest of every control row it wrote.

Posted entries are sealed by their own hash chain. The controls around them — the chart of
accounts, month locks and closes with their sign-offs, projects with their steps, quotes, votes
and objections, payment approvals, the seal register and complaints — and the records beside
the books — revenue contracts and what their entries raised or cleared, maintenance-fund
transfers, bank imports, statement lines, their matches and suggested drafts, bank
reconciliations — are rows that services insert or move from state to state. Every such row
a transaction inserts or changes is collected when the session flushes (rows written with
Core `insert()` are named with `touch`), and the next audit record of that transaction
carries `[table, key, compound, sha256]` for each of them under "sealed" in its details,
which are part of the record's chained payload; rows written after the transaction's last
audit record are sealed by one more record just before it commits (`ledger.store.audit`). `verify` then recomputes each row's digest from the stored columns
and compares it with the newest one recorded: a changed value, a deleted, forged or renumbered
row no longer matches, and changing the record instead breaks the audit chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import Table, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ledger.domain.hashing import canonical
from ledger.store import schema_bank, schema_contracts, schema_controls
from ledger.store.schema import Account, Base, PeriodLock

SEALED_MODELS: tuple[type[Base], ...] = (
    Account,
    PeriodLock,
    schema_controls.Project,
    schema_controls.ProjectStep,
    schema_controls.ProjectQuote,
    schema_controls.ProjectVote,
    schema_controls.ProjectObjection,
    schema_controls.PaymentApproval,
    schema_controls.SealUse,
    schema_controls.MonthClose,
    schema_controls.MonthSignoff,
    schema_controls.Complaint,
    schema_contracts.RevenueContract,
    schema_contracts.ContractAllocation,
    schema_contracts.FundTransfer,
    schema_bank.BankImport,
    schema_bank.BankLineRow,
    schema_bank.BankMatch,
    schema_bank.BankSuggestion,
    schema_bank.BankReconciliation,
)
SEALED_TABLES: dict[str, Table] = {
    t.name: t for t in (cast(Table, m.__table__) for m in SEALED_MODELS)
}
_TOUCHED = "ledger_sealed_rows"


def row_key(table: Table, row: Mapping[Any, Any]) -> str:
    """The row's primary key as text: `7`, or `2/2024-01` for a compound key."""
    return "/".join(str(row[c.name]) for c in table.primary_key.columns)


def row_digest(table: Table, row: Mapping[Any, Any]) -> str:
    """SHA-256 over the canonical JSON of the row's columns. NULLs are left out, so a column
    added later (NULL in old rows) leaves the old rows' digests as they were."""
    values = {c.name: row[c.name] for c in table.columns if row[c.name] is not None}
    return hashlib.sha256(canonical({"table": table.name, **values})).hexdigest()


_CHUNK = 500


def seals_of(conn: Session | Connection, table: Table, keys: Iterable[str]) -> list[list[Any]]:
    """`[table, key, compound, digest]` of the stored rows with these keys, in key order."""
    wanted = sorted(set(keys))
    pk = list(table.primary_key.columns)
    found: dict[str, list[Any]] = {}
    if len(pk) == 1:  # one query per chunk of keys (a bank file brings thousands of lines)
        convert = pk[0].type.python_type
        for i in range(0, len(wanted), _CHUNK):
            chunk = [convert(k) for k in wanted[i : i + _CHUNK]]
            for row in conn.execute(select(table).where(pk[0].in_(chunk))).mappings():
                found[row_key(table, row)] = [
                    table.name,
                    row_key(table, row),
                    row["compound_id"],
                    row_digest(table, row),
                ]
    else:
        for key in wanted:
            parts = key.split("/")
            where = [c == c.type.python_type(v) for c, v in zip(pk, parts, strict=True)]
            one = conn.execute(select(table).where(*where)).mappings().first()
            if one is not None:
                found[key] = [table.name, key, one["compound_id"], row_digest(table, one)]
    return [found[k] for k in wanted if k in found]


def touch(session: Session, table: str, keys: Iterable[object]) -> None:
    """Name rows written around the ORM (Core `insert()`), so the transaction seals them."""
    if table not in SEALED_TABLES:
        raise ValueError(f"{table} is not a sealed table")
    touched: dict[str, set[str]] = session.info.setdefault(_TOUCHED, {})
    touched.setdefault(table, set()).update(str(k) for k in keys)


def pending(session: Session) -> bool:
    """Whether the transaction wrote sealed rows its audit records do not seal yet."""
    return any(session.info.get(_TOUCHED, {}).values())


SEALED_KEY = "sealed"


def with_seals(session: Session, details: Mapping[str, Any]) -> Mapping[str, Any]:
    """`details` plus, under "sealed", the seals of the rows this transaction wrote since its
    last audit record (which are then forgotten); `details` unchanged when it wrote none."""
    session.flush()
    touched: dict[str, set[str]] = session.info.pop(_TOUCHED, {})
    sealed = [
        seal
        for name in sorted(touched)
        for seal in seals_of(session, SEALED_TABLES[name], touched[name])
    ]
    return {**details, SEALED_KEY: sealed} if sealed else details


def recorded(details: str) -> list[list[Any]]:
    """The seals an audit record's details carry (none for records without them)."""
    try:
        data = json.loads(details)
    except ValueError:
        return []
    seals = data.get(SEALED_KEY, []) if isinstance(data, dict) else []
    return [s for s in seals if isinstance(s, list) and len(s) == 4]


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context: object) -> None:
    touched: dict[str, set[str]] = session.info.setdefault(_TOUCHED, {})
    for obj in (*session.new, *session.dirty):
        table = getattr(obj, "__table__", None)
        if table is not None and table.name in SEALED_TABLES:
            key = "/".join(str(getattr(obj, c.key)) for c in table.primary_key.columns)
            touched.setdefault(table.name, set()).add(key)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_TOUCHED, None)
