"""Commands on revenue contracts and what the compound is owed: contract add/list/show/end,
accrue and receive; the property company's collections; arrears; the maintenance-fund share."""

from __future__ import annotations

import argparse
import json

from ledger.cli import table
from ledger.cli.inputs import parse_id
from ledger.cli.runtime import login, open_context
from ledger.domain.contract import ContractKind, parse_frequency
from ledger.domain.errors import InvalidInput
from ledger.domain.money import format_fen, parse_fen
from ledger.domain.period import Month, parse_date
from ledger.domain.rules import Frequency
from ledger.services import arrears, collections, contracts, fund_share, receivables
from ledger.services.contracts import NewContract


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "contract", help="收入合同：登记、查看、终止、计提应收、收款", parents=[common]
    )
    cs = p.add_subparsers(dest="action", required=True, metavar="动作")
    a = cs.add_parser("add", help="登记合同（登记后条款不能修改）", parents=[common])
    a.add_argument("--compound", required=True)
    a.add_argument("--ref", required=True, help="合同编号")
    a.add_argument("--counterparty", required=True, help="合同对方，如 某某传媒公司")
    a.add_argument("--kind", default="direct", help="direct 直接收款（默认）| collection 物业代收")
    a.add_argument("--category", required=True, help="收入类别，如 advertising、base_station")
    a.add_argument("--frequency", default="monthly", help="monthly | quarterly | yearly")
    a.add_argument("--amount", help="每期金额（直接收款合同必填）")
    a.add_argument("--start", required=True, help="开始日 YYYY-MM-DD")
    a.add_argument("--end", help="结束日（含），不写表示长期")
    a.add_argument(
        "--due-day", type=int, help="付款日：直接收款默认每期首月 1 日；代收默认规则的转入日"
    )
    a.add_argument("--deposit", default="0", help="押金")
    a.add_argument("--cost-share-bp", type=int, help="物业合理成本分成（基点，仅物业代收）")
    a.add_argument("--seal", help="用印登记号（盖章的登记簿行号）")
    a.add_argument("--note", default="", help="备注")
    a.set_defaults(func=contract_add)
    ls = cs.add_parser("list", help="列出合同及应收、已收、逾期", parents=[common])
    ls.add_argument("--compound", required=True)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=contract_list)
    sh = cs.add_parser("show", help="查看合同及各期应收、已收、未收", parents=[common])
    sh.add_argument("ref", help="合同编号")
    sh.add_argument("--compound", required=True)
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(func=contract_show)
    e = cs.add_parser("end", help="终止合同（只能一次）", parents=[common])
    e.add_argument("ref", help="合同编号")
    e.add_argument("--compound", required=True)
    e.add_argument("--date", required=True, help="终止日（含）")
    e.add_argument("--reason", required=True)
    e.set_defaults(func=contract_end)
    ac = cs.add_parser("accrue", help="计提本月到期的合同应收（一张草稿）", parents=[common])
    ac.add_argument("--compound", required=True)
    ac.add_argument("--month", required=True, help="月份 YYYY-MM")
    ac.add_argument("--date", help="计提截止日，默认月末或今天")
    ac.set_defaults(func=contract_accrue)
    r = cs.add_parser("receive", help="收到合同款（先冲最早未收的一期）", parents=[common])
    _receipt_args(r)
    r.set_defaults(func=contract_receive)

    c = sub.add_parser("collection", help="物业代收：登记月度代收情况、记录转入", parents=[common])
    ccs = c.add_subparsers(dest="action", required=True, metavar="动作")
    rec = ccs.add_parser(
        "record", help="登记物业某月代收总额（扣除分成后形成应收）", parents=[common]
    )
    rec.add_argument("ref", help="物业代收合同编号")
    rec.add_argument("--compound", required=True)
    rec.add_argument("--month", required=True, help="代收月份 YYYY-MM")
    rec.add_argument("--gross", required=True, help="代收总额")
    rec.add_argument("--deduction", help="物业合理成本，默认按合同或规则比例")
    rec.add_argument("--date", help="凭证日期，默认该月最后一天")
    rec.add_argument("--attachments", type=int, default=0)
    rec.set_defaults(func=collection_record)
    t = ccs.add_parser("transfer", help="物业把代收净额转入专户", parents=[common])
    _receipt_args(t)
    t.set_defaults(func=contract_receive)

    ar = sub.add_parser("arrears", help="欠款：已到期未收的合同款和物业代收款", parents=[common])
    ar.add_argument("--compound", required=True)
    ar.add_argument("--month", help="截至该月末（默认今天）")
    ar.add_argument("--json", action="store_true")
    ar.set_defaults(func=show_arrears)
    fs = sub.add_parser("fund-share", help="专项维修资金应划转、已划转、尚欠", parents=[common])
    fs.add_argument("--compound", required=True)
    fs.add_argument("--month", required=True)
    fs.add_argument("--json", action="store_true")
    fs.set_defaults(func=show_fund_share)
    ft = sub.add_parser("fund-transfer", help="编制划转专项维修资金的凭证草稿", parents=[common])
    ft.add_argument("--compound", required=True)
    ft.add_argument("--period", required=True, help="划转期间内的任一月份 YYYY-MM")
    ft.add_argument("--date", help="凭证日期，默认今天")
    ft.add_argument("--amount", help="金额，默认尚欠的全部")
    ft.set_defaults(func=run_fund_transfer)


