"""What an import (beancount or xlsx) prints: how much was read, added and skipped, and what
became of the new entries (posted in one batch, or drafts waiting for a checker)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class ImportOutcome(Protocol):
    @property
    def read(self) -> int: ...
    @property
    def added(self) -> int: ...
    @property
    def skipped(self) -> int: ...
    @property
    def vouchers(self) -> Sequence[str]: ...
    @property
    def draft_ids(self) -> Sequence[int]: ...


def print_import(result: ImportOutcome, *, unit: str) -> None:
    """`unit` is a measure word and its noun, e.g. 笔交易 or 张凭证."""
    print(
        f"读取 {result.read} {unit}：新增 {result.added} {unit[0]}，已导入过而跳过 {result.skipped} {unit[0]}"
    )
    if result.vouchers:
        print(f"已审核过账：{result.vouchers[0]} 至 {result.vouchers[-1]}")
    if result.draft_ids:
        print(
            f"已存为草稿 #{result.draft_ids[0]} 至 #{result.draft_ids[-1]}，"
            "请审核人逐张审核（entry approve），或用 --approve-as 由审核人一并过账"
        )
