"""A refused action as the user should read it: the rule's title and the Chinese message that
says what is wrong and what to do next (the same words the command line prints)."""

from __future__ import annotations

from ledger.domain.errors import LedgerError


def describe(err: LedgerError) -> str:
    return f"{err.title}：{err.message}"
