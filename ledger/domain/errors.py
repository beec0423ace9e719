"""Errors: one root `LedgerError`, one subclass per broken rule.

Each error carries the facts (which field, which entry, which limit) and a Chinese message a
treasurer understands. Services raise them before writing anything; the CLI prints the
message and exits non-zero; the TUI shows `title` and `message`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class LedgerError(Exception):
    """Root of every error a user can cause. `message` is Chinese, `facts` are for code."""

    title = "操作未完成"
    exit_code = 1

    def __init__(self, message: str, **facts: object) -> None:
        super().__init__(message)
        self.message = message
        self.facts = facts

    def __str__(self) -> str:
        return self.message


class InvalidInput(LedgerError):
    title = "输入有误"
    exit_code = 2


class InvalidAmount(InvalidInput):
    """An amount that cannot be parsed or is out of range for its field."""


class InvalidDate(InvalidInput):
    pass


class InvalidName(InvalidInput):
    pass


@dataclass(frozen=True)
class Problem:
    """One problem in a batch input: where it is and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class BatchInvalid(InvalidInput):
    """A batch input (rules.yaml, bank file, import) with one or more problems; nothing applied."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source} 有 {len(problems)} 处错误，未作任何更改：\n{lines}")
        self.source = source
        self.problems = tuple(problems)


class RulesInvalid(BatchInvalid):
    title = "规则文件有误"


class NotFound(LedgerError):
    title = "未找到"


class AlreadyExists(LedgerError):
    title = "已存在"


class AuthenticationFailed(LedgerError):
    title = "登录失败"
    exit_code = 3


class PermissionDenied(LedgerError):
    title = "无权操作"
    exit_code = 3


class MakerIsChecker(PermissionDenied):
    """Invariant 7: whoever drafted an entry cannot approve it."""


class UnbalancedEntry(LedgerError):
    """Invariant 2: postings must sum to zero."""


class TooFewPostings(LedgerError):
    pass


class UnknownAccount(LedgerError):
    pass


class WrongState(LedgerError):
    """The record is not in a state that allows the action (e.g. approving a posted entry)."""


class PeriodClosed(LedgerError):
    """Invariant 4: nothing is posted into a closed (published) month."""


class InsufficientFunds(LedgerError):
    """Invariant 8: an account that may not go negative would go below zero."""


class IntegrityError(LedgerError):
    """The stored books break an invariant (found by `verify` or refused by the database)."""

    title = "账簿校验失败"
    exit_code = 1


class StorageError(LedgerError):
    """The database cannot be written (read-only, disk full, locked too long)."""

    title = "数据库错误"
    exit_code = 4
