"""`export xlsx`, `export csv`, `export template` and `import xlsx`: the books in the
spreadsheets auditors and treasurers use.

Exports read only and, like `export beancount`, need no login; with `--user` the user is
authenticated, must hold the export permission, and is named on the workbook's cover as the
one who generated it. Every export writes to a temporary file next to the target and renames
it when complete, so a failed export never leaves a half file behind. `import xlsx` needs the
treasurer's login; `--approve-as NAME` makes a checker the second signature that posts the
whole import at once (password from LEDGER_PASSWORD_2, or asked at the terminal).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ledger.cli.import_report import print_import
from ledger.cli.runtime import SECOND_PASSWORD, login, open_context, rules_path, second_login
from ledger.domain.clock import system_clock
from ledger.domain.errors import InvalidInput
from ledger.domain.journal_layout import template_of
from ledger.domain.period import Month
from ledger.domain.workbook import JOURNAL
from ledger.interop.rules_yaml import load_rules
from ledger.services.workbook_data import open_sheet, open_workbook
from ledger.services.xlsx_import import import_xlsx
from reports.journal_csv import write_csv
from reports.workbook import write_workbook
from reports.workbook_template import write_template


def register_formats(exports: Any, imports: Any, common: argparse.ArgumentParser) -> None:
    x = exports.add_parser(
        "xlsx",
        help="导出审计工作簿（科目余额表、序时账、明细账、项目、表决、比价、用印、审批轨迹、月结、意见）",
        parents=[common],
    )
    _scope_and_period(x, "输出文件 .xlsx")
    x.set_defaults(func=export_xlsx)
    c = exports.add_parser(
        "csv", help="导出序时账为 CSV（UTF-8 带 BOM，Excel 可直接打开）", parents=[common]
    )
    _scope_and_period(c, "输出文件 .csv")
    c.set_defaults(func=export_csv)
    t = exports.add_parser(
        "template", help="导出空白序时账模板（Excel），填好后用 import xlsx 导入", parents=[common]
    )
    t.add_argument("--compound", help="按这个小区的科目表生成下拉列表（默认 rules.yaml 的科目表）")
    t.add_argument("-o", "--output", required=True, metavar="文件", help="输出文件 .xlsx")
    t.set_defaults(func=export_template)
    i = imports.add_parser(
        "xlsx",
        help="从 Excel 序时账导入凭证（可重复导入、全部成功或全不导入）",
        parents=[common],
    )
    i.add_argument("file", metavar="文件", help="按模板或审计工作簿「序时账」格式填写的 .xlsx")
    i.add_argument("--compound", required=True, help="导入到哪个小区")
    i.add_argument(
        "--approve-as",
        metavar="用户名",
        help=f"由这位审核人一并审核过账（密码取自 {SECOND_PASSWORD}）；不给则导入为草稿",
    )
    i.set_defaults(func=import_file)


def _scope_and_period(p: argparse.ArgumentParser, output: str) -> None:
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--compound", help="小区名称")
    scope.add_argument(
        "--street", action="store_true", help="全部小区导出到一个文件（加「小区」列）"
    )
    p.add_argument("--from", dest="first", metavar="YYYY-MM", help="起始月份（默认专户开立的月份）")
    p.add_argument("--to", dest="last", metavar="YYYY-MM", help="截止月份（默认本月）")
    p.add_argument("-o", "--output", required=True, metavar="文件", help=output)


def _months(args: argparse.Namespace) -> tuple[Month | None, Month | None]:
    first = Month.parse(args.first, field="起始月份") if args.first else None
    last = Month.parse(args.last, field="截止月份") if args.last else None
    return first, last


@contextmanager
def _atomic(target: Path) -> Iterator[Path]:
    """A temporary path next to `target`, renamed to it when the block completes."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        yield partial
        os.replace(partial, target)
    except OSError as err:
        raise InvalidInput(f"无法写入文件 {target}：{err.strerror or err}") from err
    finally:
        partial.unlink(missing_ok=True)


def export_xlsx(args: argparse.Namespace) -> int:
    first, last = _months(args)
    ctx = open_context(args)
    by = login(ctx, args) if getattr(args, "user", None) else None
    target = Path(args.output)
    compound = None if args.street else args.compound
    with (
        _atomic(target) as partial,
        open_workbook(ctx, compound=compound, first=first, last=last, by=by) as book,
    ):
        written = write_workbook(book, partial)
        cover = book.cover
    sheets = "、".join(f"{name} {rows} 行" for name, rows in written.items())
    print(f"已导出审计工作簿到 {target}：{cover.scope}，{cover.first} 至 {cover.last}")
    print(f"共 {len(written)} 个工作表：{sheets}")
    if not cover.verify_ok:
        print(f"注意：校验未通过（{len(cover.verify_findings)} 处问题），详见封面")
    return 0


def export_csv(args: argparse.Namespace) -> int:
    first, last = _months(args)
    ctx = open_context(args)
    target = Path(args.output)
    compound = None if args.street else args.compound
    with (
        _atomic(target) as partial,
        open_sheet(ctx, JOURNAL, compound=compound, first=first, last=last) as sheet,
        partial.open("w", encoding="utf-8-sig", newline="") as out,
    ):
        rows = write_csv(sheet, out)
    print(f"已导出序时账 {rows} 行到 {target}（UTF-8 带 BOM）")
    return 0


def export_template(args: argparse.Namespace) -> int:
    book = load_rules(rules_path(args))
    rules = book.for_compound(args.compound) if args.compound else book.defaults
    target = Path(args.output)
    with _atomic(target) as partial:
        write_template(template_of(rules, system_clock()), partial)
    print(f"已导出空白序时账模板到 {target}：填好「序时账」工作表后用 import xlsx 导入")
    return 0


def import_file(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"文件不存在：{path}") from None
    except OSError as err:
        raise InvalidInput(f"无法读取文件 {path}：{err.strerror or err}") from err
    ctx = open_context(args)
    actor = login(ctx, args)
    checker = second_login(ctx, args.approve_as) if args.approve_as else None
    result = import_xlsx(
        ctx, actor, compound=args.compound, data=data, source=str(path), checker=checker
    )
    print_import(result, unit="张凭证")
    return 0
