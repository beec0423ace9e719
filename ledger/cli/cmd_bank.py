"""`bank import`, `bank match` and `reconcile`: bank statements and the month's reconciliation."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ledger.cli import table
from ledger.cli.runtime import login, open_context
from ledger.domain.errors import InvalidInput
from ledger.domain.money import format_fen, parse_fen
from ledger.domain.period import Month
from ledger.domain.reconciliation import BalanceSource, Reconciliation, TransitKind
from ledger.services import bank_import, bank_match, reconcile

FILE_BYTES_MAX = 50 * 1024 * 1024


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("bank", help="银行对账单：导入、与凭证匹配", parents=[common])
    bs = p.add_subparsers(dest="action", required=True, metavar="动作")
    im = bs.add_parser(
        "import",
        help="导入网银导出的对账单（CSV 或 XLSX；UTF-8、GBK、GB18030 自动识别）：全部正确才导入，按流水号去重",
        parents=[common],
    )
    im.add_argument("--compound", metavar="小区", required=True, help="小区名称")
    im.add_argument("file", metavar="文件", help="对账单文件（.csv 或 .xlsx）")
    im.add_argument(
        "--profile",
        metavar="格式",
        default=None,
        help="rules.yaml 中 bank_profiles 的格式名（默认自动识别）",
    )
    im.set_defaults(func=import_file)

    ma = bs.add_parser(
        "match",
        help="把银行流水与已过账凭证逐笔匹配；对不上的流水生成凭证草稿（须另一人审核），列出没有银行流水的凭证",
        parents=[common],
    )
    ma.add_argument("--compound", metavar="小区", required=True, help="小区名称")
    ma.add_argument("--month", metavar="YYYY-MM", default=None, help="只匹配这个月的流水")
    ma.set_defaults(func=match)

    rc = sub.add_parser(
        "reconcile",
        help="编制银行存款余额调节表：银行余额、账面余额、未达账项、差额（月结前必须无差额）",
        parents=[common],
    )
    rc.add_argument("--compound", metavar="小区", required=True, help="小区名称")
    rc.add_argument("--month", metavar="YYYY-MM", required=True, help="月份 YYYY-MM")
    rc.add_argument(
        "--bank-balance",
        metavar="金额",
        default=None,
        help="银行只给纸质对账单时，录入其月末余额（记录录入人）",
    )
    rc.add_argument("--json", action="store_true", help="以 JSON 输出")
    rc.set_defaults(func=reconcile_month)


def import_file(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        if path.stat().st_size > FILE_BYTES_MAX:
            raise InvalidInput(
                f"文件 {path} 超过 {FILE_BYTES_MAX // 1024 // 1024} MB，不像是对账单"
            )
        data = path.read_bytes()
    except OSError as err:
        raise InvalidInput(f"无法读取文件 {path}：{err.strerror or err}") from None
    ctx = open_context(args)
    result = bank_import.import_statement(
        ctx,
        login(ctx, args),
        compound=args.compound,
        data=data,
        filename=path.name,
        profile=args.profile,
    )
    print(result.summary)
    if result.added:
        print(f"下一步：python main.py bank match --compound {args.compound}")
    return 0


def match(args: argparse.Namespace) -> int:
    month = Month.parse(args.month) if args.month else None
    ctx = open_context(args)
    out = bank_match.match_bank(ctx, login(ctx, args), compound=args.compound, month=month)
    print(f"{out.compound}：本次匹配 {len(out.matched)} 笔")
    if out.matched:
        rows = [[m.serial, m.voucher, str(m.days_apart)] for m in out.matched]
        print(table.render(["流水号", "凭证号", "相差天数"], rows, numeric=[2]))
    if out.suggested:
        print(f"\n没有对上凭证的银行流水 {len(out.suggested)} 笔（草稿须另一人审核后才过账）：")
        rows = [
            [
                s.serial,
                str(s.date),
                format_fen(s.amount_fen),
                f"#{s.draft_id}" if s.draft_id else "—",
                s.note,
            ]
            for s in out.suggested
        ]
        print(table.render(["流水号", "日期", "金额", "草稿", "说明"], rows, numeric=[2]))
    if out.unbanked:
        print(f"\n没有银行流水的凭证 {len(out.unbanked)} 张（请核对是否在途或记错）：")
        rows = [[u.voucher, str(u.date), format_fen(u.amount_fen), u.memo] for u in out.unbanked]
        print(table.render(["凭证号", "日期", "银行存款变动", "摘要"], rows, numeric=[2]))
    return 0


def reconcile_month(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    typed = None
    if args.bank_balance is not None:
        typed = parse_fen(args.bank_balance, field="银行月末余额", allow_negative=True)
    ctx = open_context(args)
    result = reconcile.reconcile(
        ctx, login(ctx, args), compound=args.compound, month=month, bank_balance_fen=typed
    )
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        print(render(result))
    return 0 if result.balanced else 1


def render(r: Reconciliation) -> str:
    source = "（手工录入纸质对账单）" if r.source is BalanceSource.TYPED else ""
    rows = [
        [
            "银行对账单余额" + source,
            format_fen(r.bank_balance_fen),
            "企业账面余额",
            format_fen(r.ledger_balance_fen),
        ],
        [
            "加：" + TransitKind.BOOKS_IN.label,
            format_fen(r.total(TransitKind.BOOKS_IN)),
            "加：" + TransitKind.BANK_IN.label,
            format_fen(r.total(TransitKind.BANK_IN)),
        ],
        [
            "减：" + TransitKind.BOOKS_OUT.label,
            format_fen(r.total(TransitKind.BOOKS_OUT)),
            "减：" + TransitKind.BANK_OUT.label,
            format_fen(r.total(TransitKind.BANK_OUT)),
        ],
        [
            "调节后余额",
            format_fen(r.adjusted_bank_fen),
            "调节后余额",
            format_fen(r.adjusted_ledger_fen),
        ],
    ]
    out = [f"{r.compound} {r.month.label} 银行存款余额调节表", ""]
    out.append(table.render(["银行方", "金额", "企业方", "金额"], rows, numeric=[1, 3]))
    if r.items:
        out += ["", "未达账项："]
        items = [
            [i.kind.label, str(i.date), format_fen(i.amount_fen), i.ref, i.text] for i in r.items
        ]
        out.append(
            table.render(["类别", "日期", "金额", "流水号/凭证号", "说明"], items, numeric=[2])
        )
    if r.balanced:
        out += ["", "调节后相符，差额为零，可以编制月结。"]
    else:
        out += [
            "",
            f"调节后仍有差额 {format_fen(r.difference_fen)}：请查明原因（漏记、错记或未导入的流水），"
            "更正后重新对账；有差额不能编制月结。",
        ]
    return "\n".join(out)
