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
from collections.abc import Callable, Iterable

_str = json.JSONEncoder(ensure_ascii=False).encode  # one string, exactly as json.dumps writes it
# What that encoder calls for a `str` (the C escaper): the same text, without the dispatch;
# it refuses anything but a `str`, and the caller then falls back to `_str`.
_esc: Callable[[str], str] = json.encoder.encode_basestring


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
    # Lists, so a fall back after a refused value reads them again from the start; the fields
    # in the canonical (sorted) key order.
    lines = lines if isinstance(lines, list) else list(lines)
    attachments = attachments if isinstance(attachments, list) else list(attachments)
    fields = (
        attachment_count,
        attachments,
        category,
        checker_id,
        compound_id,
        entry_date,
        drafted_at,
        kind,
        lines,
        maker_id,
        memo,
        posted_at,
        project_id,
        reason,
        reverses_seq,
        seq,
        voucher_no,
    )
    try:
        text = _entry_text(_esc, *fields)
    except TypeError:
        # A stored value that is not text (a changed row): json's own encoder, as before.
        text = _entry_text(_str, *fields)
    return hashlib.sha256(f"{prev_hash}\n{text}".encode()).hexdigest()


def _entry_text(
    enc: Callable[[str], str],
    attachment_count: int,
    attachments: Iterable[tuple[str, str]],
    category: str | None,
    checker_id: int,
    compound_id: int,
    entry_date: dt.date,
    drafted_at: str,
    kind: str,
    lines: Iterable[tuple[str, int, str]],
    maker_id: int,
    memo: str,
    posted_at: str,
    project_id: int | None,
    reason: str | None,
    reverses_seq: int | None,
    seq: int,
    voucher_no: str,
) -> str:
    line_text = ",".join([f"[{enc(a)},{int(n)},{enc(m)}]" for a, n, m in lines])
    file_text = ",".join([f"[{enc(h)},{enc(f)}]" for h, f in attachments])
    return (
        f'{{"attachment_count":{int(attachment_count)},"attachments":[{file_text}],'
        f'"category":{"null" if category is None else enc(category)},'
        f'"checker":{int(checker_id)},"compound":{int(compound_id)},'
        f'"date":"{entry_date.isoformat()}","drafted_at":{drafted_at},"kind":{enc(kind)},'
        f'"lines":[{line_text}],"maker":{int(maker_id)},"memo":{enc(memo)},'
        f'"posted_at":{posted_at},"project":{_opt_int(project_id)},'
        f'"reason":{"null" if reason is None else enc(reason)},'
        f'"reverses":{_opt_int(reverses_seq)},"seq":{int(seq)},"voucher":{enc(voucher_no)}}}'
    )


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
) -> str:
    """`chain_hash(prev_hash, audit.record_payload(row))`; `at` already as `stamp` text."""
    text = (
        f'{{"action":{_str(action)},"actor":{_opt_int(actor_id)},'
        f'"at":{at},"compound":{_opt_int(compound_id)},"details":{_str(details)},'
        f'"scope":{_str(scope)},"seq":{int(seq)},"target":{_str(target)}}}'
    )
    return hashlib.sha256(f"{prev_hash}\n{text}".encode()).hexdigest()
