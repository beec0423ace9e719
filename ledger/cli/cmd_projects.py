"""`project …` and `pay …`: every step of a project from the command line."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from ledger.cli import table
from ledger.cli.inputs import parse_id
from ledger.cli.runtime import login, open_context
from ledger.domain.errors import InvalidInput
from ledger.domain.money import format_fen, parse_fen
from ledger.domain.period import parse_date
from ledger.domain.tally import AssemblyTally
from ledger.services import project_notice, project_payments, project_votes, projects
from ledger.services.project_views import project_list, project_view

Handler = Callable[[argparse.Namespace], int]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "project",
        help="项目：群众点题→验证→审查→比价→表决→把关→公示→实施→验收→结项",
        parents=[common],
    )
    ps = p.add_subparsers(dest="action", required=True, metavar="动作")

    def add(
        name: str, help_text: str, func: Handler, *, pid: bool = True
    ) -> argparse.ArgumentParser:
        q: argparse.ArgumentParser = ps.add_parser(name, help=help_text, parents=[common])
        if pid:
            q.add_argument("id", help="项目编号")
        q.add_argument("--date", help="日期 YYYY-MM-DD（默认今天）")
        q.set_defaults(func=func)
        return q

    q = add("propose", "登记群众点题（立项提议）", propose, pid=False)
    q.add_argument("--compound", required=True, help="小区名称")
    q.add_argument("--title", required=True, help="项目名称")
    q.add_argument("--need", required=True, help="需求说明")
    q.add_argument("--proposer", required=True, help="提议人姓名")
    q.add_argument(
        "--proposer-kind",
        default="resident",
        help="party_member 党员 | building_head 楼栋长 | resident 居民",
    )
    q.add_argument("--estimate", required=True, help="预算估算金额")
    q.add_argument("--households", default="0", help="受益户数")
    q.add_argument(
        "--special",
        action="store_true",
        help="属民法典第二百七十八条第六至八项事项（需四分之三以上同意）",
    )
    q = add("verify", "登记需求验证", verify)
    q.add_argument(
        "--method",
        required=True,
        help="door_to_door 入户 | phone 电话 | online 线上 | meeting 议事会",
    )
    q.add_argument("--evidence", required=True, help="验证情况")
    q = add("review", "登记合法性审查意见（不通过则否决）", review)
    q.add_argument("--reviewer", required=True, help="审查机构，如 司法所、律师事务所")
    q.add_argument("--opinion", required=True, help="审查意见")
    q.add_argument("--fail", action="store_true", help="审查不通过")
    q = add("quote", "登记一家报价", quote)
    q.add_argument("--vendor", required=True, help="供应商")
    q.add_argument("--amount", required=True, help="报价金额")
    q.add_argument("--document", required=True, help="报价文件编号或名称")
    q = add("choose", "选定供应商（不是最低价须写理由）", choose)
    q.add_argument("--quote", required=True, help="报价编号")
    q.add_argument("--reason", help="选择理由")
    q = add("vote", "登记表决结果（业委会或业主大会）", vote)
    q.add_argument(
        "--body",
        required=True,
        choices=["committee", "assembly"],
        help="committee 业委会 | assembly 业主大会",
    )
    for flag, text in [
        ("--members", "在任委员人数"),
        ("--present", "出席人数"),
        ("--for", "赞成票"),
        ("--against", "反对票"),
        ("--abstain", "弃权票"),
        ("--owners-total", "业主总人数"),
        ("--owners-voted", "参与表决人数"),
        ("--area-total", "专有部分总面积（平方米）"),
        ("--area-voted", "参与表决面积（平方米）"),
        ("--area-for", "赞成面积（平方米）"),
    ]:
        q.add_argument(flag, help=text)
    q = add("approve", "社区党委把关（重大事项）", gate)
    q.add_argument("--opinion", required=True, help="把关意见")
    q.add_argument("--refuse", action="store_true", help="不同意（项目终止）")
    add("publish", "发布立项公示（须已审批用印）", publish)
    q = add("object", "登记公示期内的异议", object_)
    q.add_argument("--resident", required=True, help="异议人")
    q.add_argument("--content", required=True, help="异议内容")
    q = add("resolve", "处理异议（id 为异议编号）", resolve)
    q.add_argument(
        "--outcome",
        required=True,
        choices=sorted(project_notice.OUTCOMES),
        help="dismissed 驳回 | revote 重新表决 | reject 终止",
    )
    q.add_argument("--answer", required=True, help="书面答复")
    add("start", "公示期满后开工实施", start)
    q = add("accept", "验收", accept)
    q.add_argument("--result", required=True, help="验收结论")
    q.add_argument("--by", required=True, help="验收人（可多人）")
    add("close", "结项（决算＝已付金额）", close)
    q = add("reject", "否决", reject)
    q.add_argument("--reason", required=True)
    q = add("withdraw", "撤回", withdraw)
    q.add_argument("--reason", required=True)
    q = ps.add_parser("show", help="查看项目全过程", parents=[common])
    q.add_argument("id", help="项目编号")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=show)
    q = ps.add_parser("list", help="项目台账", parents=[common])
    q.add_argument("--compound", required=True)
    q.add_argument("--state", help="只看某状态")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=list_)

    pay = sub.add_parser(
        "pay",
        help="项目付款草稿（只能付给实施中的项目）；pay approve 为社区把关大额付款",
        parents=[common],
    )
    pay.add_argument("verb", nargs="?", choices=["approve"], help="approve：社区党委把关大额付款")
    pay.add_argument("draft", nargs="?", help="（approve 时）付款草稿编号")
    pay.add_argument("--project", help="项目编号")
    pay.add_argument("--amount", help="付款金额")
    pay.add_argument("--payee", help="收款人")
    pay.add_argument("--date", help="付款日期 YYYY-MM-DD")
    pay.add_argument("--memo", help="摘要")
    pay.add_argument("--opinion", help="（approve 时）把关意见")
    pay.set_defaults(func=pay_cmd)


def _day(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    return parse_date(args.date) if args.date is not None else None


def _pid(args: argparse.Namespace) -> int:
    return parse_id(args.id, "项目编号")


def _count(text: str | None, what: str) -> int:
    if text is None or not text.strip().isdigit():
        raise InvalidInput(f"{what}「{text or ''}」应为非负整数")
    return int(text)


def _area(text: str | None, what: str) -> int:
    """Square metres with up to two decimals → integer hundredths of m²."""
    if text is None:
        raise InvalidInput(f"缺少{what}")
    return parse_fen(text, field=what)


def _run(
    args: argparse.Namespace, act: Callable[..., object], *call: object, **kw: object
) -> object:
    ctx = open_context(args)
    return act(ctx, login(ctx, args), *call, **kw)


def propose(args: argparse.Namespace) -> int:
    estimate = parse_fen(args.estimate, field="预算估算", allow_zero=False)
    pid = _run(
        args,
        projects.propose,
        compound=args.compound,
        title=args.title,
        need=args.need,
        proposer=args.proposer,
        proposer_kind=args.proposer_kind,
        estimate_fen=estimate,
        households=_count(args.households, "受益户数"),
        special=args.special,
        on_date=_day(args),
    )
    print(pid)
    return 0


def verify(args: argparse.Namespace) -> int:
    _run(
        args,
        projects.verify_need,
        _pid(args),
        method=args.method,
        evidence=args.evidence,
        on_date=_day(args),
    )
    print("已登记需求验证")
    return 0


def review(args: argparse.Namespace) -> int:
    _run(
        args,
        projects.legal_review,
        _pid(args),
        reviewer=args.reviewer,
        opinion=args.opinion,
        passed=not args.fail,
        on_date=_day(args),
    )
    print("已登记审查意见" + ("（不通过，项目已否决）" if args.fail else ""))
    return 0


def quote(args: argparse.Namespace) -> int:
    amount = parse_fen(args.amount, field="报价金额", allow_zero=False)
    print(
        _run(
            args,
            projects.add_quote,
            _pid(args),
            vendor=args.vendor,
            amount_fen=amount,
            document=args.document,
            on_date=_day(args),
        )
    )
    return 0


def choose(args: argparse.Namespace) -> int:
    _run(
        args,
        projects.choose_quote,
        _pid(args),
        parse_id(args.quote, "报价编号"),
        reason=args.reason,
        on_date=_day(args),
    )
    print("已选定供应商")
    return 0


def vote(args: argparse.Namespace) -> int:
    pid = _pid(args)
    if args.body == "committee":
        passed = _run(
            args,
            project_votes.committee_vote,
            pid,
            members=_count(args.members, "在任委员人数"),
            present=_count(args.present, "出席人数"),
            votes_for=_count(getattr(args, "for"), "赞成票"),
            against=_count(args.against, "反对票"),
            abstain=_count(args.abstain, "弃权票"),
            held_on=_day(args),
        )
    else:
        voted = _count(args.owners_voted, "参与表决人数")
        yes = _count(getattr(args, "for"), "赞成人数")
        against = _count(args.against or "0", "反对人数")
        tally = AssemblyTally(
            owners_total=_count(args.owners_total, "业主总人数"),
            area_total=_area(args.area_total, "专有部分总面积"),
            owners_voted=voted,
            area_voted=_area(args.area_voted, "参与表决面积"),
            owners_for=yes,
            area_for=_area(args.area_for, "赞成面积"),
            owners_against=against,
            owners_abstain=_count(args.abstain or str(max(0, voted - yes - against)), "弃权人数"),
        )
        passed = _run(args, project_votes.assembly_vote, pid, tally=tally, held_on=_day(args))
    view = project_view(open_context(args), pid)
    print(view.votes[-1]["result"]["summary"])
    del passed  # a vote that fails is recorded as such (the project is rejected), not an error
    return 0


def gate(args: argparse.Namespace) -> int:
    _run(
        args,
        projects.gate,
        _pid(args),
        approve=not args.refuse,
        opinion=args.opinion,
        on_date=_day(args),
    )
    print("已登记社区把关意见")
    return 0


def publish(args: argparse.Namespace) -> int:
    end = _run(args, project_notice.publish, _pid(args), start=_day(args))
    print(f"已公示，公示期至 {end}")
    return 0


def object_(args: argparse.Namespace) -> int:
    print(
        _run(
            args,
            project_notice.file_objection,
            _pid(args),
            resident=args.resident,
            content=args.content,
            filed_on=_day(args),
        )
    )
    return 0


def resolve(args: argparse.Namespace) -> int:
    _run(
        args,
        project_notice.resolve_objection,
        parse_id(args.id, "异议编号"),
        outcome=args.outcome,
        answer=args.answer,
    )
    print("已处理异议")
    return 0


def start(args: argparse.Namespace) -> int:
    _run(args, project_notice.start_work, _pid(args), on_date=_day(args))
    print("已开工实施，可以付款")
    return 0


def accept(args: argparse.Namespace) -> int:
    _run(
        args,
        projects.accept,
        _pid(args),
        result=args.result,
        accepted_by=args.by,
        on_date=_day(args),
    )
    print("已验收")
    return 0


def close(args: argparse.Namespace) -> int:
    paid = _run(args, projects.close, _pid(args), on_date=_day(args))
    print(f"已结项，决算 {format_fen(int(paid))}")  # type: ignore[call-overload]
    return 0


def reject(args: argparse.Namespace) -> int:
    _run(args, projects.reject, _pid(args), reason=args.reason)
    print("项目已否决")
    return 0


def withdraw(args: argparse.Namespace) -> int:
    _run(args, projects.withdraw, _pid(args), reason=args.reason)
    print("项目已撤回")
    return 0


def show(args: argparse.Namespace) -> int:
    view = project_view(open_context(args), _pid(args))
    if args.json:
        print(json.dumps(view.as_json(), ensure_ascii=False, indent=2))
        return 0
    ln = view.line
    print(f"项目 #{ln.id} {ln.title}（{ln.compound}，{ln.tier_label}项目）  状态：{ln.state_label}")
    print(f"需求：{view.need}\n提议人：{view.proposer}  预算估算 {format_fen(ln.estimate_fen)}")
    if ln.budget_fen is not None:
        print(
            f"批准预算 {format_fen(ln.budget_fen)}  已付 {format_fen(ln.paid_fen)}  余 {format_fen(ln.remaining_fen)}"
        )
    if ln.notice_start:
        print(f"公示期 {ln.notice_start} 至 {ln.notice_end}")
    print(
        table.render(
            ["#", "步骤", "日期", "经办", "依据"],
            [
                [str(s.seq), s.action_label, str(s.on_date), s.by, s.evidence[:40]]
                for s in view.steps
            ],
        )
    )
    return 0


def list_(args: argparse.Namespace) -> int:
    rows = project_list(open_context(args), args.compound, state=args.state)
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    print(
        table.render(
            ["编号", "项目", "类别", "状态", "批准预算", "已付"],
            [
                [
                    str(r.id),
                    r.title,
                    r.tier_label,
                    r.state_label,
                    format_fen(r.budget_fen) if r.budget_fen is not None else "",
                    format_fen(r.paid_fen),
                ]
                for r in rows
            ],
            numeric=[4, 5],
        )
    )
    return 0


def pay_cmd(args: argparse.Namespace) -> int:
    if args.verb == "approve":
        if not args.draft or not args.opinion:
            raise InvalidInput("pay approve 需要付款草稿编号和 --opinion 把关意见")
        _run(
            args,
            project_payments.gate_payment,
            parse_id(args.draft, "草稿编号"),
            opinion=args.opinion,
        )
        print("已把关同意，可审核过账")
        return 0
    missing = [n for n in ("project", "amount", "payee", "date") if getattr(args, n) is None]
    if missing:
        raise InvalidInput("付款缺少参数：" + "、".join(f"--{m}" for m in missing))
    amount = parse_fen(args.amount, field="付款金额", allow_zero=False)
    draft = _run(
        args,
        project_payments.pay,
        project_id=parse_id(args.project, "项目编号"),
        amount_fen=amount,
        payee=args.payee,
        date=parse_date(args.date, field="付款日期"),
        memo=args.memo,
    )
    print(draft)
    return 0
