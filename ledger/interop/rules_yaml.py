"""Load `rules.yaml` into a `RuleBook`, or refuse it whole with every problem listed.

Invariants kept here:
- nothing is half-loaded: any problem anywhere (street defaults or a compound's overrides)
  raises one `RulesInvalid` naming each problem's path and line, in file order;
- a compound's rules are the street defaults with its overrides laid on top, checked by the
  same section builders as the defaults, so an override is held to the same rules;
- the chart of accounts, voucher prefix and time zone belong to the street: a compound
  cannot override them.

To add a top-level section later (e.g. `bank_profiles`): list its key in STREET_ONLY or
OVERRIDABLE, write its builder in `rules_sections`, and call it from `_book` (street-wide,
stored on `RuleBook`) or `_rules` (per compound, stored on `Rules`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ledger.domain.account import Account
from ledger.domain.errors import Problem, RulesInvalid
from ledger.domain.rules import RuleBook, Rules
from ledger.interop import rules_bank
from ledger.interop import rules_sections as sections
from ledger.interop.rules_chart import chart as chart_of_accounts
from ledger.interop.yaml_compose import compose
from ledger.interop.yaml_tree import Checker, YMap, YNode, YScalar, overlay, unknown_key

SUPPORTED_VERSIONS: Final = (1,)

STREET_ONLY: Final = (
    "version",
    "accounts",
    "voucher_prefix",
    "timezone",
    "compounds",
    "bank_profiles",
    "bank_matching",
)
OVERRIDABLE: Final = (
    "income_categories",
    "project_tiers",
    "votes",
    "notice_days",
    "objection_days",
    "major_payment_limit",
    "major_payment_limit_fen",
    "payment_tolerance_bp",
    "property_transfer_day",
    "maintenance_fund",
    "month_close",
    "supervision",
)
_OPTIONAL: Final = (
    "objection_days",
    "major_payment_limit",
    "major_payment_limit_fen",
    "compounds",
    "bank_profiles",
    "bank_matching",
)
_REQUIRED: Final = tuple(k for k in (*STREET_ONLY, *OVERRIDABLE) if k not in _OPTIONAL)


def load_rules(path: str | Path) -> RuleBook:
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RulesInvalid(source, [Problem("", "找不到规则文件")]) from None
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        problem = Problem(f"第 {line} 行", "不是 UTF-8 编码的文本，请用 UTF-8 保存")
        raise RulesInvalid(source, [problem]) from None
    except OSError as error:
        problem = Problem("", f"无法读取规则文件：{error.strerror or error}")
        raise RulesInvalid(source, [problem]) from None
    return parse_rules(text, source)


def parse_rules(text: str, source: str = "rules.yaml") -> RuleBook:
    chk = Checker()
    root = compose(text, chk)
    book = _book(chk, root) if root is not None else None
    if book is None or chk.problems:
        raise RulesInvalid(source, chk.unique_problems())
    return book


@dataclass(frozen=True)
class _Street:
    """What every compound shares with the street."""

    accounts: tuple[Account, ...]
    chart: dict[str, Account] | None  # by code; None when the chart has problems
    voucher_prefix: str
    timezone: str


def _book(chk: Checker, root: YNode) -> RuleBook | None:
    if not isinstance(root, YMap):
        chk.report(root, "规则文件的顶层应为映射（键: 值），第一行应是 version: 1")
        return None
    if not _version_supported(chk, root):
        return None
    top = chk.fields(root, _REQUIRED, _OPTIONAL)
    mark = chk.mark()
    accounts = chart_of_accounts(chk, top["accounts"])
    chart = {a.code: a for a in accounts} if chk.clean_since(mark) else None
    street = _Street(
        accounts,
        chart,
        _voucher_prefix(chk, top["voucher_prefix"]),
        _timezone(chk, top["timezone"]),
    )
    defaults = _rules(chk, root, top, street)
    compounds = _compounds(chk, root, top.get("compounds"), street)
    bank = rules_bank.bank_rules(
        chk,
        top.get("bank_profiles"),
        top.get("bank_matching"),
        [c.key for c in defaults.income_categories] if defaults else [],
        chart,
    )
    if defaults is None or compounds is None or not chk.clean_since(mark):
        return None
    return RuleBook(SUPPORTED_VERSIONS[-1], defaults, MappingProxyType(compounds), bank)


def _version_supported(chk: Checker, root: YMap) -> bool:
    """False only for a version we know we cannot read: then nothing else is checked, as the
    rest would be read against the wrong format. A missing or mistyped version is reported
    with everything else."""
    node = root.items.get("version")
    value = node.value if isinstance(node, YScalar) else None
    if node is None or not isinstance(value, int) or isinstance(value, bool):
        if node is not None:
            chk.integer(node, 1, 1)
        return True
    if value not in SUPPORTED_VERSIONS:
        supported = "、".join(str(v) for v in SUPPORTED_VERSIONS)
        chk.report(node, f"不支持的版本 {value}，本程序支持 version: {supported}")
        return False
    return True


def _voucher_prefix(chk: Checker, node: YNode) -> str:
    prefix = chk.text(node, max_length=4)
    if any(ch.isspace() or ch == "-" for ch in prefix):
        chk.report(node, f"凭证字「{prefix}」不能含空格或连字符")
        return ""
    return prefix


def _timezone(chk: Checker, node: YNode) -> str:
    name = chk.text(node, max_length=64)
    if name:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            chk.report(node, f"未知的时区「{name}」，如 Asia/Shanghai")
            return ""
    return name


def _rules(chk: Checker, owner: YMap, top: dict[str, YNode], street: _Street) -> Rules | None:
    """The rules written in `top` (the street's, or a compound's after overlay)."""
    mark = chk.mark()
    committee, assembly = sections.votes(chk, top["votes"])
    notice_days, objection_days = _notice_and_objection_days(chk, top)
    limit = sections.money(chk, owner, top, "major_payment_limit")
    if limit is None:
        node = top.get("major_payment_limit") or top["major_payment_limit_fen"]
        chk.report(node, "重大付款限额不能为空")
    rules = Rules(
        accounts=street.accounts,
        income_categories=sections.categories(chk, top["income_categories"], street.chart),
        project_tiers=sections.tiers(chk, top["project_tiers"]),
        committee_vote=committee,
        assembly_vote=assembly,
        notice_days=notice_days,
        objection_days=objection_days,
        major_payment_limit_fen=limit or 1,
        payment_tolerance_bp=sections.basis_points(chk, top["payment_tolerance_bp"]),
        property_transfer_day=sections.day_of_month(chk, top["property_transfer_day"]),
        maintenance_fund=sections.maintenance_fund(chk, top["maintenance_fund"]),
        month_close=sections.month_close(chk, top["month_close"]),
        supervision=sections.supervision(chk, top["supervision"]),
        voucher_prefix=street.voucher_prefix,
        timezone=street.timezone,
    )
    return rules if chk.clean_since(mark) and street.chart is not None else None


def _notice_and_objection_days(chk: Checker, top: dict[str, YNode]) -> tuple[int, int]:
    """Objections are taken during the notice, so that window is never the longer one."""
    mark = chk.mark()
    notice, objection = top["notice_days"], top.get("objection_days")
    notice_days = chk.integer(notice, 1, 365)
    if objection is None:
        return notice_days, notice_days
    objection_days = chk.integer(objection, 1, 365)
    if chk.clean_since(mark) and objection_days > notice_days:
        if _in_compound(notice) and not _in_compound(objection):
            message = f"公示期（{notice_days} 天）不得短于受理异议的天数（{objection_days} 天）"
            chk.report(notice, message)
        else:
            chk.report(objection, f"受理异议的天数不得长于公示期（{notice_days} 天）")
    return notice_days, objection_days


def _in_compound(node: YNode) -> bool:
    return node.path.startswith("compounds.")


def _compounds(
    chk: Checker, root: YMap, node: YNode | None, street: _Street
) -> dict[str, Rules] | None:
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return {}
    if not isinstance(node, YMap):
        chk.report(node, "应为映射：小区名称: 与街道默认不同的规则")
        return None
    result: dict[str, Rules] = {}
    for name, over in node.items.items():
        mark = chk.mark()
        if not name.strip():
            chk.report_at(over.path, node.key_lines[name], "小区名称不能为空")
        merged = overlay(root, _override(chk, over, root.items.get("income_categories")))
        assert isinstance(merged, YMap)
        rules = _rules(chk, merged, chk.fields(merged, _REQUIRED, _OPTIONAL), street)
        if rules is not None and chk.clean_since(mark):
            result[name] = rules
    return result if len(result) == len(node.items) else None


def _override(chk: Checker, node: YNode, base_categories: YNode | None) -> YMap:
    """The keys of one compound's overrides that it may override; the rest are reported."""
    if not isinstance(node, YMap):
        chk.report(node, "应为映射，只写与街道默认不同的规则")
        return YMap(node.path, node.line, {}, {})
    items: dict[str, YNode] = {}
    for key, child in node.items.items():
        line = node.key_lines[key]
        if key in OVERRIDABLE:
            items[key] = child
        elif key in STREET_ONLY:
            chk.report_at(child.path, line, f"「{key}」只能在街道默认中设置，不能按小区覆盖")
        else:
            chk.report_at(child.path, line, unknown_key(key, OVERRIDABLE))
    categories = items.get("income_categories")
    if isinstance(categories, YMap) and isinstance(base_categories, YMap):
        items["income_categories"] = _known_categories(chk, categories, base_categories)
    lines = {k: node.key_lines[k] for k in items}
    return YMap(node.path, node.line, items, lines)


def _known_categories(chk: Checker, categories: YMap, base: YMap) -> YMap:
    kept: dict[str, YNode] = {}
    for key, child in categories.items.items():
        if key in base.items:
            kept[key] = child
        else:
            message = f"街道默认中没有收入类别「{key}」，小区只能修改已有的类别"
            chk.report_at(child.path, categories.key_lines[key], message)
    lines = {k: categories.key_lines[k] for k in kept}
    return YMap(categories.path, categories.line, kept, lines)
