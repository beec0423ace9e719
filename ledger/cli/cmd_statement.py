"""`statement` (the numbers of the monthly notice) and `verify-notice` (check a notice's code)."""

from __future__ import annotations

import argparse
import json

from ledger.cli import table
from ledger.cli.runtime import open_context
from ledger.domain.money import format_fen
from ledger.domain.period import Month
from ledger.services.notice_check import check_notice
from ledger.services.statement import monthly_statement


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    s = sub.add_parser(
        "statement", help="月度收支公示的数字（与公示 PDF 同一来源）", parents=[common]
    )
    s.add_argument("--compound", required=True, help="小区名称")
    s.add_argument("--month", required=True, help="月份 YYYY-MM")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(func=statement)
    v = sub.add_parser("verify-notice", help="核对公示上的校验码与账簿是否一致", parents=[common])
    v.add_argument("code", help="公示上印的校验码")
    v.add_argument("--compound", required=True, help="小区名称")
    v.add_argument("--month", required=True, help="公示的月份 YYYY-MM")
    v.set_defaults(func=verify_notice)


def statement(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    st = monthly_statement(open_context(args), args.compound, month)
    if args.json:
        print(json.dumps(st.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"{st.compound} 公共收益收支 {st.month_label}（{st.state_label}）")
    print(
        table.render(
            ["项目", "金额"],
            [
                ["期初余额", format_fen(st.opening_fen)],
                ["本月收入", format_fen(st.income_fen)],
                ["本月支出", format_fen(st.spending_fen)],
                ["期末余额", format_fen(st.closing_fen)],
            ],
            numeric=[1],
        )
    )
    print(
        table.render(
            ["收入类别", "总收入", "物业合理成本", "净收入"],
            [
                [
                    c.name,
                    format_fen(c.gross_fen),
                    format_fen(c.deduction_fen),
                    format_fen(c.net_fen),
                ]
                for c in st.categories
            ],
            numeric=[1, 2, 3],
        )
    )
    if st.verification_code:
        print(f"校验码 {st.short_code}")
    return 0


def verify_notice(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    result = check_notice(open_context(args), args.code, compound=args.compound, month=month)
    label = f"{result.compound} {month.label}"
    if not result.published:
        print(f"{label} 尚未公示锁账：没有可核对的校验码")
        return 1
    if not result.code_matches:
        print(
            f"不一致：{label} 公示的校验码是 {result.snapshot_hash[:16] if result.snapshot_hash else ''}…，"
            f"与「{args.code}」不符。这张公示可能不是该小区该月的，请向社区反映"
        )
        return 1
    if not result.books_unchanged:
        print(
            f"校验码属于 {label}，但账簿现在算出的快照与公示时不同：公示后账簿被改动过，请向社区和审计反映"
        )
        return 1
    print(f"一致：校验码与 {label} 公示时的账簿相符，公示后账簿未被改动")
    return 0
