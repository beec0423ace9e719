"""A YAML document as a tree of nodes that know their path and line, and a checker that
collects every problem in it instead of stopping at the first.

Invariants kept here:
- every node carries the path a person would write (`accounts[3].code`,
  `compounds.汇景台小区.notice_days`) and its 1-based line, so each problem says where it is;
- a required key that is missing is reported once, then stands in as a MISSING node that
  every check passes over, so one mistake is not reported again by each check downstream;
- a check that fails records a problem and returns a placeholder of the right type, so one
  pass reports everything; callers build a value only if no problem was added meanwhile.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, TypeVar

from ledger.domain.errors import Problem

E = TypeVar("E", bound=StrEnum)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


# The value of a required key that is not there: already reported, so checks pass over it.
MISSING: Final = _Missing()


@dataclass(frozen=True)
class YScalar:
    path: str
    line: int | None
    value: object  # str, int, float, bool, None, a date for an unquoted date, or MISSING
    quoted: bool = False


@dataclass(frozen=True)
class YSeq:
    path: str
    line: int | None
    items: tuple[YNode, ...]


@dataclass(frozen=True)
class YMap:
    path: str
    line: int | None
    items: Mapping[str, YNode]
    key_lines: Mapping[str, int]


YNode = YScalar | YSeq | YMap


def where(path: str, line: int | None) -> str:
    if line is None:
        return path
    return f"{path}（第 {line} 行）" if path else f"第 {line} 行"


def child_path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def show(value: object) -> str:
    """A value as the person wrote it, for messages."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._lines: list[int] = []  # the line of each problem, 0 for the whole file

    def mark(self) -> int:
        return len(self.problems)

    def clean_since(self, mark: int) -> bool:
        return len(self.problems) == mark

    def report_at(self, path: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(where(path, line), message))
        self._lines.append(line or 0)

    def report(self, node: YNode, message: str) -> None:
        self.report_at(node.path, node.line, message)

    def unique_problems(self) -> tuple[Problem, ...]:
        """Problems in file order, each once (a default inherited by several compounds is
        checked once per compound but reported once)."""
        in_order = sorted(zip(self._lines, self.problems, strict=True), key=lambda lp: lp[0])
        return tuple(dict.fromkeys(problem for _, problem in in_order))

    def fields(
        self, node: YNode, required: Collection[str] = (), optional: Collection[str] = ()
    ) -> dict[str, YNode]:
        """The known keys of a mapping, reporting unknown keys, missing keys and non-mappings.

        Every required key is in the result: one that is missing (or the whole mapping, when
        `node` is not one) maps to a MISSING node, which every check passes over silently."""
        known = (*required, *optional)
        found: dict[str, YNode] = {}
        if not isinstance(node, YMap):
            if not is_missing(node):
                self.report(node, f"应为映射（键: 值），现为「{show_node(node)}」")
        else:
            for key, child in node.items.items():
                if key in known:
                    found[key] = child
                else:
                    self.report_at(child.path, node.key_lines[key], unknown_key(key, known))
            for key in required:
                if key not in found:
                    self.report(node, f"缺少键「{key}」")
        for key in required:
            found.setdefault(key, YScalar(child_path(node.path, key), node.line, MISSING))
        return found

    def integer(self, node: YNode, low: int, high: int) -> int:
        if is_missing(node):
            return low
        value = node.value if isinstance(node, YScalar) else None
        if not isinstance(value, int) or isinstance(value, bool):
            hint = ""
            if isinstance(node, YScalar) and isinstance(value, str) and value.isdigit():
                hint = "，请去掉引号" if node.quoted else "，不要以 0 开头"
            self.report(node, f"应为整数{hint}，现为「{show_node(node)}」")
            return low
        if not low <= value <= high:
            self.report(node, f"应为 {low} 到 {high} 之间的整数，现为 {value}")
            return low
        return value

    def boolean(self, node: YNode) -> bool:
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        if is_missing(node):
            return False
        self.report(node, f"应为 true 或 false，现为「{show_node(node)}」")
        return False

    def text(self, node: YNode, *, max_length: int = 200) -> str:
        """A non-blank string, or "" after reporting why not."""
        if is_missing(node):
            return ""
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            self.report(node, f"应为文字，现为「{show_node(node)}」")
            return ""
        if not node.value.strip():
            self.report(node, "不能为空")
            return ""
        if len(node.value) > max_length:
            self.report(node, f"不能超过 {max_length} 个字")
            return ""
        return node.value

    def choice(self, node: YNode, enum: type[E]) -> E | None:
        """One of the enum's values, or None after reporting why not."""
        if is_missing(node):
            return None
        options = list(enum)
        if isinstance(node, YScalar) and isinstance(node.value, str):
            for option in options:
                if node.value == option.value:
                    return option
        valid = "、".join(o.value for o in options)
        self.report(node, f"应为 {valid} 之一，现为「{show_node(node)}」")
        return None


def unknown_key(key: str, known: Collection[str]) -> str:
    """Names the key a typo most likely meant, or lists the keys allowed."""
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    if close:
        return f"未知的键「{key}」，是不是「{close[0]}」？"
    return f"未知的键「{key}」，可用的键：{'、'.join(known)}"


def is_missing(node: YNode) -> bool:
    return isinstance(node, YScalar) and node.value is MISSING


def show_node(node: YNode) -> str:
    if isinstance(node, YScalar):
        return show(node.value)
    return "列表" if isinstance(node, YSeq) else "映射"


def overlay(base: YNode, over: YNode) -> YNode:
    """`over` laid on `base`: mappings merge key by key, anything else is replaced. Merged
    mappings keep the base's path (so a key missing from both is reported once, at the base),
    while every value taken from `over` keeps its own path. Writing `x_fen` in `over` replaces
    `x` in `base` and vice versa: they are one amount written two ways."""
    if not (isinstance(base, YMap) and isinstance(over, YMap)):
        return over
    items = dict(base.items)
    lines = dict(base.key_lines)
    for key, node in over.items.items():
        twin = key.removesuffix("_fen") if key.endswith("_fen") else f"{key}_fen"
        items.pop(twin, None)
        items[key] = overlay(items[key], node) if key in items else node
        lines[key] = over.key_lines[key]
    return YMap(base.path, base.line, items, lines)
