"""What the demo street looks like: communities, compounds, people and their money patterns.

Amounts follow the article (reference/000_…txt): parking collected by the property company
with a 30% cost share, lift and gate advertising, quarterly base-station rent, stall fees, and
the projects paid from each compound's account live in `projects.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

STREET = "迎宾街道"


@dataclass(frozen=True)
class Income:
    category: str
    low_yuan: int
    high_yuan: int
    every_months: int = 1  # 3 = quarterly (paid in the quarter's last month)
    day: int = 5
    memo: str = ""


@dataclass(frozen=True)
class Person:
    user: str
    name: str
    role: str


@dataclass(frozen=True)
class DemoCompound:
    name: str
    community: str
    opened_on: dt.date
    households: int
    bank_account_no: str
    incomes: tuple[Income, ...]
    people: tuple[Person, ...]
    opening_fen: int = 0  # balance carried over from paper books
    extra: dict[str, str] = field(default_factory=dict)


COMMUNITIES = {
    "迎宾社区": ("马建国", "yb_shequ"),
    "冠农社区": ("阿依古丽", "gn_shequ"),
}

COMPOUNDS: tuple[DemoCompound, ...] = (
    DemoCompound(
        name="迎宾花苑",
        community="迎宾社区",
        opened_on=dt.date(2021, 12, 22),
        households=1120,
        bank_account_no="6222 0296 1100 4471 021",
        incomes=(
            Income("parking", 16000, 20000, memo="停车费"),
            Income("advertising", 2400, 3200, day=8, memo="电梯及道闸广告"),
            Income("base_station", 7500, 7500, every_months=3, day=20, memo="通信基站租金"),
            Income("venue_rent", 1200, 1200, day=12, memo="闲置用房租金"),
        ),
        people=(
            Person("ybhy_cn", "李秀兰", "treasurer"),
            Person("ybhy_zr", "张卫东", "committee"),
            Person("ybhy_wy", "刘芳", "committee"),
            Person("ybhy_jd", "赵德明", "supervisor"),
        ),
    ),
    DemoCompound(
        name="香榭雅居",
        community="迎宾社区",
        opened_on=dt.date(2022, 3, 15),
        households=530,
        bank_account_no="6222 0296 1100 5832 113",
        opening_fen=15000000,
        incomes=(
            Income("parking", 9000, 11000, memo="停车费"),
            Income("advertising", 1500, 1800, day=8, memo="电梯广告"),
            Income("base_station", 6000, 6000, every_months=3, day=20, memo="通信基站租金"),
        ),
        people=(
            Person("xxyj_cn", "王桂芝", "treasurer"),
            Person("xxyj_zr", "陈国强", "committee"),
            Person("xxyj_wy", "孙丽", "committee"),
            Person("xxyj_jd", "周建华", "supervisor"),
        ),
    ),
    DemoCompound(
        name="冠农小区",
        community="冠农社区",
        opened_on=dt.date(2022, 7, 1),
        households=860,
        bank_account_no="6222 0296 1100 6905 207",
        incomes=(
            Income("parking", 8000, 10000, memo="停车费"),
            Income("stall", 3000, 4500, day=10, memo="便民市场摊位费"),
            Income("advertising", 1200, 1500, day=8, memo="道闸广告"),
        ),
        people=(
            Person("gnxq_cn", "古丽娜", "treasurer"),
            Person("gnxq_zr", "吐尔逊", "committee"),
            Person("gnxq_wy", "杨春梅", "committee"),
            Person("gnxq_jd", "何志刚", "supervisor"),
        ),
    ),
    DemoCompound(
        name="汇景台小区",
        community="冠农社区",
        opened_on=dt.date(2023, 4, 10),
        households=180,
        bank_account_no="6222 0296 1100 7710 339",
        incomes=(
            Income("parking", 2500, 3200, memo="停车费"),
            Income("advertising", 600, 800, day=8, memo="电梯广告"),
            Income("facility", 300, 500, day=15, memo="充电桩、快递柜场地使用费"),
        ),
        people=(
            Person("hjt_cn", "马玉梅", "treasurer"),
            Person("hjt_zr", "艾尔肯", "committee"),
            Person("hjt_wy", "郑红", "committee"),
            Person("hjt_jd", "韩立军", "supervisor"),
        ),
    ),
)

STREET_PEOPLE = (
    Person("admin", "街道管理员 黄海涛", "street"),
    Person("auditor", "审计 林静", "auditor"),
)
