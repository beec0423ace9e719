"""The demo's complaints and suggestions: what residents ask about public money, and the
answers the committee gives; the newest one may still be waiting for its answer."""

from __future__ import annotations

import datetime as dt

from ledger.domain.period import Month
from ledger.services import complaints
from ledger.services.context import Actor, Context

ASKED = (
    (
        "hotline",
        "1号楼 住户",
        "停车费每月收多少、物业扣了多少，能否在公示里写清楚？",
        "已在月度公示中分列总收入、物业合理成本和净收入，欢迎到物业服务中心查阅凭证。",
    ),
    (
        "box",
        "匿名",
        "电梯广告的钱去哪了？",
        "电梯广告收入全部进入公共收益专户，明细见每月公示第二部分。",
    ),
    (
        "visit",
        "5号楼 王女士",
        "建议用公共收益给单元门加装防夹手装置。",
        "已作为群众点题登记，业委会将入户征求意见。",
    ),
    (
        "online",
        "12号楼 住户",
        "基站租金是否按合同按时到账？",
        "基站租金按季度支付，已核对到账，见银行流水。",
    ),
)
EVERY_MONTHS = 4
ASK_DAY, ANSWER_DAY = 12, 18


def complaints_in(month: Month) -> bool:
    return month.month % EVERY_MONTHS == 2


def record(ctx: Context, compound: str, month: Month, day: dt.date, *, by: Actor) -> int:
    channel, resident, content, _ = ASKED[
        (month.year * 12 + month.month) // EVERY_MONTHS % len(ASKED)
    ]
    return complaints.record_complaint(
        ctx,
        by,
        compound=compound,
        channel=channel,
        received_on=day,
        resident=resident,
        content=content,
    )


def answer(ctx: Context, complaint_id: int, month: Month, day: dt.date, *, by: Actor) -> None:
    text = ASKED[(month.year * 12 + month.month) // EVERY_MONTHS % len(ASKED)][3]
    complaints.answer_complaint(ctx, by, complaint_id, answer=text, answered_on=day)
