"""The tamper cases: which tables hold what, how a stored value is changed behind the program's
back, and how a `verify` finding must name the row that was changed.

Tables and columns come from the SQLAlchemy metadata; every table is either in a group the
issue names (books, votes and projects, signatures, seals, audit records) or listed in
`OUTSIDE` with the reason, so a new table or column nobody classified fails the suite.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa

from ledger.domain.account import AccountKind
from ledger.domain.period import Month
from ledger.services.verify_controls import row_label
from ledger.store.row_seals import SEALED_TABLES, row_key
from ledger.store.schema import Base, UtcDateTime

GROUPS: dict[str, tuple[str, ...]] = {
    "books": ("entry", "posting", "entry_attachment", "account", "period_lock"),
    "contracts and bank": (
        "revenue_contract",
        "contract_allocation",
        "fund_transfer",
        "bank_import",
        "bank_line",
        "bank_match",
        "bank_suggestion",
        "bank_reconciliation",
    ),
    "votes and projects": (
        "project",
        "project_step",
        "project_quote",
        "project_vote",
        "project_objection",
        "payment_approval",
        "complaint",
    ),
    "signatures": ("month_close", "month_signoff"),
    "seals": ("seal_use",),
    "audit records": ("audit_log", "refusal_log"),
}

# Tables that hold none of the above, each with the reason it is not tampered with here.
OUTSIDE: dict[str, str] = {
    "street": "the organisation: names and creation times, written by the street admin",
    "community": "the organisation: names and creation times, written by the street admin",
    "compound": "the organisation; its id partitions every table above and is checked there",
    "app_user": "people and password hashes: a changed user is a login matter, not the books",
    "role_grant": "who may act; every permission refusal is logged and checked separately",
    "draft": "working papers a treasurer may still change; a posted draft is frozen by triggers "
    "and its content lives on, hashed, in the entry (the entry↔draft link is checked)",
    "draft_line": "working papers: see draft",
    "draft_attachment": "working papers: see draft",
    "month_total": "derived: verify recomputes every row from the postings "
    "(tests/services/test_month_totals.py)",
}
# Columns whose change cannot matter, each with the reason. Keep this short.
NO_EFFECT: dict[tuple[str, str], str] = {}

# Which rows a case may pick: accounts once used; the audit records of the compound.
ROW_FILTER = {
    "account": "id IN (SELECT account_id FROM posting)",
    "audit_log": "scope LIKE 'compound:%'",
}


def tampered_tables() -> list[str]:
    return [t for group in GROUPS.values() for t in group]


def table(name: str) -> sa.Table:
    return Base.metadata.tables[name]


@dataclass(frozen=True)
class Tamper:
    """One change: `statements` tried in turn until one is accepted by the database's own
    constraints; a finding must name one of `names` in the compound."""

    table: str
    what: str  # "column name", "delete" or "swap"
    statements: tuple[tuple[tuple[str, tuple[Any, ...]], ...], ...]
    names: frozenset[str]

    def __str__(self) -> str:
        return f"{self.table}.{self.what}"


def _pk(t: sa.Table) -> list[str]:
    return [c.name for c in t.primary_key.columns]


def rows(conn: sqlite3.Connection, name: str, where: str = "") -> list[dict[str, Any]]:
    t = table(name)
    clauses = [c for c in (ROW_FILTER.get(name, ""), where) if c]
    sql = f"SELECT rowid AS _rowid, * FROM {name}"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY " + ", ".join(_pk(t))
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.row_factory = None


def names_of(conn: sqlite3.Connection, name: str, row: dict[str, Any]) -> set[str]:
    """How a finding may name this row (and the next link of its chain, where a broken link
    is found)."""
    if name in ("entry", "posting", "entry_attachment"):
        seq = row["seq"] if name == "entry" else row["entry_seq"]
        vouchers = conn.execute(
            "SELECT voucher_no FROM entry WHERE compound_id = ? AND seq IN (?, ?)",
            (row["compound_id"], seq, seq + 1),
        ).fetchall()
        return {v for (v,) in vouchers} | {f"链序号 {seq}"}
    if name == "audit_log":
        return {f"审计#{row['seq']}", f"审计#{row['seq'] + 1}"}
    if name == "refusal_log":
        return {f"拒绝#{row['seq']}", f"拒绝#{row['seq'] + 1}"}
    found = {row_label(name, row_key(SEALED_TABLES[name], row))}
    if row.get("month"):
        found.add(str(row["month"]))
    return found


def _bump_text(text: str, at: int) -> str:
    c = text[at]
    new = str((int(c) + 1) % 10) if c.isdigit() else chr(ord(c) + 1)
    return text[:at] + new + text[at + 1 :]


# Columns `verify` reads as a closed set of values: a tamper picks another valid one (a value
# outside the set makes `verify` stop with an error instead of a finding — see RELIABILITY.md).
VALID: dict[tuple[str, str], list[str]] = {
    ("account", "kind"): [k.value for k in AccountKind],
}


def changed_values(column: sa.Column[Any], value: Any) -> list[Any]:
    """Other values of the column's type for a stored `value` (raw, as SQLite keeps it)."""
    kind = column.type
    valid = VALID.get((column.table.name, column.name))
    if valid:
        return [v for v in valid if v != value]
    if column.name.endswith("month") and value:  # another real month: 2024-01 → 2023-12
        month = Month.parse(value)
        return [str(month.prev()), str(month.prev().prev())]
    if isinstance(kind, UtcDateTime | sa.DateTime):
        base = dt.datetime(2024, 1, 16) if value is None else dt.datetime.fromisoformat(value)
        return [(base + dt.timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S.%f")]
    if isinstance(kind, sa.Date):
        if value is None:  # a day in the story, or one far after it (an end after a start)
            return ["2024-01-17", "2099-12-31"]
        return [(dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat()]
    if isinstance(kind, sa.Boolean):
        return [not value]  # a bool: SQLite stores it as 0/1, PostgreSQL needs a bool
    if isinstance(kind, sa.Integer):
        return [1, 2] if value is None else [value + 1, value + 1000, value - 1]
    if isinstance(kind, sa.String | sa.Text):
        if not value:
            return ["x"]
        return [_bump_text(value, len(value) - 1), _bump_text(value, 0), value + "x"]
    raise AssertionError(f"no way to change a {kind!r} column: {column}")


def _where(name: str, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    keys = _pk(table(name))
    return " AND ".join(f"{k} = ?" for k in keys), tuple(row[k] for k in keys)


def _allowed(t: sa.Table, column: str) -> list[str]:
    """The values a CHECK constraint `column IN ('a', 'b')` allows."""
    for constraint in t.constraints:
        text = str(getattr(constraint, "sqltext", ""))
        if text.startswith(f"{column} IN ("):
            return re.findall(r"'([^']*)'", text)
    return []


def update_cases(conn: sqlite3.Connection, name: str) -> Iterator[Tamper]:
    t = table(name)
    for column in t.columns:
        if (name, column.name) in NO_EFFECT:
            continue
        candidates = rows(conn, name, f"{column.name} IS NOT NULL") or rows(conn, name)
        assert candidates, f"the story has no {name} row"
        row = candidates[0]
        where, key = _where(name, row)
        values = [v for v in _allowed(t, column.name) if v != row[column.name]]
        values = values or changed_values(column, row[column.name])
        tries = tuple(
            ((f"UPDATE {name} SET {column.name} = ? WHERE {where}", (v, *key)),) for v in values
        )
        names = names_of(conn, name, row)
        if (name, column.name) == ("entry", "voucher_no"):
            names |= {str(v) for v in values}  # the finding names the voucher as now stored
        yield Tamper(name, column.name, tries, frozenset(names))


def delete_case(conn: sqlite3.Connection, name: str) -> Tamper:
    row = rows(conn, name)[0]
    where, key = _where(name, row)
    sql = f"DELETE FROM {name} WHERE {where}"
    return Tamper(name, "delete", (((sql, key),),), frozenset(names_of(conn, name, row)))


def swap_case(conn: sqlite3.Connection, name: str) -> Tamper:
    """Swap the last key column (seq, line, id or month) of two rows that share the rest."""
    keys = _pk(table(name))
    order, rest = keys[-1], keys[:-1]
    candidates = rows(conn, name)
    a, b = next(
        (x, y)
        for i, x in enumerate(candidates)
        for y in candidates[i + 1 :]
        if all(x[k] == y[k] for k in rest) and _same_scope(name, x, y)
    )
    parking = 999_999 if isinstance(a[order], int) else "tmp"
    parked = {**a, order: parking}
    steps = tuple(
        (
            f"UPDATE {name} SET {order} = ? WHERE {_where(name, row)[0]}",
            (value, *_where(name, row)[1]),
        )
        for row, value in ((a, parking), (b, a[order]), (parked, b[order]))
    )
    names = names_of(conn, name, a) | names_of(conn, name, b)
    return Tamper(name, "swap", (steps,), frozenset(names))


def _same_scope(name: str, x: dict[str, Any], y: dict[str, Any]) -> bool:
    return name != "account" or x["compound_id"] == y["compound_id"]


class Connection(Protocol):
    """What `apply` needs of a DB-API connection (sqlite3's and psycopg's both qualify)."""

    def execute(self, sql: Any, params: Any) -> Any: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


def apply(
    conn: Connection,
    tamper: Tamper,
    refused: tuple[type[Exception], ...] = (sqlite3.IntegrityError,),
    placeholder: str = "?",
) -> None:
    """Run the first of the tamper's alternatives that the database's constraints accept
    (`refused` are the driver's errors for a refusal; `placeholder` its parameter marker).
    Each statement must change exactly one row: a case that misses its row changes nothing."""
    errors: list[str] = []
    for statements in tamper.statements:
        try:
            for sql, params in statements:
                changed = conn.execute(sql.replace("?", placeholder), params).rowcount
                assert changed == 1, f"{tamper}: {sql} {params} changed {changed} rows"
        except refused as err:
            conn.rollback()
            errors.append(str(err))
            continue
        conn.commit()
        return
    raise AssertionError(f"{tamper}: every alternative was refused: {errors}")


def cases_for(conn: sqlite3.Connection, name: str) -> Sequence[Tamper]:
    return [*update_cases(conn, name), delete_case(conn, name), swap_case(conn, name)]
