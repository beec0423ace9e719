"""Printed papers as PDF: vouchers (记账凭证) and the project notice (立项公示).

Each command reads a read model through a service, renders it with `reports/` and writes the
file whole or not at all (`write_pdf`). Reading needs no login, as `entry show` and
`project show` do not. The monthly notice and the street report are added here too; every
paper command registers itself in `register`.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from ledger.cli.inputs import parse_id
from ledger.cli.runtime import open_context
from ledger.domain.errors import InvalidInput, NotFound, WrongState
from ledger.domain.money import format_fen
from ledger.domain.period import Month
from ledger.services import journal
from ledger.services.project_views import project_view
from ledger.services.statement import compound_names, monthly_statement
from ledger.services.street_report import street_report as build_street_report
from reports.notice_pdf import render_notice
from reports.project_notice_pdf import NoticeTerms, render_project_notice
from reports.street_report_pdf import render_street_report
from reports.voucher_pdf import render_vouchers


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    v = sub.add_parser(
        "voucher",
        help="打印记账凭证（PDF，含大写金额）：一张，或一个月的全部凭证以便装订",
        parents=[common],
    )
    v.add_argument("voucher", nargs="?", help="凭证号，如 记-2023-05-0003（与 --month 二选一）")
    v.add_argument("--compound", required=True, help="小区名称")
    v.add_argument("--month", help="打印该月全部凭证 YYYY-MM")
    v.add_argument("-o", "--output", required=True, metavar="文件", help="输出的 PDF 文件")
    v.add_argument("--full-page", action="store_true", help="每张凭证占一整页（默认每页上下两张）")
    v.set_defaults(func=voucher)

    n = sub.add_parser(
        "project-notice",
        help="打印立项公示（PDF）：需求、审查、比价、表决、预算、公示期和异议方式",
        parents=[common],
    )
    n.add_argument("id", help="项目编号")
    n.add_argument("-o", "--output", required=True, metavar="文件", help="输出的 PDF 文件")
    n.set_defaults(func=project_notice)
    register_notice(sub, common)
    register_street_report(sub, common)


def register_notice(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    m = sub.add_parser(
        "notice",
        help="打印月度公共收益收支公示（PDF）；--street 为街道内每个小区各出一份",
        parents=[common],
    )
    where = m.add_mutually_exclusive_group(required=True)
    where.add_argument("--compound", help="小区名称")
    where.add_argument(
        "--street", action="store_true", help="街道内每个小区，输出到 -o 指定的文件夹"
    )
    m.add_argument("--month", required=True, help="月份 YYYY-MM")
    m.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="文件或文件夹",
        help="输出的 PDF（--street 时为文件夹）",
    )
    m.set_defaults(func=notice)


def notice(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    ctx = open_context(args)
    if args.compound:
        st = monthly_statement(ctx, args.compound, month)
        write_pdf(Path(args.output), render_notice(st))
        print(f"已生成 {args.output}（{st.compound} {st.month_label}，{st.state_label}）")
        return 0
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    for name in compound_names(ctx):
        st = monthly_statement(ctx, name, month)
        target = folder / f"{name}-{month}-公示.pdf"
        write_pdf(target, render_notice(st))
        print(f"已生成 {target}（{st.state_label}）")
    return 0


def register_street_report(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    r = sub.add_parser(
        "street-report",
        help="打印街道公共收益汇总（PDF）：各小区收支、余额、公示签字、项目、异议与投诉",
        parents=[common],
    )
    r.add_argument("--month", required=True, help="月份 YYYY-MM")
    out = r.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", metavar="文件", help="输出的 PDF 文件")
    out.add_argument("--json", action="store_true", help="以 JSON 输出汇总数据（不生成 PDF）")
    r.set_defaults(func=street_report)


def street_report(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    ctx = open_context(args)
    report = build_street_report(ctx, month)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return 0
    target = Path(args.output)
    write_pdf(target, render_street_report(report))
    print(
        f"已生成 {target}（{report.street} {report.month_label}，{len(report.compounds)} 个小区，"
        f"累计结余 ¥{format_fen(report.accumulated_fen)}）"
    )
    return 0


def write_pdf(target: Path, data: bytes) -> None:
    """Write the file whole or not at all: beside it first, then moved into place."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError as err:
        raise InvalidInput(f"无法写入文件 {target}：{err.strerror or err}") from err
    finally:
        partial.unlink(missing_ok=True)


def voucher(args: argparse.Namespace) -> int:
    if (args.voucher is None) == (args.month is None):
        raise InvalidInput("请给出一个凭证号，或用 --month 指定月份（二者选一）")
    month = Month.parse(args.month) if args.month is not None else None
    ctx = open_context(args)
    if month is None:
        vouchers = [journal.entry_detail(ctx, args.compound, args.voucher)]
    else:
        vouchers = journal.month_vouchers(ctx, args.compound, month)
        if not vouchers:
            raise NotFound(f"{args.compound} {month.label}没有已过账的凭证")
    target = Path(args.output)
    write_pdf(target, render_vouchers(vouchers, halves=not args.full_page))
    span = (
        vouchers[0].voucher
        if len(vouchers) == 1
        else f"{vouchers[0].voucher} 至 {vouchers[-1].voucher}"
    )
    print(f"已生成 {target}：{len(vouchers)} 张凭证（{span}）")
    return 0


def project_notice(args: argparse.Namespace) -> int:
    pid = parse_id(args.id, "项目编号")
    ctx = open_context(args)
    view = project_view(ctx, pid)
    if not any(v["passed"] for v in view.votes):
        raise WrongState(
            f"项目 #{pid}「{view.line.title}」还没有表决通过（{view.line.state_label}），不能出立项公示"
        )
    rules = ctx.rules.for_compound(view.line.compound)
    terms = NoticeTerms(
        hotline=rules.supervision.hotline,
        suggestion_box=rules.supervision.suggestion_box,
        notice_days=rules.notice_days,
        objection_days=rules.objection_days,
    )
    target = Path(args.output)
    write_pdf(target, render_project_notice(view, terms))
    print(f"已生成 {target}：项目 #{pid}「{view.line.title}」立项公示")
    return 0
