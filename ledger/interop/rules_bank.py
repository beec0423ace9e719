"""The bank sections of `rules.yaml`: `bank_profiles` (statement column layouts) and
`bank_matching` (the date window and the keywords that guess an unmatched line's category).

Both are street-wide and optional: a rules file without them has no profiles (a statement
import then asks for them) and matches within ±3 days. Every problem is reported with its
path and line, like every other section.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ledger.domain.account import Account, AccountKind
from ledger.domain.bank_rules import (
    REQUIRED_COLUMNS,
    BankColumn,
    BankProfile,
    BankRules,
    header_key,
)
from ledger.interop.rules_sections import KEY_RE
from ledger.interop.yaml_tree import Checker, YMap, YNode, YScalar, YSeq, is_missing

WINDOW_DAYS_MAX = 31
_OPTIONAL_COLUMNS = tuple(c.value for c in BankColumn if c not in REQUIRED_COLUMNS)


def bank_rules(
    chk: Checker,
    profiles: YNode | None,
    matching: YNode | None,
    categories: Collection[str],
    chart: Mapping[str, Account] | None,
) -> BankRules:
    found = _profiles(chk, profiles) if profiles is not None else ()
    if matching is None:
        return BankRules(profiles=found)
    f = chk.fields(matching, (), ("window_days", "income_keywords", "expense_keywords"))
    window = chk.integer(f["window_days"], 0, WINDOW_DAYS_MAX) if "window_days" in f else 3
    income = _keywords(chk, f.get("income_keywords"), "收入类别")
    for node, key in _keyed(f.get("income_keywords")):
        if key not in categories:
            chk.report(node, f"收入类别「{key}」不在 income_categories 中")
    expense = _keywords(chk, f.get("expense_keywords"), "费用科目")
    for node, code in _keyed(f.get("expense_keywords")):
        account = chart.get(code) if chart is not None else None
        if chart is not None and (account is None or account.kind is not AccountKind.EXPENSE):
            chk.report(node, f"「{code}」不是科目表（accounts）中的费用类科目")
    return BankRules(found, window, income, expense)


def _profiles(chk: Checker, node: YNode) -> tuple[BankProfile, ...]:
    if not isinstance(node, YMap) or not node.items:
        if not is_missing(node):
            chk.report(node, "应为映射：格式名: {name: 说明, columns: {列: [表头文字, …]}}")
        return ()
    result = []
    for key, item in node.items.items():
        if not KEY_RE.fullmatch(key):
            chk.report(item, f"格式名「{key}」只能用小写英文字母、数字和下划线")
        f = chk.fields(item, ("name", "columns"))
        result.append(BankProfile(key, chk.text(f["name"]), _columns(chk, f["columns"])))
    return tuple(result)


def _columns(chk: Checker, node: YNode) -> dict[BankColumn, tuple[str, ...]]:
    required = tuple(c.value for c in REQUIRED_COLUMNS)
    f = chk.fields(node, required, _OPTIONAL_COLUMNS)
    columns: dict[BankColumn, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for key, child in f.items():
        names = _words(chk, child, "表头文字")
        for name in names:
            k = header_key(name)
            if k in owner and owner[k] != key:
                chk.report(child, f"表头「{name}」已用于列「{owner[k]}」，同一格式中不能表示两列")
            owner.setdefault(k, key)
        if names:
            columns[BankColumn(key)] = names
    return columns


def _keywords(
    chk: Checker, node: YNode | None, what: str
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if node is None:
        return ()
    if not isinstance(node, YMap):
        chk.report(node, f"应为映射：{what}: [关键词, …]")
        return ()
    return tuple((key, _words(chk, child, "关键词")) for key, child in node.items.items())


def _keyed(node: YNode | None) -> list[tuple[YNode, str]]:
    if not isinstance(node, YMap):
        return []
    return [(child, key) for key, child in node.items.items()]


def _words(chk: Checker, node: YNode, what: str) -> tuple[str, ...]:
    """A list of non-blank texts (one text alone is taken as a list of one)."""
    if is_missing(node):
        return ()
    items = node.items if isinstance(node, YSeq) else (node,)
    words = []
    for item in items:
        value = item.value if isinstance(item, YScalar) else None
        if not isinstance(value, str) or not value.strip():
            chk.report(item, f"{what}应为非空文字")
            continue
        words.append(value.strip())
    if not words and isinstance(node, YSeq):
        chk.report(node, f"至少写一个{what}")
    return tuple(words)
