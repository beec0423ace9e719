"""Checking a printed notice's verification code against the books (`verify-notice`).

The code on the notice is the published month's snapshot hash. The check says whether the
code is that month's, and whether the books still give the same snapshot today — so a
resident or an auditor can tell a genuine, unaltered notice from one that is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledger.domain.errors import InvalidInput
from ledger.domain.period import Month
from ledger.services.context import Context
from ledger.services.periods import snapshot_hash
from ledger.store import books, org

MIN_CODE_CHARS = 8


@dataclass(frozen=True)
class NoticeCheck:
    compound: str
    month: str
    published: bool
    code_matches: bool
    books_unchanged: bool
    snapshot_hash: str | None

    @property
    def ok(self) -> bool:
        return self.published and self.code_matches and self.books_unchanged


def check_notice(ctx: Context, code: str, *, compound: str, month: Month) -> NoticeCheck:
    text = re.sub(r"[\s-]", "", code or "").lower()
    if len(text) < MIN_CODE_CHARS or not re.fullmatch(r"[0-9a-f]+", text):
        raise InvalidInput(
            f"校验码「{code}」格式不对：应为公示上印的至少 {MIN_CODE_CHARS} 位字母数字（0-9、a-f）"
        )
    with ctx.db.read() as session:
        c = org.compound_by_name(session, compound)
        lock = books.lock_of(session, c.id, month)
        if lock is None:
            return NoticeCheck(c.name, str(month), False, False, False, None)
        now = snapshot_hash(session, c, month, lock.last_seq)
        return NoticeCheck(
            c.name,
            str(month),
            True,
            lock.snapshot_hash.startswith(text),
            now == lock.snapshot_hash,
            lock.snapshot_hash,
        )
