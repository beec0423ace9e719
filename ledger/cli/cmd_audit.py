"""Commands of 经济责任审计 and of the permissions matrix: `audit` and `roles`.

`roles` needs no database: it prints the matrix the services enforce (`ledger.domain.roles`).
`audit` reads only, but the package names everyone's actions and balances, so it needs a
logged-in user holding the audit permission over the compound.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ledger.cli import table
from ledger.cli.audit_text import period_text, person_text
from ledger.cli.runtime import open_context, password_for
from ledger.domain.errors import AuthenticationFailed, InvalidInput
from ledger.domain.period import Month
from ledger.domain.permissions import EXTRA_RULES, matrix_json, permission_matrix
from ledger.domain.roles import PERMISSIONS, Action, Role
from ledger.services import audit_query
from ledger.services.access import authenticate
from ledger.services.context import Actor, Context


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    r = sub.add_parser("roles", help="权限矩阵：每个角色可以做哪些操作", parents=[common])
    r.add_argument("--json", action="store_true", help="以 JSON 输出")
    r.set_defaults(func=roles)
    a = sub.add_parser(
        "audit",
        help="经济责任审计：某一期间，或某人任期内（离任审计）经手的全部事项和期初期末余额",
        parents=[common],
        description="二选一：--from 与 --to 给出期间；或 --person 给出被审计人（离任审计）。"
        "需要有审计权限的用户登录（--user）。",
    )
    a.add_argument("--compound", metavar="小区", required=True, help="小区名称")
    a.add_argument("--from", dest="first", metavar="YYYY-MM", help="期间起始月份（含）")
    a.add_argument("--to", dest="last", metavar="YYYY-MM", help="期间截止月份（含）")
    a.add_argument("--person", metavar="用户名", help="被审计人的用户名或姓名（离任审计）")
    a.add_argument("--json", action="store_true", help="以 JSON 输出")
    a.set_defaults(func=audit)


def roles(args: argparse.Namespace) -> int:
    if args.json:
        print(_dump(matrix_json()))
        return 0
    headers = ["操作", "代码", *(role.label for role in Role)]
    rows = [[row.label, row.key, *(row.mark(role) for role in Role)] for row in permission_matrix()]
    print("权限矩阵（✓ 可以，— 不可以）")
    print(table.render(headers, rows))
    print("\n另外：")
    for rule in EXTRA_RULES:
        print(f"- {rule}")
    return 0


def audit(args: argparse.Namespace) -> int:
    period = _period(args)
    ctx = open_context(args)
    actor = _login(ctx, args)
    if period is not None:
        first, last = period
        report = audit_query.audit_period(
            ctx, actor, compound=args.compound, first=first, last=last
        )
        print(_dump(report.as_json()) if args.json else period_text(report))
        return 0
    person = audit_query.audit_person(ctx, actor, compound=args.compound, person=args.person)
    print(_dump(person.as_json()) if args.json else person_text(person))
    return 0


def _period(args: argparse.Namespace) -> tuple[Month, Month] | None:
    """The period asked for, or None for a person's audit; refuses any other combination."""
    has_period = args.first is not None or args.last is not None
    if args.person is not None and has_period:
        raise InvalidInput("--person 与 --from/--to 只能二选一：审计一个期间，或审计一个人的任期")
    if args.person is not None:
        if not args.person.strip():
            raise InvalidInput("--person 不能为空：请写被审计人的用户名或姓名")
        return None
    if args.first is None or args.last is None:
        raise InvalidInput(
            "请给出审计范围：--from YYYY-MM --to YYYY-MM（一个期间），或 --person 用户名（离任审计）"
        )
    first = Month.parse(args.first, field="起始月份（--from）")
    last = Month.parse(args.last, field="截止月份（--to）")
    if last < first:
        raise InvalidInput(f"起始月份 {first} 晚于截止月份 {last}：请把 --from 写在前")
    return first, last


def _login(ctx: Context, args: argparse.Namespace) -> Actor:
    name = getattr(args, "user", None)
    if not name:
        allowed = "、".join(r.label for r in Role if r in PERMISSIONS[Action.AUDIT])
        raise AuthenticationFailed(
            f"审计查询需要登录：请用 --user 指明查询人（须有审计权限：{allowed}）"
        )
    return authenticate(ctx, name, password_for(name))


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
