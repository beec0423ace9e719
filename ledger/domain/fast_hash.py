"""The chain hashes of entries and audit records, computed without the generic walk.

`EntryRecord.hash` and `chain_hash` serialise through `hashing._plain`, which visits every
value; for hundreds of thousands of records (bulk posting, `verify` of a street) that walk is
most of the time. These functions build the very same canonical JSON (sorted keys, no spaces,
UTF-8, ISO dates, UTC timestamps with microseconds and `Z`) directly from the fields, so their
hashes are byte-for-byte those of `EntryRecord.hash` and `audit.append`; the tests compare them
on many records, and `verify` recomputing through either path finds the same books.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable

_str = json.JSONEncoder(ensure_ascii=False).encode  # one string, exactly as json.dumps writes it


def stamp(value: dt.datetime) -> str:
    """A timestamp as canonical JSON text (with its quotes)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return '"' + value.isoformat(timespec="microseconds") + 'Z"'


def _opt_str(value: str | None) -> str:
    return "null" if value is None else _str(value)


def _opt_int(value: int | None) -> str:
    return "null" if value is None else str(int(value))


def entry_hash(
    prev_hash: str,
    *,
    compound_id: int,
    seq: int,
    voucher_no: str,
    entry_date: dt.date,
    kind: str,
    memo: str,
    category: str | None,
    project_id: int | None,
    attachment_count: int,
    reverses_seq: int | None,
    reason: str | None,
    maker_id: int,
    checker_id: int,
    drafted_at: str,
    posted_at: str,
    lines: Iterable[tuple[str, int, str]],
    attachments: Iterable[tuple[str, str]] = (),
) -> str:
    """`EntryRecord(...).hash(prev_hash)`; timestamps already as `stamp` text."""
    line_text = ",".join(f"[{_str(a)},{int(n)},{_str(m)}]" for a, n, m in lines)
    file_text = ",".join(f"[{_str(h)},{_str(f)}]" for h, f in attachments)
    text = (
        f'{{"attachment_count":{int(attachment_count)},"attachments":[{file_text}],'
        f'"category":{_opt_str(category)},"checker":{int(checker_id)},'
        f'"compound":{int(compound_id)},"date":"{entry_date.isoformat()}",'
        f'"drafted_at":{drafted_at},"kind":{_str(kind)},"lines":[{line_text}],'
        f'"maker":{int(maker_id)},"memo":{_str(memo)},"posted_at":{posted_at},'
        f'"project":{_opt_int(project_id)},"reason":{_opt_str(reason)},'
        f'"reverses":{_opt_int(reverses_seq)},"seq":{int(seq)},"voucher":{_str(voucher_no)}}}'
    )
    return hashlib.sha256(f"{prev_hash}\n{text}".encode()).hexdigest()


def audit_hash(
    prev_hash: str,
    *,
    scope: str,
    seq: int,
    at: str,
    actor_id: int | None,
    compound_id: int | None,
    action: str,
    target: str,
    details: str,
    rows: str | None = None,
) -> str:
    """`chain_hash(prev_hash, audit.record_payload(row))`; `at` already as `stamp` text.
    `rows` (the row seals of a control action) is in the payload only when not None."""
    sealed = "" if rows is None else f',"rows":{_str(rows)}'
    text = (
        f'{{"action":{_str(action)},"actor":{_opt_int(actor_id)},'
        f'"at":{at},"compound":{_opt_int(compound_id)},"details":{_str(details)}{sealed},'
        f'"scope":{_str(scope)},"seq":{int(seq)},"target":{_str(target)}}}'
    )
    return hashlib.sha256(f"{prev_hash}\n{text}".encode()).hexdigest()
