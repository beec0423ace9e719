"""Matching bank lines to the entries that moved money through the bank account.

A bank line and an entry match when the amount is exactly the same in the same direction and
their dates are at most the window apart. Each is matched at most once. Among candidates the
nearer date wins, then the closer counterparty/memo text, then the earlier line and entry, so
the same books always give the same matches.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BankItem:
    line_id: int
    date: dt.date
    amount_fen: int  # + money in, − money out
    text: str


@dataclass(frozen=True)
class BookItem:
    entry_seq: int
    date: dt.date
    amount_fen: int  # the entry's net movement of the bank account, debit positive
    text: str


@dataclass(frozen=True)
class Pair:
    line_id: int
    entry_seq: int
    days_apart: int
    similarity_pct: int


def similarity_pct(a: str, b: str) -> int:
    """How alike two texts are, 0–100 (a tie-breaker only: amounts and dates decide)."""
    if not a or not b:
        return 0
    return round(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() * 100)


def match(bank: Sequence[BankItem], books: Sequence[BookItem], window_days: int) -> list[Pair]:
    by_amount: dict[int, list[BookItem]] = {}
    for item in books:
        by_amount.setdefault(item.amount_fen, []).append(item)
    candidates: list[tuple[int, int, dt.date, int, int, int]] = []
    for line in bank:
        for item in by_amount.get(line.amount_fen, ()):
            days = abs((line.date - item.date).days)
            if days <= window_days:
                score = similarity_pct(line.text, item.text)
                candidates.append((days, -score, line.date, line.line_id, item.entry_seq, score))
    candidates.sort()
    pairs: list[Pair] = []
    used_lines: set[int] = set()
    used_entries: set[int] = set()
    for days, _, _, line_id, seq, score in candidates:
        if line_id in used_lines or seq in used_entries:
            continue
        used_lines.add(line_id)
        used_entries.add(seq)
        pairs.append(Pair(line_id, seq, days, score))
    return sorted(pairs, key=lambda p: p.line_id)
