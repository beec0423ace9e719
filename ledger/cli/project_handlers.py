"""Handlers of the `project …` and `pay …` commands: parse the arguments, call a service,
print what happened."""

from __future__ import annotations

import argparse
import datetime as dt
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


def _day(args: argparse.Namespace) -> dt.date | None:
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
