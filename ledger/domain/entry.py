"""Journal entries as the domain sees them: lines, balance, reversal, canonical record.

An entry has at least two lines, no zero line, and its lines sum to zero (invariant 2);
amounts are integer fen, debit positive. A reversal is the same lines with signs flipped,
naming the entry it reverses. `EntryRecord` is what the hash chain covers (invariant 6).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ledger.domain.errors import InvalidInput, TooFewPostings, UnbalancedEntry
from ledger.domain.hashing import chain_hash
from ledger.domain.money import format_fen

MAX_MEMO_CHARS = 200
MAX_LINES = 200


@dataclass(frozen=True, slots=True)
class Line:
    account_code: str
    amount_fen: int
    memo: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    sha256: str
    filename: str


def check_lines(lines: Sequence[Line]) -> None:
    """Refuse lines that cannot make a posted entry, with a message naming what is wrong."""
    if len(lines) < 2:
        raise TooFewPostings(f"一张凭证至少要有两行分录，现在只有 {len(lines)} 行")
    if len(lines) > MAX_LINES:
        raise InvalidInput(f"一张凭证最多 {MAX_LINES} 行分录，现在有 {len(lines)} 行")
    for i, line in enumerate(lines, 1):
        if type(line.amount_fen) is not int:
            raise TypeError("amounts are integer fen")
        if line.amount_fen == 0:
            raise InvalidInput(f"第 {i} 行（科目 {line.account_code}）金额为零：请删去这一行")
    total = sum(line.amount_fen for line in lines)
    if total != 0:
        debit = sum(x.amount_fen for x in lines if x.amount_fen > 0)
        credit = -sum(x.amount_fen for x in lines if x.amount_fen < 0)
        side = "借方多" if total > 0 else "贷方多"
        raise UnbalancedEntry(
            f"借贷不平：借方合计 {format_fen(debit)}，贷方合计 {format_fen(credit)}，"
            f"{side} {format_fen(abs(total))}",
            difference_fen=total,
        )


_CONTROL = re.compile("[\x00-\x1f\x7f\x80-\x9f]")  # C0, DEL and C1 controls


def check_text(text: str, *, field: str, required: bool = True, limit: int = MAX_MEMO_CHARS) -> str:
    """Trim and check a free-text field: no control characters, not too long."""
    value = (text or "").strip()
    if required and not value:
        raise InvalidInput(f"{field}不能为空", field=field)
    if len(value) > limit:
        raise InvalidInput(f"{field}太长：最多 {limit} 个字，现在 {len(value)} 个", field=field)
    if _CONTROL.search(value):
        raise InvalidInput(f"{field}「{value!r}」含有控制字符，请重新输入", field=field)
    return value


def reversal_lines(lines: Sequence[Line]) -> list[Line]:
    return [Line(x.account_code, -x.amount_fen, x.memo) for x in lines]


@dataclass(frozen=True)
class EntryRecord:
    """Everything a posted entry says, in the form its hash covers."""

    compound_id: int
    seq: int
    voucher_no: str
    entry_date: dt.date
    kind: str
    memo: str
    category: str | None
    project_id: int | None
    attachment_count: int
    reverses_seq: int | None
    reason: str | None
    maker_id: int
    checker_id: int
    drafted_at: dt.datetime
    posted_at: dt.datetime
    lines: tuple[Line, ...]
    attachments: tuple[Attachment, ...] = field(default=())

    def payload(self) -> dict[str, Any]:
        return {
            "compound": self.compound_id,
            "seq": self.seq,
            "voucher": self.voucher_no,
            "date": self.entry_date,
            "kind": self.kind,
            "memo": self.memo,
            "category": self.category,
            "project": self.project_id,
            "attachment_count": self.attachment_count,
            "reverses": self.reverses_seq,
            "reason": self.reason,
            "maker": self.maker_id,
            "checker": self.checker_id,
            "drafted_at": self.drafted_at,
            "posted_at": self.posted_at,
            "lines": [[x.account_code, x.amount_fen, x.memo] for x in self.lines],
            "attachments": [[a.sha256, a.filename] for a in self.attachments],
        }

    def hash(self, prev_hash: str) -> str:
        return chain_hash(prev_hash, self.payload())
