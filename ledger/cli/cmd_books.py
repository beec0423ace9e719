"""Commands on the books: entry add/approve/reverse/discard/list, income, balance, verify."""

from __future__ import annotations

import argparse
import json

from ledger.cli import table
from ledger.cli.inputs import attachment_of, parse_id, parse_line
from ledger.cli.runtime import login, open_context
from ledger.domain.clock import format_local, local_today
from ledger.domain.money import format_fen, parse_fen
from ledger.domain.period import Month, parse_date
from ledger.services import balances, entries, journal, shortcuts
from ledger.services.verify import verify


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("entry", help="凭证：编制、审核过账、冲销", parents=[common])
    es = p.add_subparsers(dest="action", required=True, metavar="动作")
    a = es.add_parser("add", help="编制凭证草稿（正数借方，负数贷方）", parents=[common])
    a.add_argument("--compound", required=True, help="小区名称")
    a.add_argument("--date", required=True, help="凭证日期 YYYY-MM-DD")
    a.add_argument("--memo", required=True, help="摘要")
    a.add_argument(
        "--line",
        action="append",
        required=True,
        metavar="科目:金额",
        help="分录，可重复；如 1002:1000 和 4301:-1000",
    )
    a.add_argument("--project", help="项目编号")
    a.add_argument("--attachments", type=int, default=0, help="纸质附件张数")
    a.add_argument(
        "--attach", action="append", default=[], metavar="文件", help="电子附件（记录其 SHA-256）"
    )
    a.set_defaults(func=entry_add)
    ap = es.add_parser("approve", help="审核草稿并过账（审核人不能是编制人）", parents=[common])
    ap.add_argument("id", help="草稿编号")
    ap.set_defaults(func=entry_approve)
    r = es.add_parser("reverse", help="编制冲销凭证草稿（需另一人审核过账）", parents=[common])
    r.add_argument("voucher", help="要冲销的凭证号，如 记-2025-06-0001")
    r.add_argument("--reason", required=True, help="冲销原因")
    r.add_argument("--compound", help="小区名称（凭证号在多个小区重复时必填）")
    r.add_argument("--date", help="冲销凭证日期，默认今天")
    r.set_defaults(func=entry_reverse)
    d = es.add_parser("discard", help="作废自己编制的草稿", parents=[common])
    d.add_argument("id", help="草稿编号")
    d.set_defaults(func=entry_discard)
    ls = es.add_parser("list", help="列出凭证（已过账）或草稿", parents=[common])
    ls.add_argument("--compound", required=True)
    ls.add_argument("--month", help="月份 YYYY-MM")
    ls.add_argument("--drafts", action="store_true", help="列出待审核的草稿")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=entry_list)

    sh = es.add_parser(
        "show", help="查看一张凭证：分录、制单审核、时间（本地时间）、哈希", parents=[common]
    )
    sh.add_argument("voucher", help="凭证号")
    sh.add_argument("--compound", required=True)
    sh.set_defaults(func=entry_show)

    i = sub.add_parser(
        "income", help="收入快捷记账：总收入、物业合理成本、净额入专户", parents=[common]
    )
    i.add_argument("--compound", required=True)
    i.add_argument("--date", required=True)
    i.add_argument("--category", required=True, help="收入类别，如 parking、advertising")
    i.add_argument("--gross", required=True, help="总收入金额")
    i.add_argument("--deduction", help="物业合理成本，默认按规则比例")
    i.add_argument("--memo", help="摘要，默认「某年某月+类别」")
    i.add_argument("--attachments", type=int, default=0)
    i.set_defaults(func=income)

    b = sub.add_parser("balance", help="科目余额表（试算平衡）", parents=[common])
    b.add_argument("--compound", required=True)
    b.add_argument("--month", help="月份 YYYY-MM（默认本月）")
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=balance)

    v = sub.add_parser(
        "verify", help="校验账簿：借贷平衡、哈希链、凭证号、结账、审计日志", parents=[common]
    )
    v.add_argument("--compound")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=run_verify)


def entry_add(args: argparse.Namespace) -> int:
    lines = [parse_line(spec, i) for i, spec in enumerate(args.line, 1)]
    date = parse_date(args.date, field="凭证日期")
    project = parse_id(args.project, "项目编号") if args.project is not None else None
    files = [attachment_of(f) for f in args.attach]
    ctx = open_context(args)
    actor = login(ctx, args)
    draft = entries.draft_entry(
        ctx,
        actor,
        compound=args.compound,
        date=date,
        memo=args.memo,
        lines=lines,
        project_id=project,
        attachment_count=args.attachments,
        attachments=files,
    )
    print(draft)
    return 0


def entry_approve(args: argparse.Namespace) -> int:
    draft = parse_id(args.id, "草稿编号")
    ctx = open_context(args)
    print(entries.approve_entry(ctx, login(ctx, args), draft))
    return 0


