"""The fast chain hashes equal the generic ones byte for byte, on awkward text too."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.entry import Attachment, EntryRecord, Line
from ledger.domain.fast_hash import audit_hash, entry_hash, stamp
from ledger.domain.hashing import chain_hash

TEXT = st.text(max_size=30)
TZ = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=8))])
WHEN = st.builds(
    lambda d, tz: d.replace(tzinfo=tz),
    st.datetimes(min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2099, 1, 1)),
    TZ,
)
LINES = st.lists(st.builds(Line, TEXT, st.integers(-(10**12), 10**12), TEXT), max_size=4)
FILES = st.lists(st.builds(Attachment, TEXT, TEXT), max_size=2)
OPT_INT = st.none() | st.integers(1, 10**6)


@given(TEXT, TEXT, st.none() | TEXT, st.none() | TEXT, OPT_INT, OPT_INT, WHEN, WHEN, LINES, FILES)
def test_entry_hash_is_the_record_hash(
    memo: str,
    voucher: str,
    category: str | None,
    reason: str | None,
    project: int | None,
    reverses: int | None,
    drafted: dt.datetime,
    posted: dt.datetime,
    lines: list[Line],
    files: list[Attachment],
) -> None:
    record = EntryRecord(
        7,
        42,
        voucher,
        dt.date(2024, 2, 29),
        "income",
        memo,
        category,
        project,
        3,
        reverses,
        reason,
        5,
        6,
        drafted,
        posted,
        tuple(lines),
        tuple(files),
    )
    fast = entry_hash(
        "a" * 64,
        compound_id=7,
        seq=42,
        voucher_no=voucher,
        entry_date=record.entry_date,
        kind="income",
        memo=memo,
        category=category,
        project_id=project,
        attachment_count=3,
        reverses_seq=reverses,
        reason=reason,
        maker_id=5,
        checker_id=6,
        drafted_at=stamp(drafted),
        posted_at=stamp(posted),
        lines=[(x.account_code, x.amount_fen, x.memo) for x in lines],
        attachments=[(a.sha256, a.filename) for a in files],
    )
    assert fast == record.hash("a" * 64)


@given(TEXT, TEXT, OPT_INT, OPT_INT, WHEN, st.dictionaries(TEXT, TEXT | st.integers(), max_size=3))
def test_audit_hash_is_the_chain_hash(
    action: str,
    target: str,
    actor: int | None,
    compound: int | None,
    at: dt.datetime,
    details: dict[str, object],
) -> None:
    text = json.dumps(details, ensure_ascii=False, sort_keys=True)
    payload = {
        "scope": "compound:1",
        "seq": 9,
        "at": at,
        "actor": actor,
        "compound": compound,
        "action": action,
        "target": target,
        "details": text,
    }
    fast = audit_hash(
        "b" * 64,
        scope="compound:1",
        seq=9,
        at=stamp(at),
        actor_id=actor,
        compound_id=compound,
        action=action,
        target=target,
        details=text,
    )
    assert fast == chain_hash("b" * 64, payload)


ODD = st.none() | st.integers(-(10**6), 10**6) | TEXT


@given(ODD, ODD, ODD, ODD)
def test_entry_hash_of_a_changed_row_is_still_the_record_hash(
    memo: Any, voucher: Any, line_memo: Any, filename: Any
) -> None:
    """A stored value changed to a number or NULL behind the program's back (SQLite keeps
    whatever it is given) serialises as the generic walk writes it, so the hash simply
    differs from the stored one instead of `verify` stopping."""
    day, when = dt.date(2024, 2, 29), dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.UTC)
    lines = [("1002", 500, line_memo), ("4301", -500, "停车费")]
    files = [("ab" * 32, filename)]
    record = EntryRecord(
        7,
        42,
        voucher,
        day,
        "income",
        memo,
        None,
        None,
        1,
        None,
        None,
        5,
        6,
        when,
        when,
        tuple(Line(*x) for x in lines),
        tuple(Attachment(*f) for f in files),
    )
    fast = entry_hash(
        "c" * 64,
        compound_id=7,
        seq=42,
        voucher_no=voucher,
        entry_date=day,
        kind="income",
        memo=memo,
        category=None,
        project_id=None,
        attachment_count=1,
        reverses_seq=None,
        reason=None,
        maker_id=5,
        checker_id=6,
        drafted_at=stamp(when),
        posted_at=stamp(when),
        lines=iter(lines),
        attachments=(f for f in files),
    )
    assert fast == record.hash("c" * 64)
