"""`export` and `import`: top-level commands whose formats register themselves as subcommands.

Each format module (beancount; xlsx, csv and the import template) has a
`register_formats(exports, imports, common)` that adds its subcommand to `export`, to `import`
or to both. To add a format: write its module and list it in `FORMATS`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ledger.cli import cmd_beancount, cmd_journal, cmd_term_audit, cmd_workbook

Subparsers = Any  # argparse._SubParsersAction, which typeshed leaves generic
FormatRegistrar = Callable[[Subparsers, Subparsers, argparse.ArgumentParser], None]

FORMATS: tuple[FormatRegistrar, ...] = (
    cmd_beancount.register_formats,
    cmd_journal.register_formats,
    cmd_workbook.register_formats,
    cmd_term_audit.register_formats,
)


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    exports = sub.add_parser(
        "export", help="导出账簿（beancount、xlsx 审计工作簿、csv、导入模板）", parents=[common]
    )
    imports = sub.add_parser("import", help="导入账簿（beancount、xlsx 序时账）", parents=[common])
    export_formats = exports.add_subparsers(dest="format", required=True, metavar="格式")
    import_formats = imports.add_subparsers(dest="format", required=True, metavar="格式")
    for register_formats in FORMATS:
        register_formats(export_formats, import_formats, common)
