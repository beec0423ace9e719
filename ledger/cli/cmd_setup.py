"""`setup`: the street office sets up its books — street, communities, compounds, users,
roles, and the opening balances of books migrated from paper."""

from __future__ import annotations

import argparse

from ledger.cli.inputs import parse_line
from ledger.cli.runtime import login, open_context, password_for
from ledger.domain.errors import InvalidInput
from ledger.domain.period import parse_date
from ledger.domain.roles import Role
from ledger.services import organisation, shortcuts


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "setup", help="建账：街道、社区、小区、用户、角色、期初余额", parents=[common]
    )
    ss = p.add_subparsers(dest="action", required=True, metavar="动作")
    s = ss.add_parser(
        "street",
        help="在空数据库里设立街道及其管理员（密码取自 LEDGER_PASSWORD）",
        parents=[common],
    )
    s.add_argument("--name", required=True, help="街道名称")
    s.add_argument("--admin", required=True, help="管理员用户名")
    s.add_argument("--admin-name", required=True, help="管理员姓名")
    s.set_defaults(func=street)
    c = ss.add_parser("community", help="设立社区", parents=[common])
    c.add_argument("--street", required=True)
    c.add_argument("--name", required=True)
    c.set_defaults(func=community)
    k = ss.add_parser("compound", help="设立小区（科目表取自规则文件）", parents=[common])
    k.add_argument("--street", required=True)
    k.add_argument("--community", required=True)
    k.add_argument("--name", required=True)
    k.add_argument("--opened", required=True, help="公共收益专户开立日期 YYYY-MM-DD")
    k.add_argument("--households", default="0", help="户数")
    k.add_argument("--bank", default="", help="开户行")
    k.add_argument("--account-no", default="", help="专户账号")
    k.set_defaults(func=compound)
    u = ss.add_parser(
        "user", help="新建用户（新用户的密码取自 LEDGER_NEW_PASSWORD）", parents=[common]
    )
    u.add_argument("--name", required=True, help="用户名")
    u.add_argument("--display-name", required=True, help="姓名")
    u.set_defaults(func=user)
    g = ss.add_parser("grant", help="授予角色：范围是一个小区、社区或街道", parents=[common])
    g.add_argument("--to", required=True, help="用户名")
    g.add_argument(
        "--role", required=True, help="treasurer/committee/supervisor/community/street/auditor"
    )
    scope = g.add_mutually_exclusive_group(required=True)
    scope.add_argument("--compound")
    scope.add_argument("--community")
    scope.add_argument("--street")
    g.set_defaults(func=grant)
    o = ss.add_parser(
        "opening", help="期初余额草稿（纸质账簿迁移），需另一人审核过账", parents=[common]
    )
    o.add_argument("--compound", required=True)
    o.add_argument("--date", required=True)
    o.add_argument(
        "--line", action="append", required=True, metavar="科目:金额", help="期初余额，借方为正"
    )
    o.set_defaults(func=opening)


def street(args: argparse.Namespace) -> int:
    ctx = open_context(args, create=True)
    actor = organisation.bootstrap_street(
        ctx,
        street=args.name,
        admin=args.admin,
        admin_display=args.admin_name,
        password=password_for(args.admin),
    )
    print(f"已设立{args.name}，管理员 {actor.name}")
    return 0


def community(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    organisation.create_community(ctx, login(ctx, args), street=args.street, name=args.name)
    print(f"已设立社区 {args.name}")
    return 0


def compound(args: argparse.Namespace) -> int:
    opened = parse_date(args.opened, field="专户开立日期")
    if not args.households.strip().isdigit():
        raise InvalidInput(f"户数「{args.households}」应为非负整数")
    ctx = open_context(args)
    organisation.create_compound(
        ctx,
        login(ctx, args),
        street=args.street,
        community=args.community,
        name=args.name,
        opened_on=opened,
        households=int(args.households),
        bank_name=args.bank,
        bank_account_no=args.account_no,
    )
    print(f"已设立小区 {args.name}（专户开立于 {opened}）")
    return 0


def user(args: argparse.Namespace) -> int:
    import os

    new_password = os.environ.get("LEDGER_NEW_PASSWORD")
    if not new_password:
        raise InvalidInput("请用环境变量 LEDGER_NEW_PASSWORD 给出新用户的初始密码")
    ctx = open_context(args)
    organisation.create_user(
        ctx, login(ctx, args), name=args.name, display_name=args.display_name, password=new_password
    )
    print(f"已新建用户 {args.name}")
    return 0


def grant(args: argparse.Namespace) -> int:
    role = Role.parse(args.role)
    ctx = open_context(args)
    organisation.grant_role(
        ctx,
        login(ctx, args),
        user=args.to,
        role=role,
        compound=args.compound,
        community=args.community,
        street=args.street,
    )
    print(f"已授予 {args.to} {role.label} 角色")
    return 0


def opening(args: argparse.Namespace) -> int:
    date = parse_date(args.date, field="期初日期")
    lines = [parse_line(spec, i) for i, spec in enumerate(args.line, 1)]
    ctx = open_context(args)
    draft = shortcuts.draft_opening(
        ctx,
        login(ctx, args),
        compound=args.compound,
        date=date,
        balances_fen={x.account_code: x.amount_fen for x in lines},
    )
    print(draft)
    return 0
