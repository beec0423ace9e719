"""`export beancount` and `import beancount`: the books in a file any auditor can `bean-check`.

Export writes to a temporary file next to the target and renames it when complete, so a
failed export never leaves a half file behind. Import reads the file whole; the entries
arrive as drafts for a checker, or posted at once when a checker signs the import with
`--approve-as NAME` (password from LEDGER_PASSWORD_2, or asked at the terminal).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ledger.cli.import_report import print_import
from ledger.cli.runtime import SECOND_PASSWORD, login, open_context, second_login
from ledger.domain.errors import InvalidInput
from ledger.services.beancount_export import export_compound, export_street
from ledger.services.beancount_import import import_beancount


def register_formats(exports: Any, imports: Any, common: argparse.ArgumentParser) -> None:
    e = exports.add_parser(
        "beancount",
        help="导出 beancount 账本（bean-check 可校验，余额与本账一致）",
        parents=[common],
    )
    scope = e.add_mutually_exclusive_group(required=True)
    scope.add_argument("--compound", help="小区名称")
    scope.add_argument("--street", action="store_true", help="全部小区导出到一个文件")
    e.add_argument("-o", "--output", required=True, metavar="文件", help="输出文件 .beancount")
    e.set_defaults(func=export_beancount)
    i = imports.add_parser(
        "beancount",
        help="从 beancount 账本导入凭证（可重复导入、全部成功或全不导入）",
        parents=[common],
    )
    i.add_argument("file", metavar="文件", help="beancount 文件")
    i.add_argument("--compound", required=True, help="导入到哪个小区")
    i.add_argument(
        "--approve-as",
        metavar="用户名",
        help=f"由这位审核人一并审核过账（密码取自 {SECOND_PASSWORD}）；不给则导入为草稿",
    )
    i.set_defaults(func=import_file)


def export_beancount(args: argparse.Namespace) -> int:
    target = Path(args.output)
    ctx = open_context(args)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            if args.street:
                summary = export_street(ctx, out)
            else:
                summary = export_compound(ctx, args.compound, out)
        os.replace(partial, target)
    except OSError as err:
        raise InvalidInput(f"无法写入文件 {target}：{err.strerror or err}") from err
    finally:
        partial.unlink(missing_ok=True)
    print(
        f"已导出 {summary.compounds} 个小区、{summary.accounts} 个科目、"
        f"{summary.transactions} 笔凭证到 {target}"
    )
    return 0


def import_file(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"文件不存在：{path}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} 不是 UTF-8 编码的文本，请用 UTF-8 保存") from None
    except OSError as err:
        raise InvalidInput(f"无法读取文件 {path}：{err.strerror or err}") from err
    ctx = open_context(args)
    actor = login(ctx, args)
    checker = second_login(ctx, args.approve_as) if args.approve_as else None
    result = import_beancount(
        ctx, actor, compound=args.compound, text=text, source=str(path), checker=checker
    )
    print_import(result, unit="笔交易")
    if result.reversals_linked:
        print(f"其中 {result.reversals_linked} 笔冲销凭证已与原凭证对应")
    return 0
