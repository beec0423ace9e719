"""Read a beancount file into entries our books can take, or every problem with its line.

Invariants kept here:
- nothing is half-read: `parse_file` returns the entries AND every problem it found (the
  loader's own errors, plus ours: unmapped accounts, other currencies, more than two decimals,
  costs and prices, unbalanced or too-short transactions, bad text), each with its line; the
  caller applies nothing when there is any problem;
- amounts become integer fen exactly, or are refused (never rounded);
- accounts are mapped by the `code` metadata of their `open` directive, else by the chart's
  beancount name; the code's kind must agree with the name's root (Assets, Income, …);
- `plugin` and `include` directives are refused before the loader sees them: a file to
  import must not make the loader run code or read other files;
- every entry carries an import key: its `hash` metadata (what our export writes) when that
  is a SHA-256, else the SHA-256 of its canonical content and its occurrence in the file;
- entries come back in replay order: by `seq` metadata when every transaction has a distinct
  one (the order they were first posted in), else in file order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from beancount import loader
from beancount.core import data

from ledger.domain.account import Account
from ledger.domain.entry import Line, check_lines, check_text
from ledger.domain.errors import LedgerError, Problem
from ledger.domain.money import fen_from_decimal
from ledger.domain.period import MAX_YEAR, MIN_YEAR
from ledger.interop.beancount_out import CURRENCY
from ledger.interop.beancount_pairs import pair_reversals

KINDS = frozenset({"general", "income", "opening", "payment", "reversal"})
MAX_ATTACHMENTS = 999
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LOADER_KINDS = {
    "LexerError": "语法错误（beancount）",
    "ParserError": "语法错误（beancount）",
    "ParserSyntaxError": "语法错误（beancount）",
    "BalanceError": "余额断言不符（beancount）",
}
_FORBIDDEN = re.compile(r'^(plugin|include)\b|^option\s+"documents"')


@dataclass(frozen=True)
class ImportedEntry:
    lineno: int
    date: dt.date
    memo: str
    lines: tuple[Line, ...]
    key: str
    kind: str = "general"
    category: str | None = None
    reason: str | None = None
    attachment_count: int = 0
    seq: int | None = None  # the `seq` metadata: the order the books first posted it in
    link: str | None = None  # a `rev-…` link naming a reversal pair
    reverses_keys: tuple[str, ...] = ()  # on a reversal: its original's keys
    alias: str | None = None  # `import-key` metadata: the key another book imported it under

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key under which a book may already hold this entry."""
        return (self.key,) if self.alias is None else (self.key, self.alias)


@dataclass(frozen=True)
class ParsedFile:
    entries: tuple[ImportedEntry, ...]
    located: tuple[tuple[int, Problem], ...]  # (line, problem), in line order

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for _, p in self.located)


def at_line(lineno: int | None, message: str) -> tuple[int, Problem]:
    return lineno or 0, Problem(f"第 {lineno} 行" if lineno else "", message)


def parse_file(
    text: str, *, chart: Sequence[Account], categories: Collection[str], compound: str
) -> ParsedFile:
    found: list[tuple[int, Problem]] = []
    text = _screen(text, found)
    directives, errors, _ = loader.load_string(text)
    accounts = _accounts(directives, chart, found)
    entries: list[ImportedEntry] = []
    flagged: set[int] = set()
    seen = _Seen()
    for txn in (d for d in directives if isinstance(d, data.Transaction)):
        lineno = int(txn.meta.get("lineno") or 0)
        mark = len(found)
        entry = _entry(txn, lineno, accounts, categories, compound, found)
        if entry is not None:
            entry = _keyed(entry, txn.meta.get("hash"), seen, found)
        if len(found) > mark:
            flagged.add(lineno)
        elif entry is not None:
            entries.append(entry)
    for error in errors:
        where = (error.source or {}).get("lineno")
        if isinstance(error.entry, data.Transaction) and where in flagged:
            continue  # our own, Chinese, problem on this transaction says it already
        found.append(at_line(where, _loader_message(error)))
    found.sort(key=lambda p: p[0])
    return ParsedFile(tuple(pair_reversals(_replay_order(entries))), tuple(found))


def _loader_message(error: Any) -> str:
    """beancount's own message, said in Chinese where we know what kind of problem it is."""
    kind = _LOADER_KINDS.get(type(error).__name__, "beancount 报告")
    return f"{kind}：{error.message}"


