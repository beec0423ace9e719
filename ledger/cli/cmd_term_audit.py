"""`export audit`: the term-end audit package (离任审计) of one person in one compound.

Needs `--user` with the AUDIT permission (and, for the workbook, EXPORT). Writes into DIR:
the auditor workbook over the term's months (`离任审计-<person>.xlsx`; it covers the whole
compound's books over the term, not only the person's actions), the person's own actions as
JSON (`离任审计-<person>.json`, the `audit person --json` package) and the one-page summary
(`离任审计-<person>.pdf`). Every file is written beside its target first and all are moved
into place only when all three succeeded, so a failed export leaves nothing behind.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from ledger.cli.runtime import login, open_context
from ledger.domain.clock import local_today
from ledger.domain.errors import InvalidInput
from ledger.domain.period import Month
from ledger.domain.person_sheet import person_sheet
from ledger.services.term_audit import term_package
from ledger.services.workbook_data import open_workbook
from reports.term_audit_pdf import render_term_audit
from reports.workbook import write_workbook

PREFIX = "离任审计"


def register_formats(exports: Any, imports: Any, common: argparse.ArgumentParser) -> None:
    p = exports.add_parser(
        "audit",
        help="导出离任（任期）经济责任审计材料：任期审计工作簿、人员操作清单、一页摘要 PDF",
        parents=[common],
    )
    p.add_argument("--compound", required=True, help="小区名称")
    p.add_argument("--person", required=True, help="被审计人（用户名或姓名）")
    p.add_argument("-o", "--output", required=True, metavar="目录", help="输出目录（不存在则新建）")
    p.set_defaults(func=export_audit)


def export_audit(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    actor = login(ctx, args)
    package = term_package(ctx, actor, compound=args.compound, person=args.person)
    audit = package.audit
    last = Month.of(local_today(ctx.clock))
    directory = Path(args.output)
    stem = f"{PREFIX}-{audit.person}"
    targets = {ext: directory / f"{stem}.{ext}" for ext in ("xlsx", "json", "pdf")}
    partials = {ext: t.with_name(f".{t.name}.partial") for ext, t in targets.items()}
    created = not directory.exists()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with open_workbook(
            ctx, compound=audit.compound, first=package.first, last=last, by=actor
        ) as book:
            # The compound's books over the term, plus the person's own actions as a sheet.
            book = dataclasses.replace(book, sheets=(*book.sheets, person_sheet(audit)))
            written = write_workbook(book, partials["xlsx"])
        partials["json"].write_text(
            json.dumps(audit.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        partials["pdf"].write_bytes(render_term_audit(package))
        for ext, target in targets.items():
            os.replace(partials[ext], target)
    except OSError as err:
        raise InvalidInput(f"无法写入目录 {directory}：{err.strerror or err}") from err
    finally:
        for partial in partials.values():
            partial.unlink(missing_ok=True)
        if created and directory.exists() and not any(directory.iterdir()):
            directory.rmdir()
    print(
        f"已导出{audit.display_name}（{audit.person}）在{audit.compound}的离任审计材料到 {directory}："
        f"任期 {audit.term_start} 至 {audit.term_end}"
    )
    print(
        f"  {targets['xlsx'].name}：任期内（{package.first} 至 {last}）全部账簿，{len(written)} 个工作表"
    )
    print(f"  {targets['json'].name}：被审计人本人的全部操作（人员操作清单）")
    print(f"  {targets['pdf'].name}：一页审计摘要（移交时未了事项 {package.open_count} 件）")
    return 0
