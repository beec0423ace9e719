"""The chart of accounts in `rules.yaml`: codes, names, kinds, beancount names and roles.

Invariants kept here: codes, names and beancount names are unique; a code's first digit
matches its kind and a beancount name's root matches it too; every `AccountRole` names
exactly one account, of the kind the role needs; the bank account may not go negative.
"""

from __future__ import annotations

from collections.abc import Mapping

from ledger.domain.account import (
    ACCOUNT_CODE_RE,
    Account,
    AccountKind,
    AccountRole,
    beancount_name_problem,
)
from ledger.interop.yaml_tree import Checker, YNode, YScalar, YSeq, is_missing


def account_code(chk: Checker, node: YNode) -> str:
    """A chart-of-accounts code, or "" after reporting why not."""
    value = node.value if isinstance(node, YScalar) else None
    if isinstance(value, int) and not isinstance(value, bool):
        chk.report(node, f'科目代码请写成带引号的字符串，如 "{value}"')
        return ""
    code = chk.text(node)
    if code and not ACCOUNT_CODE_RE.fullmatch(code):
        chk.report(node, f"科目代码「{code}」应为 1–5 开头的 4 位数字（明细科目 6 或 8 位）")
        return ""
    return code


def chart(chk: Checker, node: YNode) -> tuple[Account, ...]:
    if not isinstance(node, YSeq) or not node.items:
        if not is_missing(node):
            chk.report(node, "应为非空的科目列表")
        return ()
    accounts: list[Account] = []
    first_seen: dict[tuple[str, str], str] = {}  # (field, value) -> path where first written
    for item in node.items:
        f = chk.fields(item, ("code", "name", "kind", "beancount", "may_go_negative"), ("role",))
        code, name = account_code(chk, f["code"]), chk.text(f["name"])
        kind, beancount = chk.choice(f["kind"], AccountKind), chk.text(f["beancount"])
        negative = chk.boolean(f["may_go_negative"])
        role = chk.choice(f["role"], AccountRole) if "role" in f else None
        if kind is not None:
            _check_kind(chk, f, kind, code, beancount, role)
        if role is AccountRole.BANK and negative:
            chk.report(f["may_go_negative"], "公共收益专户不得透支，may_go_negative 应为 false")
        labels = {"code": "科目代码", "name": "科目名称", "beancount": "beancount 科目名"}
        for field, value in (("code", code), ("name", name), ("beancount", beancount)):
            _once(chk, first_seen, f[field], field, value, labels[field])
        if role is not None:
            _once(chk, first_seen, f["role"], "role", role, "用途（role）")
        accounts.append(Account(code, name, kind or AccountKind.ASSET, beancount, negative, role))
    for role in AccountRole:
        if ("role", role) not in first_seen:
            chk.report(node, f"缺少用途（role）为「{role}」的{role.kind.label}类科目")
    return tuple(accounts)


def _check_kind(
    chk: Checker,
    f: Mapping[str, YNode],
    kind: AccountKind,
    code: str,
    beancount: str,
    role: AccountRole | None,
) -> None:
    if code and code[0] != kind.code_digit:
        chk.report(f["code"], f"{kind.label}类科目的代码应以 {kind.code_digit} 开头")
    if beancount and (why := beancount_name_problem(beancount, kind)):
        chk.report(f["beancount"], why)
    if role is not None and kind is not role.kind:
        chk.report(f["role"], f"用途为「{role}」的科目应为{role.kind.label}类")


def _once(
    chk: Checker, seen: dict[tuple[str, str], str], node: YNode, field: str, value: str, label: str
) -> None:
    if not value:
        return
    if (field, value) in seen:
        chk.report(node, f"{label}重复「{value}」（{seen[field, value]} 已有）")
    else:
        seen[field, value] = node.path
