"""`export` and `import`: top-level commands whose formats register themselves as subcommands.

Each format module (beancount now; xlsx, csv and others later) has a
`register_formats(exports, imports, common)` that adds its subcommand to `export`, to `import`
or to both. To add a format: write its module and list it in `FORMATS`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ledger.cli import cmd_beancount

Subparsers = Any  # argparse._SubParsersAction, which typeshed leaves generic
FormatRegistrar = Callable[[Subparsers, Subparsers, argparse.ArgumentParser], None]

FORMATS: tuple[FormatRegistrar, ...] = (cmd_beancount.register_formats,)


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    exports = sub.add_parser("export", help="导出账簿（beancount 等格式）", parents=[common])
    imports = sub.add_parser("import", help="导入账簿（beancount 等格式）", parents=[common])
    export_formats = exports.add_subparsers(dest="format", required=True, metavar="格式")
    import_formats = imports.add_subparsers(dest="format", required=True, metavar="格式")
    for register_formats in FORMATS:
        register_formats(export_formats, import_formats, common)
