"""`tui`: the terminal UI (Textual) on a database; also what `python main.py` with no command
opens. The database must exist (the same Chinese error as every command otherwise)."""

from __future__ import annotations

import argparse

from ledger.cli.runtime import open_context


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "tui", help="打开终端界面（登录、仪表盘、凭证序时账、待审核…；F1 帮助）", parents=[common]
    )
    p.set_defaults(func=run_tui)


def run_tui(args: argparse.Namespace) -> int:
    from tui.app import LedgerApp  # Textual loads only when the UI is wanted

    ctx = open_context(args)
    LedgerApp(ctx).run()
    return 0
