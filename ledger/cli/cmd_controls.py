"""Commands of the controls: the seal register (seal) and complaints and suggestions (complaint).

`seal request` and `complaint add` print the new id only, so scripts can pass it on; the
other writing commands confirm in Chinese. Every list takes --json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from ledger.cli import table
from ledger.cli.inputs import parse_id
from ledger.cli.runtime import login, open_context
from ledger.domain.clock import format_local, local_today
from ledger.domain.complaint import Channel
from ledger.domain.period import Month, parse_date
from ledger.domain.seal import SealKind
from ledger.services import complaints, seals

KINDS = "、".join(f"{k.value}（{k.label}）" for k in SealKind)
CHANNELS = "、".join(f"{c.value}（{c.label}）" for c in Channel)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    _register_seal(sub, common)
    _register_complaint(sub, common)


def _register_seal(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("seal", help="公章统一存管：用印申请、审批、盖章登记", parents=[common])
    ss = p.add_subparsers(dest="action", required=True, metavar="动作")
    r = ss.add_parser("request", help="申请用印（出纳或业委会），输出申请编号", parents=[common])
    r.add_argument("--compound", metavar="小区", required=True, help="小区名称")
    r.add_argument("--kind", metavar="类别", required=True, help=f"文件类别：{KINDS}")
    r.add_argument("--document", metavar="文件", required=True, help="用印文件名称")
    r.add_argument("--purpose", metavar="事由", required=True, help="用印事由")
    r.add_argument("--project", metavar="项目编号", help="关联项目编号（立项公示必填）")
    r.add_argument("--draft", metavar="草稿编号", help="关联付款凭证草稿编号（大额付款必填）")
    r.add_argument("--month", metavar="YYYY-MM", help="公示月份 YYYY-MM（月度公示必填）")
    r.add_argument("--contract", metavar="合同编号", help="合同编号（合同必填）")
    r.set_defaults(func=seal_request)
    a = ss.add_parser("approve", help="审批用印申请（社区党委保管人）", parents=[common])
    a.add_argument("id", metavar="编号", help="用印申请编号")
    a.add_argument(
        "--opinion", metavar="意见", required=True, help="审批意见（不予用印时须写明理由）"
    )
    a.add_argument("--refuse", action="store_true", help="不予用印")
    a.set_defaults(func=seal_approve)
    u = ss.add_parser("use", help="登记已盖章（社区党委保管人）", parents=[common])
    u.add_argument("id", metavar="编号", help="用印申请编号")
    u.set_defaults(func=seal_use)
    ls = ss.add_parser("list", help="用印登记簿", parents=[common])
    ls.add_argument("--compound", metavar="小区", required=True, help="小区名称")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出")
    ls.set_defaults(func=seal_list)


def _register_complaint(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("complaint", help="投诉建议：登记、答复、查询", parents=[common])
    cs = p.add_subparsers(dest="action", required=True, metavar="动作")
    a = cs.add_parser("add", help="登记投诉建议，输出编号", parents=[common])
    a.add_argument("--compound", metavar="小区", required=True, help="小区名称")
    a.add_argument("--channel", metavar="渠道", required=True, help=f"渠道：{CHANNELS}")
    a.add_argument("--date", metavar="YYYY-MM-DD", required=True, help="收到日期 YYYY-MM-DD")
    a.add_argument("--resident", metavar="反映人", required=True, help="反映人（可写「匿名」）")
    a.add_argument("--content", metavar="内容", required=True, help="反映内容")
    a.add_argument("--project", metavar="项目编号", help="关联项目编号")
    a.set_defaults(func=complaint_add)
    an = cs.add_parser(
        "answer", help="答复投诉建议（业委会或社区党委，只能答复一次）", parents=[common]
    )
    an.add_argument("id", metavar="编号", help="投诉建议编号")
    an.add_argument("--answer", metavar="答复", required=True, help="答复内容")
    an.add_argument("--date", metavar="YYYY-MM-DD", help="答复日期 YYYY-MM-DD，默认今天")
    an.set_defaults(func=complaint_answer)
    ls = cs.add_parser("list", help="列出投诉建议及答复", parents=[common])
    ls.add_argument("--compound", metavar="小区", required=True, help="小区名称")
    ls.add_argument("--month", metavar="YYYY-MM", help="只列这个月收到的 YYYY-MM")
    ls.add_argument("--unanswered", action="store_true", help="只列尚未答复的")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出")
    ls.set_defaults(func=complaint_list)


def seal_request(args: argparse.Namespace) -> int:
    project = parse_id(args.project, "项目编号") if args.project is not None else None
    draft = parse_id(args.draft, "草稿编号") if args.draft is not None else None
    month = str(Month.parse(args.month, field="公示月份")) if args.month is not None else None
    ctx = open_context(args)
    seal_id = seals.request_seal(
        ctx,
        login(ctx, args),
        compound=args.compound,
        document_kind=args.kind,
        document=args.document,
        purpose=args.purpose,
        project_id=project,
        draft_id=draft,
        month=month,
        contract_ref=args.contract,
    )
    print(seal_id)
    return 0


def seal_approve(args: argparse.Namespace) -> int:
    seal_id = parse_id(args.id, "用印申请编号")
    ctx = open_context(args)
    approve = not args.refuse
    seals.approve_seal(ctx, login(ctx, args), seal_id, approve=approve, opinion=args.opinion)
    print(f"用印申请 #{seal_id} {'已批准，待盖章' if approve else '不予用印'}")
    return 0


def seal_use(args: argparse.Namespace) -> int:
    seal_id = parse_id(args.id, "用印申请编号")
    ctx = open_context(args)
    seals.use_seal(ctx, login(ctx, args), seal_id)
    print(f"用印申请 #{seal_id} 已登记盖章")
    return 0


def seal_list(args: argparse.Namespace) -> int:
    lines = seals.list_seals(open_context(args), args.compound)
    if args.json:
        return _dump([x.as_json() for x in lines])
    rows = [
        [
            x.number,
            f"#{x.id}",
            x.kind.label,
            x.document,
            x.purpose[:20],
            x.link,
            f"{x.requested_by} {format_local(x.requested_at)}",
            x.state.label,
            _who(x.decided_by, x.decided_at, x.opinion),
            _who(x.used_by, x.used_at, None),
        ]
        for x in lines
    ]
    headers = ["登记号", "编号", "类别", "文件", "事由", "关联", "申请", "状态", "审批", "盖章"]
    print(table.render(headers, rows))
    return 0


def complaint_add(args: argparse.Namespace) -> int:
    received = parse_date(args.date, field="收到日期")
    project = parse_id(args.project, "项目编号") if args.project is not None else None
    ctx = open_context(args)
    complaint_id = complaints.record_complaint(
        ctx,
        login(ctx, args),
        compound=args.compound,
        channel=args.channel,
        received_on=received,
        resident=args.resident,
        content=args.content,
        project_id=project,
    )
    print(complaint_id)
    return 0


def complaint_answer(args: argparse.Namespace) -> int:
    complaint_id = parse_id(args.id, "投诉建议编号")
    day = parse_date(args.date, field="答复日期") if args.date is not None else local_today()
    ctx = open_context(args)
    complaints.answer_complaint(
        ctx, login(ctx, args), complaint_id, answer=args.answer, answered_on=day
    )
    print(f"投诉建议 #{complaint_id} 已于 {day} 答复")
    return 0


def complaint_list(args: argparse.Namespace) -> int:
    month = Month.parse(args.month) if args.month is not None else None
    views = complaints.list_complaints(
        open_context(args), args.compound, month=month, unanswered=args.unanswered
    )
    if args.json:
        return _dump([v.as_json() for v in views])
    rows = [
        [
            f"#{v.id}",
            str(v.received_on),
            v.channel.label,
            v.resident,
            v.content[:30],
            v.state_label,
            f"{v.answered_by} {v.answered_on}：{(v.answer or '')[:30]}" if v.answered else "",
        ]
        for v in views
    ]
    print(table.render(["编号", "收到日期", "渠道", "反映人", "内容", "状态", "答复"], rows))
    return 0


def _who(name: str | None, at: dt.datetime | None, opinion: str | None) -> str:
    if name is None or at is None:
        return ""
    text = f"{name} {format_local(at)}"
    return f"{text}：{opinion}" if opinion else text


def _dump(data: list[dict[str, Any]]) -> int:
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0
