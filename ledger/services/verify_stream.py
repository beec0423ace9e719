"""A compound's posted entries, each with its postings and attachments, streamed for `verify`
as plain tuples straight from the database driver.

A street holds hundreds of thousands of entries; building SQLAlchemy rows (and, before them,
ORM objects) for each was most of verify's time. The three tables are read through the
driver's own cursors in the session's transaction, in chain order, and merged here; values are
what SQLAlchemy itself would hand back, because the columns that need converting (the entry
date, and the timestamps on SQLite, which stores them as text) go through the very result
processors SQLAlchemy uses, or, for the common timestamps, a shortcut checked against them.
Timestamps arrive as canonical hash text (`fast_hash.stamp`).
PostgreSQL rows come through server-side cursors, SQLite rows through its lazy cursor, so memory
stays flat however long the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import suppress
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from ledger.domain.fast_hash import stamp
from ledger.store.schema import Entry

STREAM = 2000

ENTRY_COLUMNS = (
    "seq, voucher_month, voucher_seq, voucher_no, entry_date, kind, memo, category,"
    " project_id, attachment_count, reverses_seq, reason, maker_id, checker_id,"
    " drafted_at, posted_at, prev_hash, hash"
)


# One stored entry, in the order of ENTRY_COLUMNS, with `entry_date` as SQLAlchemy reads it
# and `drafted_at` and `posted_at` as the hash writes them (`stamp`). A plain tuple: verify
# unpacks it once per entry, and a named one costs a Python call to build.
EntryRow = tuple[
    int,  # seq
    str,  # voucher_month
    int,  # voucher_seq
    str,  # voucher_no
    dt.date,  # entry_date
    str,  # kind
    str,  # memo
    str | None,  # category
    int | None,  # project_id
    int,  # attachment_count
    int | None,  # reverses_seq
    str | None,  # reason
    int,  # maker_id
    int,  # checker_id
    str,  # drafted_at
    str,  # posted_at
    str,  # prev_hash
    str,  # hash
]
# (entry_seq, account_id, amount_fen, memo, voucher_month) of one posting, in line order.
PostingRow = tuple[int, int, int, str, str]
# (sha256, filename) of one attachment, in line order.
FileRow = tuple[str, str]

_QUERIES = (
    f"SELECT {ENTRY_COLUMNS} FROM entry WHERE compound_id = :c ORDER BY seq",
    "SELECT entry_seq, account_id, amount_fen, memo, voucher_month FROM posting"
    " WHERE compound_id = :c ORDER BY entry_seq, line_no",
    "SELECT entry_seq, sha256, filename FROM entry_attachment"
    " WHERE compound_id = :c ORDER BY entry_seq, line_no",
)


def entries(
    session: Session, compound_id: int
) -> Iterator[tuple[EntryRow, list[PostingRow], list[FileRow]]]:
    """Every entry of the compound in chain order, with its postings and attachments.
    Postings or attachments of a sequence number with no entry are skipped, as before."""
    conn = session.connection()
    dialect = conn.dialect
    raw = conn.connection.driver_connection
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    server_side = dialect.name == "postgresql"
    assert raw is not None  # a session's connection is always open
    cursors = []
    for n, sql in enumerate(_QUERIES):
        if server_side:
            cur = raw.cursor(name=f"verify_stream_{n}")
            cur.itersize = STREAM
        else:
            cur = raw.cursor()
        cur.execute(sql.replace(":c", mark), (compound_id,))
        cursors.append(cur)
    try:
        yield from _merge(dialect, *cursors)
    finally:
        for cur in cursors:
            cur.close()


def _merge(
    dialect: Any, entry_cur: Any, posting_cur: Any, file_cur: Any
) -> Iterator[tuple[EntryRow, list[PostingRow], list[FileRow]]]:
    to_date = _date_reader(dialect)
    to_stamp = _stamp_reader(dialect)
    # Lines grouped by their entry's sequence in C (`groupby`); an entry takes its group when
    # the sequences meet, and groups of sequences no entry has are stepped over.
    done: tuple[Any, Any] = (None, None)
    postings = groupby(posting_cur, key=itemgetter(0))
    files = groupby(file_cur, key=itemgetter(0))
    p_seq, p_rows = next(postings, done)
    f_seq, f_rows = next(files, done)
    for row in entry_cur:
        seq = row[0]
        while p_seq is not None and p_seq < seq:
            p_seq, p_rows = next(postings, done)
        lines: list[PostingRow] = []
        if p_seq == seq:
            lines = list(p_rows)
            p_seq, p_rows = next(postings, done)
        while f_seq is not None and f_seq < seq:
            f_seq, f_rows = next(files, done)
        attached: list[FileRow] = []
        if f_seq == seq:
            attached = [f[1:] for f in f_rows]
            f_seq, f_rows = next(files, done)
        yield (
            (
                *row[:4],
                to_date(row[4]),
                *row[5:14],
                to_stamp(row[14]),
                to_stamp(row[15]),
                row[16],
                row[17],
            ),
            lines,
            attached,
        )


def _date_reader(dialect: Any) -> Callable[[Any], Any]:
    """Stored date → the value SQLAlchemy returns; a street has a few thousand distinct days,
    so each is converted once."""
    process = Entry.__table__.c.entry_date.type.dialect_impl(dialect).result_processor(
        dialect, None
    )
    if process is None:
        return lambda value: value
    seen: dict[Any, Any] = {}

    def read(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            converted = seen[value] = process(value)
            return converted

    return read


# A timestamp as SQLAlchemy writes it into SQLite, and one as a driver returns it, with the
# text `stamp` makes of what SQLAlchemy reads back from each.
_SAMPLE_TEXT = "2024-02-29 23:59:58.000001"
_SAMPLE_VALUE = dt.datetime(2024, 2, 29, 23, 59, 58, 1)
_SAMPLE_STAMP = '"2024-02-29T23:59:58.000001Z"'


def _stamp_reader(dialect: Any) -> Callable[[Any], str]:
    """Stored timestamp → `stamp` of the value SQLAlchemy returns (`UtcDateTime`: the naive UTC
    value read by the engine's processor, made aware). A naive value, as a driver returns it or
    as SQLite's text reads (`fromisoformat`, SQLAlchemy's own reading), is printed directly,
    without the generic processor and `stamp`'s zone arithmetic, once a sample shows the
    shortcut and the full path agree on this engine; any other value takes the full path."""
    process = Entry.__table__.c.drafted_at.type.dialect_impl(dialect).result_processor(
        dialect, None
    )
    convert: Callable[[Any], Any] = process if process is not None else lambda value: value

    def full(value: Any) -> str:
        return stamp(convert(value))

    quick_text = _agrees(full, _SAMPLE_TEXT)
    quick_value = _agrees(full, _SAMPLE_VALUE)

    seen: dict[Any, str] = {}  # a batch's rows share their timestamps: each read once

    def read(value: Any) -> str:
        try:
            return seen[value]
        except (KeyError, TypeError):
            pass
        text = _read(value)
        if len(seen) < 100_000:
            with suppress(TypeError):  # unhashable: read every time
                seen[value] = text
        return text

    def _read(value: Any) -> str:
        kind, naive = type(value), None
        if kind is str and quick_text:
            naive = dt.datetime.fromisoformat(value)  # SQLAlchemy's reading, errors and all
        elif kind is dt.datetime and quick_value:
            naive = value
        if naive is not None and naive.tzinfo is None:
            return f'"{naive.isoformat(timespec="microseconds")}Z"'
        return full(value)

    return read


def _agrees(full: Callable[[Any], str], sample: Any) -> bool:
    try:
        return full(sample) == _SAMPLE_STAMP
    except (TypeError, ValueError, AttributeError):
        return False  # this engine never returns such a value
