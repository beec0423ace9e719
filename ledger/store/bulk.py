"""Bulk writing of entries that the bulk posting service has already validated and chained.

Rows arrive as plain tuples in the column order below, posting lines first, then the entry
rows that seal them, exactly as `books.insert_entry` writes them one at a time; the database
triggers check every row all the same (balance, consecutive numbers, chain links, month
locks), and the chunk's postings are added to `month_total` (one upsert per month and
account) in the same transaction. SQLite gets `executemany` on the driver; PostgreSQL gets
COPY. Dates and timestamps are converted by the columns' own SQLAlchemy bind processors, so a
bulk row reads back exactly like a row written through the ORM. (The batch's one audit record
goes through `audit.append`.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from ledger.store import month_totals
from ledger.store.schema import Entry, Posting

POSTING_COLUMNS = (
    "compound_id",
    "entry_seq",
    "line_no",
    "voucher_month",
    "account_id",
    "amount_fen",
    "memo",
)
ENTRY_COLUMNS = (
    "compound_id",
    "seq",
    "voucher_month",
    "voucher_seq",
    "voucher_no",
    "entry_date",
    "kind",
    "memo",
    "category",
    "project_id",
    "attachment_count",
    "reverses_seq",
    "reason",
    "draft_id",
    "maker_id",
    "checker_id",
    "drafted_at",
    "posted_at",
    "prev_hash",
    "hash",
)

Row = tuple[Any, ...]


def insert_rows(session: Session, postings: Sequence[Row], entries: Sequence[Row]) -> None:
    """Write one chunk: the postings, then the entries that seal them; last the postings'
    month totals."""
    conn = session.connection()
    dialect = conn.dialect
    for table, columns, rows in (
        (Posting.__table__, POSTING_COLUMNS, postings),
        (Entry.__table__, ENTRY_COLUMNS, entries),
    ):
        if not rows:
            continue
        assert isinstance(table, Table)
        converted = _converted(table, columns, rows, dialect)
        if dialect.name == "postgresql":
            _copy(conn.connection.driver_connection, table.name, columns, converted)
        else:
            marks = ", ".join("?" for _ in columns)
            conn.exec_driver_sql(
                f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})",
                converted,
            )
    month_totals.add(session, ((p[0], p[3], p[4], p[5]) for p in postings))


def refresh_statistics(session: Session, grown_by: int) -> None:
    """On PostgreSQL, after a batch that grew the journal by a good part, refresh the planner's
    statistics of its tables inside the transaction (own new rows count), so the deferred
    foreign-key checks at commit and the triggers of later batches plan index lookups
    instead of scans that were cheapest while the tables were small."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return
    known, changed = conn.exec_driver_sql(
        "SELECT GREATEST(c.reltuples, 0)::bigint, COALESCE(s.n_mod_since_analyze, 0)"
        " FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid"
        " WHERE c.relname = 'entry' AND c.relnamespace = to_regnamespace(current_schema())"
    ).one()
    # Row counts, not money: analyse once this batch, or what changed since the last
    # analysis, is a tenth of what the statistics know (autovacuum's own default; a server
    # may run with autovacuum off, and a bulk load outruns it anyway).
    if (grown_by + int(changed)) * 10 >= int(known):
        conn.exec_driver_sql("ANALYZE entry, posting, audit_log")


def _converted(
    table: Table, columns: Sequence[str], rows: Sequence[Row], dialect: Dialect
) -> list[Row]:
    processors: list[tuple[int, Callable[[Any], Any]]] = []
    for i, name in enumerate(columns):
        bind = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if bind is not None:
            processors.append((i, bind))
    if not processors:
        return list(rows)
    # A batch repeats few distinct dates and timestamps (one posting time, a few days a
    # month): each is converted once.
    caches: list[dict[Any, Any]] = [{} for _ in processors]
    out = []
    for row in rows:
        values = list(row)
        for (i, proc), cache in zip(processors, caches, strict=True):
            value = values[i]
            try:
                values[i] = cache[value]
            except KeyError:
                values[i] = cache[value] = proc(value)
            except TypeError:  # not hashable: convert it every time
                values[i] = proc(value)
        out.append(tuple(values))
    return out


def _copy(driver: Any, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    with (
        driver.cursor() as cur,
        cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