def entry_reverse(args: argparse.Namespace) -> int:
    date = parse_date(args.date, field="冲销日期") if args.date is not None else None
    ctx = open_context(args)
    draft = entries.reverse_entry(
        ctx, login(ctx, args), args.voucher, reason=args.reason, compound=args.compound, date=date
    )
    print(draft)
    return 0


def entry_discard(args: argparse.Namespace) -> int:
    draft = parse_id(args.id, "草稿编号")
    ctx = open_context(args)
    entries.discard_draft(ctx, login(ctx, args), draft)
    print(f"草稿 #{draft} 已作废")
    return 0


def entry_list(args: argparse.Namespace) -> int:
    month = Month.parse(args.month) if args.month is not None else None
    ctx = open_context(args)
    rows = journal.list_rows(ctx, args.compound, month=month, drafts=args.drafts)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    print(
        table.render(
            ["编号", "日期", "摘要", "借方合计", "制单", "审核"],
            [
                [r.number, str(r.date), r.memo[:30], format_fen(r.debit_fen), r.maker, r.checker]
                for r in rows
            ],
            numeric=[3],
        )
    )
    return 0


def entry_show(args: argparse.Namespace) -> int:
    d = journal.entry_detail(open_context(args), args.compound, args.voucher)
    print(f"{d.compound} 记账凭证 {d.voucher}    日期 {d.date}")
    print(f"摘要：{d.memo}")
    rows = [
        [code, name, format_fen(amt) if amt > 0 else "", format_fen(-amt) if amt < 0 else "", memo]
        for code, name, amt, memo in d.lines
    ]
    debit = sum(amt for _, _, amt, _ in d.lines if amt > 0)
    rows.append(["", "合计", format_fen(debit), format_fen(debit), ""])
    print(table.render(["代码", "科目", "借方", "贷方", "行摘要"], rows, numeric=[2, 3]))
    print(
        f"制单 {d.maker}（{format_local(d.drafted_at)}）  审核过账 {d.checker}（{format_local(d.posted_at)}）"
        f"  附件 {d.attachment_count} 张"
    )
    for sha, name in d.attachments:
        print(f"电子附件 {name}  SHA-256 {sha}")
    if d.reverses:
        print(f"冲销 {d.reverses}，原因：{d.reason}")
    if d.reversed_by:
        print(f"已被 {d.reversed_by} 冲销")
    print(f"哈希 {d.hash}\n前一哈希 {d.prev_hash}")
    return 0


def income(args: argparse.Namespace) -> int:
    date = parse_date(args.date, field="收入日期")
    gross = parse_fen(args.gross, field="总收入", allow_zero=False)
    deduction = (
        parse_fen(args.deduction, field="物业合理成本") if args.deduction is not None else None
    )
    ctx = open_context(args)
    draft = shortcuts.draft_income(
        ctx,
        login(ctx, args),
        compound=args.compound,
        date=date,
        category=args.category,
        gross_fen=gross,
        deduction_fen=deduction,
        memo=args.memo,
        attachment_count=args.attachments,
    )
    print(draft)
    return 0


def balance(args: argparse.Namespace) -> int:
    month = Month.parse(args.month) if args.month is not None else Month.of(local_today())
    ctx = open_context(args)
    tb = balances.trial_balance(ctx, args.compound, month)
    if args.json:
        print(json.dumps(tb.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"{tb.compound} 科目余额表 {month.label}（余额借方为正）")
    rows = [
        [
            a.code,
            a.name,
            format_fen(a.opening_fen),
            format_fen(a.debit_fen),
            format_fen(a.credit_fen),
            format_fen(a.closing_fen),
        ]
        for a in tb.accounts
    ]
    rows.append(["", "合计", "", format_fen(tb.debit_fen), format_fen(tb.credit_fen), ""])
    print(
        table.render(["代码", "科目", "期初", "借方", "贷方", "期末"], rows, numeric=[2, 3, 4, 5])
    )
    return 0


def run_verify(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    report = verify(ctx, args.compound)
    if args.json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "compounds": report.compounds,
                    "entries": report.entries,
                    "audit_records": report.audit_records,
                    "digest": report.digest,
                    "findings": [vars(f) for f in report.findings],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    elif report.ok:
        print(
            f"校验通过：{report.compounds} 个小区，{report.entries} 张凭证，"
            f"{report.audit_records} 条审计记录，全部规则成立。摘要 {report.digest[:16]}"
        )
    else:
        import sys

        for f in report.findings:
            print(f, file=sys.stderr)
        print(f"校验失败：发现 {len(report.findings)} 处问题（见上）", file=sys.stderr)
    return 0 if report.ok else 1
