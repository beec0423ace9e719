"""Commands on the organisation: init-db, users."""

from __future__ import annotations

import argparse
import json

from ledger.cli import table
from ledger.cli.runtime import db_url, open_context
from ledger.services import organisation
from ledger.store import migrate


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    i = sub.add_parser("init-db", help="建立或升级数据库结构（不会删除数据）", parents=[common])
    i.set_defaults(func=init_db)
    u = sub.add_parser("users", help="列出用户及其角色", parents=[common])
    u.add_argument("--json", action="store_true")
    u.set_defaults(func=users)


def init_db(args: argparse.Namespace) -> int:
    ctx = open_context(args, create=True)
    print(f"数据库结构已是最新版本（{migrate.current_revision(ctx.db)}）：{db_url(args)}")
    return 0


def users(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    views = organisation.list_users(ctx)
    if args.json:
        data = [
            {
                "name": u.name,
                "display_name": u.display_name,
                "active": u.active,
                "roles": [
                    {"role": r.role, "label": r.role_label, "scope": r.scope_kind, "name": r.scope}
                    for r in u.roles
                ],
            }
            for u in views
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    rows = [
        [u.name, u.display_name, "；".join(f"{r.role_label}@{r.scope}" for r in u.roles)]
        for u in views
    ]
    print(table.render(["用户名", "姓名", "角色"], rows))
    return 0