def _screen(text: str, found: list[tuple[int, Problem]]) -> str:
    """Comment out plugin/include/documents lines, each reported: the rest is still checked."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if _FORBIDDEN.match(line):
            found.append(at_line(i + 1, "导入文件不能含 plugin、include 或 documents 指令"))
            lines[i] = ";" + line
    return "\n".join(lines) + "\n"


def _accounts(
    directives: Sequence[Any], chart: Sequence[Account], found: list[tuple[int, Problem]]
) -> dict[str, str | None]:
    """beancount name → our account code (None: opened but not mappable, reported once)."""
    by_code = {a.code: a for a in chart}
    by_name = {a.beancount: a for a in chart}
    mapped: dict[str, str | None] = {}
    for d in directives:
        if not isinstance(d, data.Open):
            continue
        raw = d.meta.get("code")
        code = str(int(raw)) if isinstance(raw, Decimal) and raw == int(raw) else raw
        account = by_code.get(code) if code is not None else by_name.get(d.account)
        lineno = d.meta.get("lineno")
        if account is None:
            why = (
                f"科目代码「{code}」不在 rules.yaml 的科目表里"
                if code is not None
                else "没有 code 元数据，名称也不是 rules.yaml 科目表里的 beancount 科目名"
            )
            found.append(at_line(lineno, f"科目 {d.account} 无法对应：{why}"))
            mapped[d.account] = None
        elif d.account.split(":", 1)[0] != account.kind.beancount_root:
            message = (
                f"科目 {d.account} 的代码 {account.code}（{account.name}）是{account.kind.label}类，"
                f"beancount 名称应以 {account.kind.beancount_root}: 开头"
            )
            found.append(at_line(lineno, message))
            mapped[d.account] = None
        else:
            mapped[d.account] = account.code
    return mapped


def _entry(
    txn: data.Transaction,
    lineno: int,
    accounts: dict[str, str | None],
    categories: Collection[str],
    compound: str,
    found: list[tuple[int, Problem]],
) -> ImportedEntry | None:
    meta = txn.meta
    owner = meta.get("compound")
    if isinstance(owner, str) and owner != compound:
        found.append(at_line(lineno, f"这笔交易属于小区「{owner}」，不能导入「{compound}」"))
    if not MIN_YEAR <= txn.date.year <= MAX_YEAR:
        found.append(at_line(lineno, f"日期 {txn.date} 超出范围（{MIN_YEAR}—{MAX_YEAR} 年）"))
    memo = " ".join(x for x in (txn.payee, txn.narration) if x)
    lines = [_line(p, lineno, accounts, found) for p in txn.postings]
    try:
        memo = check_text(memo, field="摘要")
    except LedgerError as err:
        found.append(at_line(lineno, err.message))
    if any(x is None for x in lines):
        return None
    complete = tuple(x for x in lines if x is not None)
    try:
        check_lines(complete)
    except LedgerError as err:
        found.append(at_line(lineno, err.message))
        return None
    category = meta.get("category")
    kind = meta.get("kind")
    reason = meta.get("reason")
    alias = meta.get("import-key")
    links = sorted(x for x in txn.links if x.startswith("rev-"))
    return ImportedEntry(
        lineno=lineno,
        date=txn.date,
        memo=memo,
        lines=complete,
        key="",
        kind=kind if kind in KINDS else "general",
        category=category if category in categories else None,
        reason=reason.strip()[:200] if isinstance(reason, str) and reason.strip() else None,
        attachment_count=_count(meta.get("attachments")),
        seq=_count(meta.get("seq"), upper=None) or None,
        link=links[0] if len(links) == 1 else None,
        alias=alias if isinstance(alias, str) and _SHA256.fullmatch(alias) else None,
    )


def _line(
    posting: data.Posting,
    lineno: int,
    accounts: dict[str, str | None],
    found: list[tuple[int, Problem]],
) -> Line | None:
    where = int((posting.meta or {}).get("lineno") or lineno)
    name, units = posting.account, posting.units
    problems: list[str] = []
    code = accounts.get(name)
    if name not in accounts:
        problems.append(f"科目 {name} 没有 open 指令，无法对应到科目表")
    elif code is None:
        problems.append(f"科目 {name} 无法对应到科目表（见其 open 指令）")
    if posting.cost is not None or posting.price is not None:
        problems.append(f"科目 {name} 这一行带成本或价格：只能导入人民币金额")
    fen = None
    if units is None or not isinstance(units.number, Decimal):
        problems.append(f"科目 {name} 这一行没有金额")
    elif units.currency != CURRENCY:
        problems.append(f"币种 {units.currency}：只能导入人民币（{CURRENCY}）")
    else:
        try:
            fen = fen_from_decimal(units.number, field=f"科目 {name} 的金额")
        except LedgerError as err:
            problems.append(err.message)
        if fen == 0:
            problems.append(f"科目 {name} 这一行金额为零：请删去这一行")
    given = (posting.meta or {}).get("memo")
    memo = ""
    try:
        memo = check_text(given if isinstance(given, str) else "", field="行摘要", required=False)
    except LedgerError as err:
        problems.append(err.message)
    found.extend(at_line(where, p) for p in problems)
    if problems or code is None or fen is None:
        return None
    return Line(code, fen, memo)


def _count(value: object, *, upper: int | None = MAX_ATTACHMENTS) -> int:
    if not isinstance(value, Decimal) or value != int(value) or value < 0:
        return 0
    return int(value) if upper is None or value <= upper else 0


@dataclass
class _Seen:
    hashes: dict[str, int] = field(default_factory=dict)  # hash metadata → its line
    contents: dict[str, int] = field(default_factory=dict)  # canonical content → occurrences


def _keyed(
    entry: ImportedEntry, given: object, seen: _Seen, found: list[tuple[int, Problem]]
) -> ImportedEntry:
    """The entry with its import key; a `hash` given twice in one file is a problem."""
    if isinstance(given, str) and _SHA256.fullmatch(given):
        if given in seen.hashes:
            message = f"hash {given[:12]}… 与第 {seen.hashes[given]} 行的交易重复"
            found.append(at_line(entry.lineno, message))
        seen.hashes[given] = entry.lineno
        return replace(entry, key=given)
    content = [
        str(entry.date),
        entry.memo,
        [[x.account_code, x.amount_fen, x.memo] for x in entry.lines],
    ]
    canonical = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    occurrence = seen.contents.get(canonical, 0) + 1
    seen.contents[canonical] = occurrence
    digest = hashlib.sha256(f"{canonical}#{occurrence}".encode()).hexdigest()
    return replace(entry, key=digest)


def _replay_order(entries: list[ImportedEntry]) -> list[ImportedEntry]:
    seqs = [e.seq for e in entries]
    if entries and None not in seqs and len(set(seqs)) == len(seqs):
        return sorted(entries, key=lambda e: e.seq or 0)
    return sorted(entries, key=lambda e: e.lineno)