def _receipt_args(r: argparse.ArgumentParser) -> None:
    r.add_argument("ref", help="合同编号")
    r.add_argument("--compound", required=True)
    r.add_argument("--amount", required=True)
    r.add_argument("--date", required=True, help="到账日期")
    r.add_argument("--period", help="指定冲抵的期间 YYYY-MM（默认最早未收的一期起）")
    r.add_argument("--memo")
    r.add_argument("--attachments", type=int, default=0)


def contract_add(args: argparse.Namespace) -> int:
    kind = ContractKind.parse(args.kind)
    if kind is ContractKind.DIRECT and args.amount is None:
        raise InvalidInput("直接收款合同须写每期金额 --amount")
    amount = parse_fen(args.amount, field="每期金额", allow_zero=False) if args.amount else 0
    new = NewContract(
        ref=args.ref,
        counterparty=args.counterparty,
        kind=kind,
        category=args.category,
        frequency=parse_frequency(args.frequency) if args.frequency else Frequency.MONTHLY,
        amount_fen=amount,
        start=parse_date(args.start, field="开始日"),
        end=parse_date(args.end, field="结束日") if args.end else None,
        due_day=args.due_day,
        deposit_fen=parse_fen(args.deposit, field="押金"),
        cost_share_bp=args.cost_share_bp,
        seal_register_no=parse_id(args.seal, "用印登记号") if args.seal else None,
        note=args.note,
    )
    ctx = open_context(args)
    contracts.add_contract(ctx, login(ctx, args), compound=args.compound, new=new)
    print(f"已登记合同 {args.ref.strip()}")
    return 0


def contract_list(args: argparse.Namespace) -> int:
    views = contracts.list_contracts(open_context(args), args.compound)
    if args.json:
        print(json.dumps([v.as_json() for v in views], ensure_ascii=False, indent=2))
        return 0
    rows = [
        [
            v.ref,
            v.counterparty,
            v.category_name,
            v.kind.label,
            f"{v.frequency_label} {format_fen(v.amount_fen)}"
            if v.amount_fen
            else v.frequency_label,
            f"{v.start}—{v.ended_on or v.end or ''}",
            v.state_label,
            format_fen(v.received_fen),
            format_fen(v.overdue_fen),
        ]
        for v in views
    ]
    headers = ["编号", "对方", "类别", "方式", "每期", "期限", "状态", "已收", "逾期未收"]
    print(table.render(headers, rows, numeric=[7, 8]))
    return 0


