"""The command line: parse, hand over to a command, turn a LedgerError into a Chinese message
on stderr and a non-zero exit. No traceback for a user's mistake."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ledger.cli import (
    cmd_admin,
    cmd_audit,
    cmd_bank,
    cmd_books,
    cmd_contracts,
    cmd_controls,
    cmd_demo,
    cmd_export,
    cmd_month,
    cmd_org,
    cmd_papers,
    cmd_projects,
    cmd_setup,
    cmd_statement,
    cmd_tui,
)
from ledger.cli.parser import ChineseParser
from ledger.domain.errors import LedgerError


def build_parser() -> argparse.ArgumentParser:
    common = ChineseParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="数据库：SQLite 文件路径或 SQLAlchemy URL（默认环境变量 LEDGER_DB，否则 ./ledger.db）",
    )
    common.add_argument(
        "--rules", default=argparse.SUPPRESS, help="规则文件（默认仓库里的 rules.yaml）"
    )
    common.add_argument(
        "--user",
        default=argparse.SUPPRESS,
        help="操作人用户名（密码取自 LEDGER_PASSWORD 或提示输入）",
    )
    parser = ChineseParser(
        prog="python main.py", description="公共收益明白账：小区公共收益复式记账", parents=[common]
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    cmd_demo.register(sub, common)
    cmd_org.register(sub, common)
    cmd_admin.register(sub, common)
    cmd_books.register(sub, common)
    cmd_bank.register(sub, common)
    cmd_setup.register(sub, common)
    cmd_controls.register(sub, common)
    cmd_projects.register(sub, common)
    cmd_export.register(sub, common)
    cmd_audit.register(sub, common)
    cmd_month.register(sub, common)
    cmd_papers.register(sub, common)
    cmd_statement.register(sub, common)
    cmd_contracts.register(sub, common)
    cmd_tui.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        # No command: open the terminal UI on the default database (`--help` still prints).
        args.func = cmd_tui.run_tui
    args.opened_databases = []
    try:
        return int(args.func(args))
    except LedgerError as err:
        print(f"错误（{err.title}）：{err.message}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("已取消，未作任何更改", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; what was written stands, say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    finally:
        for db in args.opened_databases:
            db.dispose()
