"""Parse YAML text into the node tree of `yaml_tree`, keeping each node's path and line.

Invariants kept here:
- duplicate keys, which PyYAML's loader silently resolves to the last one, are problems;
- only plain YAML is accepted: no custom tags, merge keys (`<<`) or recursive aliases, and
  no integer that YAML 1.1 would read differently from how it looks (010 is 8, 20:00 is 1200);
- a syntax error is one problem with its line; nothing after it is guessed at.
"""

from __future__ import annotations

import re
from typing import Final

import yaml

from ledger.interop.yaml_tree import (
    MISSING,
    Checker,
    YMap,
    YNode,
    YScalar,
    YSeq,
    child_path,
    show,
)


def compose(text: str, checker: Checker) -> YNode | None:
    """Parse `text` into a node tree, reporting YAML errors with their line."""
    try:
        loader = yaml.SafeLoader(text)  # refuses control characters such as NUL at once
    except yaml.reader.ReaderError as error:
        code = error.character if isinstance(error.character, int) else ord(error.character)
        checker.report_at(
            "",
            None,
            f"不是有效的 YAML：第 {error.position + 1} 个字符是不允许的控制字符（#x{code:04x}）",
        )
        return None
    try:
        root = loader.get_single_node()
        if root is None:
            checker.report_at("", None, "文件为空")
            return None
        return _Converter(loader, checker).convert(root, "")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = error.problem or error.context or "格式错误"
        checker.report_at("", line, f"不是有效的 YAML：{detail}")
    except yaml.YAMLError as error:
        checker.report_at("", None, f"不是有效的 YAML：{error}")
    except (_TooBig, RecursionError):
        checker.report_at(
            "", None, f"内容过多或嵌套过深（上限 {_MAX_NODES} 个值），请检查别名（*）"
        )
    finally:
        loader.dispose()
    return None


_MERGE_TAG = "tag:yaml.org,2002:merge"
# Aliases are expanded once per place they are used; this bounds a "billion laughs" file.
_MAX_NODES: Final = 100_000


class _TooBig(Exception):
    pass


class _Converter:
    def __init__(self, loader: yaml.SafeLoader, checker: Checker) -> None:
        self.loader = loader
        self.checker = checker
        self.open: set[int] = set()  # collections being converted, to refuse recursive aliases
        self.count = 0

    def convert(self, node: yaml.Node, path: str) -> YNode:
        self.count += 1
        if self.count > _MAX_NODES:
            raise _TooBig
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            quoted = node.style in ("'", '"')
            return YScalar(path, line, self.scalar(node, path), quoted)
        if id(node) in self.open:
            self.checker.report_at(path, line, "不支持递归引用（别名指向自身）")
            return YScalar(path, line, MISSING)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                items = tuple(
                    self.convert(n, child_path(path, i)) for i, n in enumerate(node.value)
                )
                return YSeq(path, line, items)
            assert isinstance(node, yaml.MappingNode)
            return self.mapping(node, path, line)
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: str, line: int) -> YMap:
        items: dict[str, YNode] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            key = self.key(key_node, path, key_line)
            if key is None:
                continue
            if key in items:
                first = key_lines[key]
                self.checker.report_at(
                    child_path(path, key), key_line, f"键「{key}」重复（第 {first} 行已有）"
                )
                continue
            items[key] = self.convert(value_node, child_path(path, key))
            key_lines[key] = key_line
        return YMap(path, line, items, key_lines)

    def key(self, node: yaml.Node, path: str, line: int) -> str | None:
        if node.tag == _MERGE_TAG:
            self.checker.report_at(path, line, "不支持 YAML 合并键「<<」，请把内容直接写出")
            return None
        value = self.scalar(node, path) if isinstance(node, yaml.ScalarNode) else node
        if value is MISSING:
            return None
        if not isinstance(value, str):
            shown = show(value) if isinstance(node, yaml.ScalarNode) else "列表或映射"
            self.checker.report_at(path, line, f"键「{shown}」应为文字，请加引号")
            return None
        return value

    def scalar(self, node: yaml.ScalarNode, path: str) -> object:
        """The scalar's value, or MISSING after reporting why it cannot be used."""
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError:
            message = f"不支持的 YAML 标记「{node.tag}」"
        except ValueError:  # e.g. an unquoted date that does not exist, 2025-02-30
            message = f"无法识别的值「{node.value}」，如是文字请加引号"
        else:
            if not _odd_integer(node, value):
                return value
            # YAML 1.1 reads 010 as 8 and 20:00 as 1200; nobody writing rules means that.
            message = f"整数「{node.value}」会被读成 {value}，请写成普通的十进制数字"
        self.checker.report_at(path, node.start_mark.line + 1, message)
        return MISSING


_DECIMAL_RE: Final = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


def _odd_integer(node: yaml.ScalarNode, value: object) -> bool:
    is_int = isinstance(value, int) and not isinstance(value, bool)
    return is_int and node.style is None and not _DECIMAL_RE.fullmatch(node.value)