def contract_show(args: argparse.Namespace) -> int:
    v = contracts.show_contract(open_context(args), args.compound, args.ref)
    if args.json:
        print(json.dumps(v.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"合同 {v.ref}  {v.counterparty}  {v.category_name}  {v.kind.label}  {v.state_label}")
    print(f"期限 {v.start} 至 {v.end or '长期'}  {v.frequency_label} {format_fen(v.amount_fen)}")
    print(
        f"付款日 每期 {v.due_day} 日  押金 {format_fen(v.deposit_fen)}  用印登记 {v.seal_register_no or '无'}"
    )
    if v.ended_on:
        print(f"已于 {v.ended_on} 终止：{v.end_reason}")
    rows = [
        [
            p.label,
            str(p.due_on),
            format_fen(p.expected_fen),
            format_fen(p.accrued_fen),
            format_fen(p.received_fen),
            format_fen(p.pending_fen),
            format_fen(p.outstanding_fen),
        ]
        for p in v.periods
    ]
    headers = ["期间", "到期日", "应收", "已计提", "已收", "待审核", "未收"]
    print(table.render(headers, rows, numeric=[2, 3, 4, 5, 6]))
    return 0


def contract_end(args: argparse.Namespace) -> int:
    on = parse_date(args.date, field="终止日")
    ctx = open_context(args)
    contracts.end_contract(
        ctx, login(ctx, args), compound=args.compound, ref=args.ref, on=on, reason=args.reason
    )
    print(f"合同 {args.ref} 已于 {on} 终止")
    return 0


def contract_accrue(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    date = parse_date(args.date, field="计提日期") if args.date else None
    ctx = open_context(args)
    print(
        receivables.accrue_month(
            ctx, login(ctx, args), compound=args.compound, month=month, date=date
        )
    )
    return 0


def contract_receive(args: argparse.Namespace) -> int:
    amount = parse_fen(args.amount, field="收款金额", allow_zero=False)
    date = parse_date(args.date, field="到账日期")
    ctx = open_context(args)
    draft = receivables.receive(
        ctx,
        login(ctx, args),
        compound=args.compound,
        ref=args.ref,
        amount_fen=amount,
        date=date,
        period=args.period,
        memo=args.memo,
        attachment_count=args.attachments,
    )
    print(draft)
    return 0


def collection_record(args: argparse.Namespace) -> int:
    month = Month.parse(args.month, field="代收月份")
    gross = parse_fen(args.gross, field="代收总额", allow_zero=False)
    share = parse_fen(args.deduction, field="物业合理成本") if args.deduction else None
    date = parse_date(args.date, field="凭证日期") if args.date else None
    ctx = open_context(args)
    draft = collections.record_collection(
        ctx,
        login(ctx, args),
        compound=args.compound,
        ref=args.ref,
        month=month,
        gross_fen=gross,
        cost_share_fen=share,
        date=date,
        attachment_count=args.attachments,
    )
    print(draft)
    return 0


def show_arrears(args: argparse.Namespace) -> int:
    month = Month.parse(args.month) if args.month else None
    report = arrears.arrears_report(open_context(args), args.compound, month)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(
        f"{report.compound} 截至 {report.as_of} 的欠款：{len(report.lines)} 笔，合计 {format_fen(report.total_fen)}"
    )
    rows = [
        [
            a.counterparty,
            a.contract_ref,
            a.category,
            a.period,
            str(a.due_on),
            format_fen(a.outstanding_fen),
            str(a.days_overdue),
        ]
        for a in report.lines
    ]
    print(
        table.render(
            ["欠款方", "合同", "类别", "期间", "到期日", "未收", "逾期天数"], rows, numeric=[5, 6]
        )
    )
    return 0


def show_fund_share(args: argparse.Namespace) -> int:
    report = fund_share.fund_share_report(
        open_context(args), args.compound, Month.parse(args.month)
    )
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"{report.compound} 专项维修资金：{report.basis}")
    rows = [
        [
            p.label + ("" if p.complete else "（至本月）"),
            format_fen(p.net_fen),
            format_fen(p.due_fen),
            format_fen(p.transferred_fen),
            format_fen(p.outstanding_fen),
        ]
        for p in report.periods
    ]
    print(
        table.render(["期间", "净公共收益", "应划转", "已划转", "尚欠"], rows, numeric=[1, 2, 3, 4])
    )
    for w in report.warnings:
        print(f"提醒：{w}")
    return 0


def run_fund_transfer(args: argparse.Namespace) -> int:
    period = Month.parse(args.period, field="划转期间")
    date = parse_date(args.date, field="凭证日期") if args.date else None
    amount = parse_fen(args.amount, field="划转金额", allow_zero=False) if args.amount else None
    ctx = open_context(args)
    draft = fund_share.transfer(
        ctx, login(ctx, args), compound=args.compound, period=period, date=date, amount_fen=amount
    )
    print(draft)
    return 0
