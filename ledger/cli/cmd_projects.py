"""`project …` and `pay …`: every step of a project from the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ledger.cli.project_handlers import (
    accept,
    choose,
    close,
    gate,
    object_,
    pay_cmd,
    propose,
    publish,
    quote,
    reject,
    resolve,
    review,
    show,
    start,
    verify,
    vote,
    withdraw,
)
from ledger.cli.project_handlers import list_ as list_projects
from ledger.services import project_notice

Handler = Callable[[argparse.Namespace], int]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "project",
        help="项目：群众点题→验证→审查→比价→表决→把关→公示→实施→验收→结项",
        parents=[common],
    )
    ps = p.add_subparsers(dest="action", required=True, metavar="动作")

    def add(
        name: str, help_text: str, func: Handler, *, pid: bool = True, dated: bool = True
    ) -> argparse.ArgumentParser:
        q: argparse.ArgumentParser = ps.add_parser(name, help=help_text, parents=[common])
        if pid:
            q.add_argument("id", help="项目编号")
        if dated:  # steps recorded as of today have no --date
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
    q = add("resolve", "处理异议（id 为异议编号，按今天登记）", resolve, dated=False)
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
    q = add("reject", "否决（按今天登记）", reject, dated=False)
    q.add_argument("--reason", required=True)
    q = add("withdraw", "撤回（按今天登记）", withdraw, dated=False)
    q.add_argument("--reason", required=True)
    q = ps.add_parser("show", help="查看项目全过程", parents=[common])
    q.add_argument("id", help="项目编号")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=show)
    q = ps.add_parser("list", help="项目台账", parents=[common])
    q.add_argument("--compound", required=True)
    q.add_argument("--state", help="只看某状态")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=list_projects)

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
