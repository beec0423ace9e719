"""`month prepare|review|sign|publish|status`: the month close, one step per command."""

from __future__ import annotations

import argparse
import json

from ledger.cli import table
from ledger.cli.runtime import login, open_context
from ledger.domain.clock import format_local
from ledger.domain.closing import MonthState
from ledger.domain.errors import InvalidInput
from ledger.domain.period import Month
from ledger.domain.roles import Role
from ledger.services import month_close

SIGNERS = (Role.COMMITTEE, Role.COMMUNITY)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "month", help="月结：编制、监督小组审查、业委会和社区党委签字、公示锁账", parents=[common]
    )
    ms = p.add_subparsers(dest="action", required=True, metavar="动作")

    def step(name: str, help_text: str) -> argparse.ArgumentParser:
        s: argparse.ArgumentParser = ms.add_parser(name, help=help_text, parents=[common])
        s.add_argument("--compound", metavar="小区", required=True, help="小区名称")
        s.add_argument("--month", metavar="YYYY-MM", required=True, help="月份 YYYY-MM")
        return s

    pr = step("prepare", "出纳编制月结：冻结本月数字（快照），此后不能再记入本月")
    pr.add_argument("--comment", metavar="说明", default="", help="编制说明（可选）")
    pr.set_defaults(func=prepare)

    rv = step(
        "review", "监督小组审查：通过；或写明理由退回（公示前随时可退回，退回后更正再重新编制）"
    )
    choice = rv.add_mutually_exclusive_group(required=True)
    choice.add_argument("--approve", action="store_true", help="审查通过")
    choice.add_argument("--return", dest="send_back", action="store_true", help="退回出纳更正")
    rv.add_argument("--comment", metavar="意见", default="", help="审查意见（退回时必填）")
    rv.set_defaults(func=review)

    sg = step("sign", "签字：先业委会，后社区党委")
    sg.add_argument(
        "--as",
        dest="as_role",
        metavar="身份",
        required=True,
        help="以何种身份签字：committee（业委会）或 community（社区党委）",
    )
    sg.add_argument("--comment", metavar="意见", default="", help="签字意见（可选）")
    sg.set_defaults(func=sign)

    pb = step("publish", "业委会公示锁账：需两方签字并经社区党委批准用印，此后本月不能再记入")
    pb.set_defaults(func=publish)

    st = step("status", "查看本月月结进度和每一道签字")
    st.add_argument("--json", action="store_true", help="以 JSON 输出")
    st.set_defaults(func=status)


def prepare(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    ctx = open_context(args)
    digest = month_close.prepare_month(
        ctx, login(ctx, args), compound=args.compound, month=month, comment=args.comment
    )
    print(f"{args.compound} {month.label} 月结已编制，数字已冻结。快照 {digest}")
    print("下一步：" + MonthState.PREPARED.next_step)
    return 0


def review(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    ctx = open_context(args)
    month_close.review_month(
        ctx,
        login(ctx, args),
        compound=args.compound,
        month=month,
        approve=args.approve,
        comment=args.comment,
    )
    if args.approve:
        print(f"{args.compound} {month.label} 月结审查通过")
        print("下一步：" + MonthState.REVIEWED.next_step)
    else:
        print(f"{args.compound} {month.label} 月结已退回，本月重新开放记账；更正后请出纳重新编制")
    return 0


def sign(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    role = Role.parse(args.as_role)
    if role not in SIGNERS:
        raise InvalidInput(
            f"--as 只能是 committee（业委会）或 community（社区党委），不能是「{args.as_role}」"
        )
    ctx = open_context(args)
    month_close.sign_month(
        ctx,
        login(ctx, args),
        compound=args.compound,
        month=month,
        as_role=role,
        comment=args.comment,
    )
    print(f"{args.compound} {month.label} 月结已由{role.label}签字")
    after = MonthState.COMMITTEE_SIGNED if role is Role.COMMITTEE else MonthState.COMMUNITY_SIGNED
    print("下一步：" + after.next_step)
    return 0


def publish(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    ctx = open_context(args)
    digest = month_close.publish_month(ctx, login(ctx, args), compound=args.compound, month=month)
    print(f"{args.compound} {month.label} 已公示锁账，此后不能再记入本月。验证码 {digest}")
    return 0


def status(args: argparse.Namespace) -> int:
    month = Month.parse(args.month)
    st = month_close.month_status(open_context(args), args.compound, month)
    if args.json:
        print(json.dumps(st.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"{st.compound} {month.label} 月结：{st.state_label}")
    if st.snapshot_hash:
        print(f"快照 {st.snapshot_hash}")
    if st.signoffs:
        rows = [
            [s.step.label, s.decision.label, s.name, format_local(s.at), s.comment]
            for s in st.signoffs
        ]
        print(table.render(["手续", "结果", "经办人", "时间", "意见"], rows))
    print("下一步：" + st.next_step)
    return 0
