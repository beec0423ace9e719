"""`export journal`: the books as a hledger / ledger-cli journal, so the peers' own engines
can read the same numbers (`hledger -f FILE balance`, `ledger -f FILE balance`).

Like `export beancount` it reads only and needs no login, and it writes a temporary file
next to the target and renames it when complete, so a failed export leaves no half file.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ledger.cli.runtime import open_context
from ledger.domain.errors import InvalidInput
from ledger.services.ledger_journal_export import export_compound_journal, export_street_journal


def register_formats(exports: Any, imports: Any, common: argparse.ArgumentParser) -> None:
    e = exports.add_parser(
        "journal",
        help="导出 hledger / ledger 日记账（同一账簿，供其他记账软件核对）",
        parents=[common],
    )
    scope = e.add_mutually_exclusive_group(required=True)
    scope.add_argument("--compound", help="小区名称")
    scope.add_argument("--street", action="store_true", help="全部小区导出到一个文件")
    e.add_argument("-o", "--output", required=True, metavar="文件", help="输出文件 .journal")
    e.set_defaults(func=export_journal)


def export_journal(args: argparse.Namespace) -> int:
    target = Path(args.output)
    ctx = open_context(args)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            if args.street:
                summary = export_street_journal(ctx, out)
            else:
                summary = export_compound_journal(ctx, args.compound, out)
        os.replace(partial, target)
    except OSError as err:
        raise InvalidInput(f"无法写入文件 {target}：{err.strerror or err}") from err
    finally:
        partial.unlink(missing_ok=True)
    print(
        f"已导出 {summary.compounds} 个小区、{summary.accounts} 个科目、"
        f"{summary.transactions} 张凭证到 {target}（hledger / ledger 可读）"
    )
    return 0
