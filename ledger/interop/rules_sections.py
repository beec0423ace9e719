"""Checkers and builders for the sections of `rules.yaml`, one function per section.

Each builder takes the section's node and the shared `Checker`, reports every problem it finds
with the node's path and line, and returns a value of the right type either way (a
placeholder when something was wrong); `rules_yaml` keeps a result only if no problem was
reported while building it. The same builders check the street's defaults and each
compound's overrides, so a problem is named by the path where it was written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from ledger.domain.account import Account, AccountKind
from ledger.domain.errors import InvalidAmount
from ledger.domain.money import BP_WHOLE, MAX_ABS_FEN, format_fen, parse_fen
from ledger.domain.rules import (
    Frequency,
    IncomeCategory,
    MaintenanceFundRule,
    MonthClose,
    ProjectTier,
    Supervision,
)
from ledger.domain.vote_rules import (
    ApprovalBase,
    AreaAndOwners,
    AssemblyVoteRule,
    CommitteeVoteRule,
    Threshold,
    VoteBody,
)
from ledger.interop.rules_chart import account_code
from ledger.interop.yaml_tree import (
    MISSING,
    Checker,
    YMap,
    YNode,
    YScalar,
    YSeq,
    is_missing,
    show_node,
)

KEY_RE: Final = re.compile(r"[a-z][a-z0-9_]*")
_HOTLINE_RE: Final = re.compile(r"[0-9][0-9-]{2,19}")
_LAST_DAY: Final = 28  # the last day that every month has


class Compare(StrEnum):
    GT = "gt"
    GTE = "gte"


def basis_points(chk: Checker, node: YNode) -> int:
    return chk.integer(node, 0, BP_WHOLE)


def day_of_month(chk: Checker, node: YNode) -> int:
    return chk.integer(node, 1, _LAST_DAY)


def money(chk: Checker, owner: YNode, fields: Mapping[str, YNode], key: str) -> int | None:
    """An amount written as `key: "50000.00"` or `key_fen: 5000000`; None for null.

    Exactly one of the two keys must be present. A YAML number under `key` is refused: an
    unquoted 50000.00 is a float to YAML, and a bare integer could mean yuan or fen."""
    text_node, fen_node = fields.get(key), fields.get(f"{key}_fen")
    if text_node is not None and fen_node is not None:
        chk.report(fen_node, f"「{key}」和「{key}_fen」只能写一个")
        return 1
    if fen_node is not None:
        if isinstance(fen_node, YScalar) and fen_node.value is None:
            return None
        return chk.integer(fen_node, 1, MAX_ABS_FEN)
    if text_node is None:
        if isinstance(owner, YMap):
            chk.report(owner, f"缺少键「{key}」（或写整数分的「{key}_fen」）")
        return 1
    if is_missing(text_node):
        return 1
    value = text_node.value if isinstance(text_node, YScalar) else MISSING
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return parse_fen(value, field="金额", allow_zero=False)
        except InvalidAmount as error:
            chk.report(text_node, error.message)
            return 1
    example = "50000.00"
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1e12:
        example = f"{value:.2f}"
    shown = show_node(text_node)
    chk.report(text_node, f'金额请写成带引号的字符串，如 "{example}"（现为「{shown}」）')
    return 1


def categories(
    chk: Checker, node: YNode, accounts: Mapping[str, Account] | None
) -> tuple[IncomeCategory, ...]:
    """`accounts` is None when the chart itself is broken: then codes are not looked up."""
    if not isinstance(node, YMap) or not node.items:
        if not is_missing(node):
            chk.report(node, "应为非空的收入类别映射")
        return ()
    result: list[IncomeCategory] = []
    used_by: dict[str, str] = {}
    for key, item in node.items.items():
        if not KEY_RE.fullmatch(key):
            chk.report(item, f"类别键「{key}」只能用小写英文字母、数字和下划线")
        f = chk.fields(item, ("name", "account", "cost_share_bp"), ("receivable",))
        code = account_code(chk, f["account"])
        receivable = account_code(chk, f["receivable"]) if "receivable" in f else None
        if code and accounts is not None:
            _expect_kind(chk, f["account"], accounts.get(code), AccountKind.INCOME)
            if code in used_by:
                chk.report(f["account"], f"科目「{code}」已用于类别「{used_by[code]}」")
            used_by.setdefault(code, key)
        if receivable and accounts is not None:
            _expect_kind(chk, f["receivable"], accounts.get(receivable), AccountKind.ASSET)
        share = basis_points(chk, f["cost_share_bp"])
        result.append(IncomeCategory(key, chk.text(f["name"]), code, share, receivable or None))
    return tuple(result)


def _expect_kind(chk: Checker, node: YNode, account: Account | None, kind: AccountKind) -> None:
    if account is None:
        chk.report(node, f"科目「{show_node(node)}」不在科目表（accounts）中")
    elif account.kind is not kind:
        chk.report(node, f"「{account.label}」不是{kind.label}类科目")


def tiers(chk: Checker, node: YNode) -> tuple[ProjectTier, ...]:
    if not isinstance(node, YSeq) or not node.items:
        if not is_missing(node):
            chk.report(node, "应为非空的项目分级列表")
        return ()
    required = (
        "key",
        "name",
        "quotes",
        "vote_body",
        "community_approval",
        "may_delegate_to_property",
    )
    optional = ("below", "below_fen")
    result: list[ProjectTier] = []
    previous: int | None = None
    for index, item in enumerate(node.items):
        f = chk.fields(item, required, optional)
        if not isinstance(item, YMap):
            continue
        key = chk.text(f["key"])
        if key and not KEY_RE.fullmatch(key):
            chk.report(f["key"], f"分级键「{key}」只能用小写英文字母、数字和下划线")
        if key and key in (t.key for t in result):
            chk.report(f["key"], f"分级键重复「{key}」")
        below = money(chk, item, f, "below")
        _check_bound(chk, item, below, previous, last=index == len(node.items) - 1)
        previous = below if below is not None else previous
        result.append(
            ProjectTier(
                key=key,
                name=chk.text(f["name"]),
                below_fen=below,
                quotes=chk.integer(f["quotes"], 1, 10),
                vote_body=chk.choice(f["vote_body"], VoteBody) or VoteBody.COMMITTEE,
                community_approval=chk.boolean(f["community_approval"]),
                may_delegate_to_property=chk.boolean(f["may_delegate_to_property"]),
            )
        )
    return tuple(result)


def _check_bound(
    chk: Checker, item: YMap, below: int | None, previous: int | None, *, last: bool
) -> None:
    """Tiers go from small to large; only the last one is unbounded."""
    if below is None and not last:
        chk.report(item, "只有最后一级可以不设上限（below: null）")
    if below is not None and last:
        chk.report(item, "最后一级应不设上限（below: null）")
    if below is not None and previous is not None and below <= previous:
        chk.report(item, f"上限应大于上一级的 {format_fen(previous)}，分级须从小到大排列")


_PLACEHOLDER = Threshold(1, 2, strict=True)


def threshold(chk: Checker, node: YNode) -> Threshold:
    f = chk.fields(node, ("fraction", "compare"))
    compare, pair = chk.choice(f["compare"], Compare), f["fraction"]
    if is_missing(pair):
        return _PLACEHOLDER
    items = pair.items if isinstance(pair, YSeq) else ()
    numbers = [n for n in map(_plain_int, items) if n is not None]
    if len(items) != 2 or len(numbers) != 2:
        chk.report(pair, "应为两个整数 [分子, 分母]，如 [2, 3]")
        return _PLACEHOLDER
    numerator, denominator = numbers
    if not 0 < numerator <= denominator <= 1000:
        chk.report(pair, f"分数 {numerator}/{denominator} 应满足 0 < 分子 ≤ 分母 ≤ 1000")
        return _PLACEHOLDER
    return Threshold(numerator, denominator, strict=compare is Compare.GT)


def _plain_int(node: YNode) -> int | None:
    value = node.value if isinstance(node, YScalar) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def area_and_owners(chk: Checker, node: YNode) -> AreaAndOwners:
    f = chk.fields(node, ("area", "owners"))
    return AreaAndOwners(threshold(chk, f["area"]), threshold(chk, f["owners"]))


def votes(chk: Checker, node: YNode) -> tuple[CommitteeVoteRule, AssemblyVoteRule]:
    f = chk.fields(node, ("committee", "assembly"))
    c = chk.fields(f["committee"], ("quorum", "approval", "approval_base"))
    committee = CommitteeVoteRule(
        quorum=threshold(chk, c["quorum"]),
        approval=threshold(chk, c["approval"]),
        approval_base=chk.choice(c["approval_base"], ApprovalBase) or ApprovalBase.MEMBERS,
    )
    a = chk.fields(f["assembly"], ("participation", "ordinary", "special"))
    assembly = AssemblyVoteRule(
        participation=area_and_owners(chk, a["participation"]),
        ordinary=area_and_owners(chk, a["ordinary"]),
        special=area_and_owners(chk, a["special"]),
    )
    return committee, assembly


class FundPreset(StrEnum):
    """Local rules on the maintenance-fund share (DESIGN.md §1): at least 50%, quarterly."""

    SHANGHAI = "shanghai"
    GUANGXI = "guangxi"

    @property
    def label(self) -> str:
        return {"shanghai": "上海", "guangxi": "广西"}[self.value]


FUND_PRESETS: Final = {
    p: MaintenanceFundRule(5000, Frequency.QUARTERLY, p.value) for p in FundPreset
}


def maintenance_fund(chk: Checker, node: YNode) -> MaintenanceFundRule:
    """`share_bp` and `frequency`, or a `preset` (whose share is a floor: more is allowed,
    less is refused, as the local rules say "at least")."""
    f = chk.fields(node, (), ("preset", "share_bp", "frequency"))
    preset = chk.choice(f["preset"], FundPreset) if "preset" in f else None
    if "preset" in f:
        # A compound naming a preset does not inherit the street's share and frequency.
        home = f["preset"].path.rpartition(".")[0]
        f = {k: v for k, v in f.items() if k == "preset" or v.path.rpartition(".")[0] == home}
    if preset is None and "preset" not in f:
        for key in ("share_bp", "frequency"):
            if key not in f and isinstance(node, YMap):
                chk.report(node, f"缺少键「{key}」（或写 preset: shanghai / guangxi）")
    base = (
        FUND_PRESETS[preset] if preset is not None else MaintenanceFundRule(0, Frequency.QUARTERLY)
    )
    share = basis_points(chk, f["share_bp"]) if "share_bp" in f else base.share_bp
    if preset is not None and "share_bp" in f and share < base.share_bp:
        chk.report(
            f["share_bp"],
            f"{preset.label}办法要求不低于 {base.share_bp // 100}%（share_bp ≥ {base.share_bp}），"
            f"现为 {share}",
        )
    frequency = chk.choice(f["frequency"], Frequency) if "frequency" in f else None
    return MaintenanceFundRule(share, frequency or base.frequency, preset.value if preset else None)


def month_close(chk: Checker, node: YNode) -> MonthClose:
    f = chk.fields(node, ("publish_deadline_day",))
    return MonthClose(day_of_month(chk, f["publish_deadline_day"]))


def supervision(chk: Checker, node: YNode) -> Supervision:
    f = chk.fields(node, ("hotline", "suggestion_box"))
    hotline = chk.text(f["hotline"], max_length=20)
    if hotline and not _HOTLINE_RE.fullmatch(hotline):
        chk.report(f["hotline"], f'电话号码「{hotline}」只能包含数字和连字符，如 "0996-2012345"')
    return Supervision(hotline, chk.text(f["suggestion_box"]))
