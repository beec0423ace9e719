"""The demo's projects, each walked through the residents' process by the real services.

The article's four (迎宾花苑 and 香榭雅居 water mains and 冠农小区's market as large projects
with owners' assembly votes; 汇景台's ¥4,000 lift repair as a small one) run to the end;
three more stand at other stages at the end of the demo: one in its notice period, one held
by an objection, one rejected by the committee's vote. Dates of the unfinished ones are
counted back from the demo's last day, so they are "now" whatever `--until` says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ledger.domain.tally import AssemblyTally

D = dt.date


@dataclass(frozen=True)
class CommitteeVote:
    members: int
    present: int
    votes_for: int
    against: int
    abstain: int


@dataclass(frozen=True)
class Payment:
    day: dt.date
    percent: int  # of the budget; the last payment takes the rest
    label: str


@dataclass(frozen=True)
class Objection:
    day: dt.date
    resident: str
    content: str
    resolved: dt.date | None = None
    answer: str = ""


@dataclass(frozen=True)
class DemoProject:
    compound: str
    title: str
    need: str
    proposer: str
    proposer_kind: str
    households: int
    estimate_fen: int
    quotes: tuple[tuple[str, int], ...]
    chosen: int
    reason: str | None
    vote: CommitteeVote | AssemblyTally
    timeline: dict[str, dt.date]  # step → day: proposed … closed; missing steps are not reached
    payments: tuple[Payment, ...] = ()
    objection: Objection | None = None
    verify_method: str = "door_to_door"
    evidence: str = ""


def _water_assembly(owners: int, area_m2: int) -> AssemblyTally:
    voted = owners * 3 // 4
    area_voted = area_m2 * 100 * 4 // 5
    yes = voted * 9 // 10
    return AssemblyTally(
        owners_total=owners,
        area_total=area_m2 * 100,
        owners_voted=voted,
        area_voted=area_voted,
        owners_for=yes,
        area_for=area_voted * 9 // 10,
        owners_against=voted - yes - 3,
        owners_abstain=3,
    )


def _timeline(
    start: dt.date, *, days: tuple[int, ...], names: tuple[str, ...]
) -> dict[str, dt.date]:
    return {n: start + dt.timedelta(days=d) for n, d in zip(names, days, strict=True)}


STEPS = (
    "proposed",
    "verified",
    "reviewed",
    "quoted",
    "chosen",
    "voted",
    "gated",
    "published",
    "started",
    "accepted",
    "closed",
)
SMALL_STEPS = tuple(s for s in STEPS if s != "gated")

ARTICLE: tuple[DemoProject, ...] = (
    DemoProject(
        "迎宾花苑",
        "供水管网改造工程",
        "小区供水管网老化，冬季多次爆管停水，低层住户水压不足",
        "杨文军（党员、3号楼楼栋长）",
        "party_member",
        1120,
        24_000_000,
        (
            ("库尔勒市宏源给排水工程有限公司", 23_650_000),
            ("新疆水利安装工程有限公司", 24_800_000),
            ("巴州恒通管道工程有限公司", 25_300_000),
        ),
        0,
        None,
        _water_assembly(1120, 112_000),
        _timeline(D(2023, 5, 8), days=(0, 10, 24, 33, 40, 61, 65, 67, 78, 580, 585), names=STEPS),
        (
            Payment(D(2023, 8, 15), 30, "首期款"),
            Payment(D(2023, 11, 20), 60, "竣工款"),
            Payment(D(2024, 11, 20), 10, "质保金"),
        ),
        evidence="入户走访 420 户，398 户反映停水、水压不足",
    ),
    DemoProject(
        "香榭雅居",
        "供水主管道更换工程",
        "主管道锈蚀渗漏，530 户用水受影响",
        "刘桂香（居民代表）",
        "resident",
        530,
        26_000_000,
        (
            ("新疆天诚管道安装有限公司", 25_680_000),
            ("库尔勒市安源水务工程有限公司", 24_950_000),
            ("巴州建工集团有限公司", 26_400_000),
        ),
        0,
        "安源水务无市政供水管网施工资质，不予选择",
        _water_assembly(530, 53_000),
        _timeline(D(2023, 2, 20), days=(0, 8, 20, 30, 38, 57, 61, 63, 75, 575, 580), names=STEPS),
        (
            Payment(D(2023, 5, 18), 30, "首期款"),
            Payment(D(2023, 9, 12), 60, "竣工款"),
            Payment(D(2024, 9, 12), 10, "质保金"),
        ),
        verify_method="online",
        evidence="线上问卷 386 户参与，371 户同意更换",
    ),
    DemoProject(
        "冠农小区",
        "便民农贸市场改造工程",
        "占道摆摊影响通行，居民希望规范集中的便民市场",
        "阿不都热合曼（楼栋长）",
        "building_head",
        860,
        21_000_000,
        (
            ("库尔勒市安居建筑工程有限公司", 20_800_000),
            ("巴州城建装饰工程有限公司", 21_600_000),
            ("新疆广厦建设有限公司", 22_100_000),
        ),
        0,
        None,
        _water_assembly(860, 86_000),
        _timeline(D(2024, 1, 15), days=(0, 9, 21, 30, 38, 60, 64, 66, 78, 590, 596), names=STEPS),
        (
            Payment(D(2024, 4, 16), 40, "首期款"),
            Payment(D(2024, 8, 22), 50, "竣工款"),
            Payment(D(2025, 8, 22), 10, "质保金"),
        ),
        verify_method="meeting",
        evidence="居民议事会 46 人到会，一致同意改造",
    ),
    DemoProject(
        "汇景台小区",
        "电梯维修（更换曳引钢丝绳）",
        "2 号楼电梯钢丝绳磨损，多次困人",
        "周淑芬（居民）",
        "resident",
        180,
        400_000,
        (("新疆迅达电梯维保站", 400_000),),
        0,
        None,
        CommitteeVote(5, 5, 5, 0, 0),
        _timeline(D(2024, 5, 20), days=(0, 3, 6, 8, 9, 10, 12, 20, 30, 34), names=SMALL_STEPS[:10]),
        (Payment(D(2024, 6, 18), 100, "维修款"),),
        evidence="走访 2 号楼 60 户",
    ),
)


def current(today: dt.date) -> tuple[DemoProject, ...]:
    """Projects still on their way on the demo's last day."""

    def back(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    return (
        DemoProject(
            "迎宾花苑",
            "地下车库照明改造",
            "车库照明损坏过半，夜间行车不安全",
            "陈建华（党员）",
            "party_member",
            1120,
            1_900_000,
            (
                ("库尔勒市光明电器工程部", 1_860_000),
                ("巴州亮化工程有限公司", 1_990_000),
                ("新疆照明科技有限公司", 2_050_000),
            ),
            0,
            None,
            CommitteeVote(7, 6, 6, 0, 0),
            {
                "proposed": back(30),
                "verified": back(25),
                "reviewed": back(20),
                "quoted": back(14),
                "chosen": back(12),
                "voted": back(8),
                "published": back(3),
            },
            verify_method="phone",
            evidence="电话询问 80 户，76 户支持",
        ),
        DemoProject(
            "香榭雅居",
            "小区大门道闸更换",
            "道闸老化频繁抬杆失灵，外来车辆随意进出",
            "孙德胜（楼栋长）",
            "building_head",
            530,
            3_300_000,
            (
                ("巴州智联停车设备有限公司", 3_200_000),
                ("库尔勒市安通科技有限公司", 3_350_000),
                ("新疆捷顺智能科技有限公司", 3_480_000),
            ),
            0,
            None,
            CommitteeVote(5, 5, 4, 1, 0),
            {
                "proposed": back(40),
                "verified": back(34),
                "reviewed": back(28),
                "quoted": back(20),
                "chosen": back(18),
                "voted": back(12),
                "published": back(6),
            },
            objection=Objection(back(4), "8栋 钱先生", "道闸供应商与物业经理有亲属关系，请核实"),
            evidence="入户走访 120 户",
        ),
        DemoProject(
            "冠农小区",
            "中心广场加装健身器材",
            "老年居民希望增加健身器材",
            "马秀英（居民）",
            "resident",
            860,
            1_200_000,
            (
                ("新疆体育器材有限公司", 1_180_000),
                ("巴州康体设备经营部", 1_230_000),
                ("库尔勒市全民健身器材厂", 1_260_000),
            ),
            0,
            None,
            CommitteeVote(5, 5, 2, 3, 0),
            {
                "proposed": back(50),
                "verified": back(44),
                "reviewed": back(38),
                "quoted": back(30),
                "chosen": back(28),
                "voted": back(21),
            },
            evidence="线上问卷 150 户参与，意见分歧较大",
        ),
    )
