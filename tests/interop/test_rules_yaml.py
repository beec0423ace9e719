"""rules.yaml: the shipped file loads, overrides stay in their compound, and every kind of
mistake a street office could make is reported with its path (and line), all at once."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.account import AccountKind, AccountRole, Side
from ledger.domain.errors import Problem, RulesInvalid, UnknownAccount
from ledger.domain.rules import Frequency, RuleBook, UnknownCategory
from ledger.domain.vote_rules import ApprovalBase, Threshold, VoteBody
from ledger.interop.rules_yaml import load_rules, parse_rules

SHIPPED = Path(__file__).resolve().parents[2] / "rules.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")
CATEGORY_KEYS = (
    "parking",
    "advertising",
    "base_station",
    "venue_rent",
    "stall",
    "facility",
    "interest",
    "other",
)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules(SHIPPED)


def edited(*edits: tuple[str, str]) -> str:
    """The shipped text with each `old` replaced (once) by `new`; `old` must be there."""
    text = TEXT
    for old, new in edits:
        assert old in text, f"test edit does not apply: {old!r}"
        text = text.replace(old, new, 1)
    return text


def problems(text: str) -> tuple[Problem, ...]:
    with pytest.raises(RulesInvalid) as caught:
        parse_rules(text)
    assert caught.value.problems, "RulesInvalid without problems"
    return caught.value.problems


def path_of(problem: Problem) -> str:
    return re.sub(r"（第 \d+ 行）$|^第 \d+ 行$", "", problem.where)


def line_of(problem: Problem) -> int | None:
    found = re.search(r"第 (\d+) 行", problem.where)
    return int(found.group(1)) if found else None


def assert_reported(found: tuple[Problem, ...], path: str, message: str) -> Problem:
    for problem in found:
        if path_of(problem) == path and message in problem.message:
            return problem
    listing = "\n".join(map(str, found))
    raise AssertionError(f"no problem at {path!r} containing {message!r} in:\n{listing}")


def line_number(text: str, fragment: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(fragment, index + 1)
    return text.count("\n", 0, index) + 1


# --- the shipped file ------------------------------------------------------------------


def test_shipped_rules_load(book: RuleBook) -> None:
    rules = book.defaults
    assert book.version == 1
    assert tuple(c.key for c in rules.income_categories) == CATEGORY_KEYS
    assert rules.major_payment_limit_fen == 5_000_000
    assert rules.notice_days == rules.objection_days == 7
    assert rules.voucher_prefix == "记"
    assert rules.timezone == "Asia/Shanghai"
    assert rules.maintenance_fund.share_bp == 0 and not rules.maintenance_fund.enabled
    assert rules.category("parking").cost_share_bp == 3000
    assert rules.category("interest").cost_share_bp == 0
    assert [t.key for t in rules.project_tiers] == ["small", "medium", "large"]
    assert rules.project_tiers[-1].vote_body is VoteBody.ASSEMBLY
    assert rules.project_tiers[-1].community_approval


def test_roles_name_the_expected_accounts(book: RuleBook) -> None:
    rules = book.defaults
    expected = {
        AccountRole.BANK: "1002",
        AccountRole.RECEIVABLE_PROPERTY: "1122",
        AccountRole.SURPLUS: "3101",
        AccountRole.OPENING: "3103",
        AccountRole.COST_SHARE: "5102",
        AccountRole.MAINTENANCE_FUND: "5104",
        AccountRole.BANK_FEE: "5301",
        AccountRole.INTEREST: "4601",
    }
    assert {role: rules.account_by_role(role).code for role in AccountRole} == expected
    bank = rules.account("1002")
    assert bank.name == "银行存款-公共收益专户"
    assert bank.beancount == "Assets:Bank:PublicRevenue"
    assert not bank.may_go_negative
    assert bank.normal_side is Side.DEBIT
    assert rules.account("4301").kind is AccountKind.INCOME
    assert rules.account("4301").normal_side is Side.CREDIT


def test_every_category_account_is_income(book: RuleBook) -> None:
    rules = book.defaults
    for category in rules.income_categories:
        assert rules.account(category.account).kind is AccountKind.INCOME
        if category.receivable is not None:
            assert rules.account(category.receivable).kind is AccountKind.ASSET


def test_unknown_account_and_category_are_named(book: RuleBook) -> None:
    with pytest.raises(UnknownAccount, match="未知科目「9999」"):
        book.defaults.account("9999")
    with pytest.raises(UnknownCategory) as caught:
        book.defaults.category("parkin")
    assert "parkin" in caught.value.message
    assert all(key in caught.value.message for key in CATEGORY_KEYS)


def test_override_applies_only_to_its_compound(book: RuleBook) -> None:
    huijing = book.for_compound("汇景台小区")
    assert huijing.maintenance_fund.share_bp == 5000
    assert huijing.maintenance_fund.frequency is Frequency.QUARTERLY
    assert huijing.category("parking").cost_share_bp == 2000
    # the rest of the category and of the rules is inherited
    assert huijing.category("parking").account == "4301"
    assert huijing.category("parking").receivable == "1122"
    assert huijing.category("advertising").cost_share_bp == 3000
    assert huijing.notice_days == 7
    assert huijing.accounts == book.defaults.accounts
    other = book.for_compound("迎宾花苑")
    assert other is book.defaults
    assert other.maintenance_fund.share_bp == 0
    assert other.category("parking").cost_share_bp == 3000


def test_money_may_be_written_as_integer_fen() -> None:
    book = parse_rules(
        edited(('major_payment_limit: "50000.00"', "major_payment_limit_fen: 3000000"))
    )
    assert book.defaults.major_payment_limit_fen == 3_000_000


def test_compound_may_override_money_in_the_other_spelling() -> None:
    text = edited(("  汇景台小区:\n", "  汇景台小区:\n    major_payment_limit_fen: 2000000\n"))
    book = parse_rules(text)
    assert book.for_compound("汇景台小区").major_payment_limit_fen == 2_000_000
    assert book.defaults.major_payment_limit_fen == 5_000_000


def test_objection_days_defaults_to_the_compounds_own_notice_days() -> None:
    book = parse_rules(edited(("  汇景台小区:\n", "  汇景台小区:\n    notice_days: 10\n")))
    assert book.for_compound("汇景台小区").objection_days == 10
    assert book.defaults.objection_days == 7


# --- each kind of problem, with its path -------------------------------------------------

COMPOUND = "  汇景台小区:\n"
HUIJING = "compounds.汇景台小区"
ONE_TIER = """\
    project_tiers:
      - key: all
        name: 全部
        below: "1.00"
        quotes: 1
        vote_body: committee
        community_approval: false
        may_delegate_to_property: false
"""

CASES: list[tuple[str, tuple[tuple[str, str], ...], str, str]] = [
    (
        "unknown key",
        (("notice_days: 7", "notice_dayz: 7"),),
        "notice_dayz",
        "未知的键「notice_dayz」",
    ),
    ("missing key", (("notice_days: 7", "# no notice days"),), "", "缺少键「notice_days」"),
    ("bool is not int", (("notice_days: 7", "notice_days: true"),), "notice_days", "应为整数"),
    ("quoted int", (("notice_days: 7", 'notice_days: "7"'),), "notice_days", "请去掉引号"),
    ("int range", (("notice_days: 7", "notice_days: 0"),), "notice_days", "应为 1 到 365"),
    ("YAML octal int", (("notice_days: 7", "notice_days: 010"),), "notice_days", "会被读成 8"),
    ("leading zero", (("notice_days: 7", "notice_days: 08"),), "notice_days", "不要以 0 开头"),
    (
        "YAML sexagesimal int",
        (("cost_share_bp: 3000 ", "cost_share_bp: 20:00 "),),
        "income_categories.parking.cost_share_bp",
        "会被读成 1200",
    ),
    (
        "money as YAML float",
        (('major_payment_limit: "50000.00"', "major_payment_limit: 50000.00"),),
        "major_payment_limit",
        '金额请写成带引号的字符串，如 "50000.00"',
    ),
    (
        "money as YAML int",
        (('major_payment_limit: "50000.00"', "major_payment_limit: 50000"),),
        "major_payment_limit",
        "金额请写成带引号的字符串",
    ),
    (
        "money text not an amount",
        (('major_payment_limit: "50000.00"', 'major_payment_limit: "5万"'),),
        "major_payment_limit",
        "5万",
    ),
    (
        "money with three decimals",
        (('major_payment_limit: "50000.00"', 'major_payment_limit: "50000.001"'),),
        "major_payment_limit",
        "最多两位小数",
    ),
    (
        "money written twice",
        (
            (
                'major_payment_limit: "50000.00"',
                'major_payment_limit: "1.00"\nmajor_payment_limit_fen: 100',
            ),
        ),
        "major_payment_limit_fen",
        "只能写一个",
    ),
    (
        "money fen as float",
        (('major_payment_limit: "50000.00"', "major_payment_limit_fen: 5000000.0"),),
        "major_payment_limit_fen",
        "应为整数",
    ),
    (
        "bp out of range",
        (("payment_tolerance_bp: 0", "payment_tolerance_bp: 10001"),),
        "payment_tolerance_bp",
        "0 到 10000",
    ),
    (
        "bp as float",
        (("payment_tolerance_bp: 0", "payment_tolerance_bp: 0.5"),),
        "payment_tolerance_bp",
        "应为整数",
    ),
    (
        "day of month",
        (("property_transfer_day: 15", "property_transfer_day: 31"),),
        "property_transfer_day",
        "1 到 28",
    ),
    (
        "duplicate account code",
        (('code: "1123"', 'code: "1122"'),),
        "accounts[3].code",
        "科目代码重复「1122」",
    ),
    (
        "duplicate beancount name",
        (("beancount: Assets:Receivable:Other", "beancount: Assets:Receivable:PropertyCompany"),),
        "accounts[3].beancount",
        "beancount 科目名重复",
    ),
    (
        "beancount not ASCII",
        (("beancount: Income:Parking", "beancount: Income:停车"),),
        "accounts[9].beancount",
        "只能用英文字母",
    ),
    (
        "beancount component lowercase",
        (("beancount: Income:Parking", "beancount: Income:parking"),),
        "accounts[9].beancount",
        "每段以大写字母或数字开头",
    ),
    (
        "beancount single component",
        (("beancount: Income:Parking", "beancount: Income"),),
        "accounts[9].beancount",
        "至少两段",
    ),
    (
        "beancount wrong root for kind",
        (("beancount: Income:Parking", "beancount: Expenses:Parking"),),
        "accounts[9].beancount",
        "应以「Income:」开头",
    ),
    (
        "account code unquoted",
        (('code: "1001"', "code: 1001"),),
        "accounts[0].code",
        "科目代码请写成带引号的字符串",
    ),
    (
        "account code digit vs kind",
        (('code: "5202"', 'code: "4202"'),),
        "accounts[22].code",
        "应以 5 开头",
    ),
    (
        "unknown kind",
        (("    kind: asset\n", "    kind: assets\n"),),
        "accounts[0].kind",
        "应为 asset、liability",
    ),
    (
        "second bank account",
        (("beancount: Assets:Cash\n", "beancount: Assets:Cash\n    role: bank\n"),),
        "accounts[1].role",
        "用途（role）重复「bank」",
    ),
    ("no bank account", (("    role: bank\n", ""),), "accounts", "缺少用途（role）为「bank」"),
    ("unknown role", (("role: bank_fee", "role: fees"),), "accounts[23].role", "应为 bank、"),
    (
        "role of the wrong kind",
        (("role: interest", "role: bank_fee\n    # interest gone"),),
        "accounts[15].role",
        "应为费用类",
    ),
    (
        "bank may go negative",
        (("may_go_negative: false\n    role: bank", "may_go_negative: true\n    role: bank"),),
        "accounts[1].may_go_negative",
        "不得透支",
    ),
    (
        "category account not in chart",
        (('account: "4301"', 'account: "4399"'),),
        "income_categories.parking.account",
        "不在科目表",
    ),
    (
        "category account not income",
        (('account: "4301"', 'account: "1002"'),),
        "income_categories.parking.account",
        "不是收入类科目",
    ),
    (
        "two categories on one account",
        (('account: "4302"', 'account: "4301"'),),
        "income_categories.advertising.account",
        "已用于类别「parking」",
    ),
    (
        "receivable not an asset",
        (('receivable: "1122"', 'receivable: "4901"'),),
        "income_categories.parking.receivable",
        "不是资产类科目",
    ),
    (
        "category key shape",
        (("  venue_rent:", "  Venue-Rent:"),),
        "income_categories.Venue-Rent",
        "小写英文字母",
    ),
    (
        "tiers out of order",
        (('below: "50000.00"', 'below: "3000.00"'),),
        "project_tiers[1]",
        "从小到大",
    ),
    (
        "top tier bounded",
        (("below: null", 'below: "900000.00"'),),
        "project_tiers[2]",
        "最后一级应不设上限",
    ),
    (
        "middle tier unbounded",
        (('below: "50000.00"', "below: null"),),
        "project_tiers[1]",
        "只有最后一级",
    ),
    (
        "tier below missing",
        (('    below: "5000.00"\n', ""),),
        "project_tiers[0]",
        "缺少键「below」",
    ),
    (
        "tier vote body",
        (("vote_body: assembly", "vote_body: owners"),),
        "project_tiers[2].vote_body",
        "committee、assembly",
    ),
    (
        "fraction above one",
        (("area: {fraction: [2, 3]", "area: {fraction: [4, 3]"),),
        "votes.assembly.participation.area.fraction",
        "0 < 分子 ≤ 分母",
    ),
    (
        "fraction zero",
        (("owners: {fraction: [2, 3]", "owners: {fraction: [0, 3]"),),
        "votes.assembly.participation.owners.fraction",
        "0 < 分子 ≤ 分母",
    ),
    (
        "fraction not a pair",
        (("quorum: {fraction: [1, 2]", "quorum: {fraction: [1, 2, 3]"),),
        "votes.committee.quorum.fraction",
        "两个整数",
    ),
    (
        "fraction as float",
        (("quorum: {fraction: [1, 2]", "quorum: {fraction: 0.5"),),
        "votes.committee.quorum.fraction",
        "两个整数",
    ),
    (
        "unknown compare",
        (("compare: gt}", "compare: more}"),),
        "votes.committee.quorum.compare",
        "gt、gte",
    ),
    (
        "maintenance frequency",
        (("frequency: quarterly ", "frequency: weekly "),),
        "maintenance_fund.frequency",
        "monthly",
    ),
    ("timezone", (("timezone: Asia/Shanghai", "timezone: Asia/Korla"),), "timezone", "未知的时区"),
    (
        "hotline",
        (('hotline: "0996-2012345"', "hotline: 热线"),),
        "supervision.hotline",
        "只能包含数字",
    ),
    (
        "empty text",
        (("suggestion_box: 小区物业服务中心门口意见箱", 'suggestion_box: " "'),),
        "supervision.suggestion_box",
        "不能为空",
    ),
    (
        "voucher prefix",
        (("voucher_prefix: 记", "voucher_prefix: 记 账"),),
        "voucher_prefix",
        "不能含空格",
    ),
    (
        "objection longer than notice",
        (("notice_days: 7", "notice_days: 7\nobjection_days: 8"),),
        "objection_days",
        "不得长于公示期",
    ),
    ("version missing", (("version: 1\n", ""),), "", "缺少键「version」"),
    ("version unsupported", (("version: 1", "version: 2"),), "version", "不支持的版本 2"),
    ("version as text", (("version: 1", 'version: "1"'),), "version", "应为整数"),
    (
        "duplicate YAML key",
        (("notice_days: 7", "notice_days: 7\nnotice_days: 8"),),
        "notice_days",
        "键「notice_days」重复",
    ),
    ("YAML merge key", (("supervision:\n", "supervision:\n  <<: {}\n"),), "supervision", "合并键"),
    (
        "custom YAML tag",
        (("notice_days: 7", "notice_days: !!python/name:os.system 7"),),
        "notice_days",
        "不支持的 YAML 标记",
    ),
    # overrides, with the compound's path
    (
        "compound unknown key",
        ((COMPOUND, COMPOUND + "    notice_dayz: 5\n"),),
        f"{HUIJING}.notice_dayz",
        "未知的键「notice_dayz」",
    ),
    (
        "compound wrong type",
        ((COMPOUND, COMPOUND + "    notice_days: 七\n"),),
        f"{HUIJING}.notice_days",
        "应为整数",
    ),
    (
        "compound money float",
        ((COMPOUND, COMPOUND + "    major_payment_limit: 20000.00\n"),),
        f"{HUIJING}.major_payment_limit",
        "金额请写成带引号的字符串",
    ),
    (
        "compound street-only key",
        ((COMPOUND, COMPOUND + "    voucher_prefix: 收\n"),),
        f"{HUIJING}.voucher_prefix",
        "不能按小区覆盖",
    ),
    (
        "compound new category",
        ((COMPOUND, COMPOUND + "    income_categories:\n      pool: {cost_share_bp: 0}\n"),),
        f"{HUIJING}.income_categories.pool",
        "只能修改已有的类别",
    ),
    (
        "compound category bp",
        (("        cost_share_bp: 2000", "        cost_share_bp: 20000"),),
        f"{HUIJING}.income_categories.parking.cost_share_bp",
        "0 到 10000",
    ),
    (
        "compound category account",
        (("        cost_share_bp: 2000", '        account: "1002"'),),
        f"{HUIJING}.income_categories.parking.account",
        "不是收入类科目",
    ),
    (
        "compound maintenance bp",
        (("      share_bp: 5000", "      share_bp: 50%"),),
        f"{HUIJING}.maintenance_fund.share_bp",
        "应为整数",
    ),
    (
        "compound tiers",
        ((COMPOUND, COMPOUND + ONE_TIER),),
        f"{HUIJING}.project_tiers[0]",
        "最后一级应不设上限",
    ),
    (
        "compound threshold",
        (
            (
                COMPOUND,
                COMPOUND + "    votes:\n      committee:\n        quorum: {fraction: [3, 2]}\n",
            ),
        ),
        f"{HUIJING}.votes.committee.quorum.fraction",
        "0 < 分子 ≤ 分母",
    ),
    (
        "compound objection days",
        ((COMPOUND, COMPOUND + "    notice_days: 5\n    objection_days: 6\n"),),
        f"{HUIJING}.objection_days",
        "不得长于公示期（5 天）",
    ),
    (
        "compound notice shorter than street objection days",
        (
            ("notice_days: 7", "notice_days: 7\nobjection_days: 7"),
            (COMPOUND, COMPOUND + "    notice_days: 5\n"),
        ),
        f"{HUIJING}.notice_days",
        "公示期（5 天）不得短于受理异议的天数（7 天）",
    ),
    (
        "compound not a mapping",
        (("  汇景台小区:\n    # 示例", "  汇景台小区: 5000\n  其他小区:\n    # 示例"),),
        "compounds.汇景台小区",
        "应为映射",
    ),
]


@pytest.mark.parametrize(
    ("edits", "path", "message"),
    [pytest.param(e, p, m, id=name) for name, e, p, m in CASES],
)
def test_problem_is_reported_with_its_path(
    edits: tuple[tuple[str, str], ...], path: str, message: str
) -> None:
    assert_reported(problems(edited(*edits)), path, message)


def test_problem_names_its_line() -> None:
    text = edited(("notice_days: 7", "notice_days: 7\nnotice_days: 8"))
    found = assert_reported(problems(text), "notice_days", "重复")
    assert line_of(found) == line_number(text, "notice_days: 8")
    assert f"第 {line_number(text, 'notice_days: 7')} 行已有" in found.message


def test_compound_problem_names_its_line() -> None:
    text = edited((COMPOUND, COMPOUND + "    notice_dayz: 5\n"))
    found = assert_reported(problems(text), f"{HUIJING}.notice_dayz", "未知的键")
    assert line_of(found) == line_number(text, "notice_dayz: 5")


def test_street_problem_is_reported_once_although_each_compound_inherits_it() -> None:
    text = edited(
        ("notice_days: 7", "notice_days: 0"),
        ("compounds:\n", "compounds:\n  甲小区: {}\n  乙小区: {}\n"),
    )
    found = problems(text)
    assert [p for p in found if path_of(p) == "notice_days"] == [found[0]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "文件为空"),
        ("# 只有注释\n", "文件为空"),
        ("- version: 1\n", "顶层应为映射"),
        ("version: 1\naccounts: [\n", "不是有效的 YAML"),
        ("version: 1\n\tnotice_days: 7\n", "不是有效的 YAML"),
        ("version: 1\n---\nversion: 1\n", "不是有效的 YAML"),
    ],
)
def test_whole_file_problems(text: str, message: str) -> None:
    found = problems(text)
    assert any(message in p.message for p in found), found


def test_anchors_and_aliases_may_share_a_threshold() -> None:
    text = edited(
        (
            "    quorum: {fraction: [1, 2], compare: gt}",
            "    quorum: &half {fraction: [1, 2], compare: gt}",
        ),
        ("      area: {fraction: [1, 2], compare: gt}", "      area: *half"),
    )
    book = parse_rules(text)
    assert book.defaults.assembly_vote.ordinary.area == Threshold(1, 2, strict=True)


def test_recursive_alias_is_refused() -> None:
    assert_reported(
        problems(edited(("notice_days: 7", "notice_days: &x [*x]"))), "notice_days[0]", "递归"
    )


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"b{i}: &l{i + 1} [{', '.join([f'*l{i}'] * 10)}]" for i in range(8)]
    (found,) = problems("\n".join(lines) + "\n")
    assert "内容过多" in found.message


def test_yaml_syntax_error_names_its_line() -> None:
    text = "version: 1\nnotice_days: 7\nsupervision: {hotline: [\n"
    (found,) = problems(text)
    assert "不是有效的 YAML" in found.message
    line = line_of(found)
    assert line is not None and line >= 3


def test_several_problems_are_reported_at_once() -> None:
    text = edited(
        ("notice_days: 7", "notice_dayz: 7"),
        ('code: "1123"', 'code: "1122"'),
        ('major_payment_limit: "50000.00"', "major_payment_limit: 50000.00"),
        ("area: {fraction: [2, 3]", "area: {fraction: [4, 3]"),
        ("      share_bp: 5000", "      share_bp: 50000"),
    )
    with pytest.raises(RulesInvalid) as caught:
        parse_rules(text, source="街道规则.yaml")
    found = caught.value.problems
    assert_reported(found, "notice_dayz", "未知的键")
    assert_reported(found, "", "缺少键「notice_days」")
    assert_reported(found, "accounts[3].code", "科目代码重复")
    assert_reported(found, "major_payment_limit", "金额请写成带引号的字符串")
    assert_reported(found, "votes.assembly.participation.area.fraction", "分子")
    assert_reported(found, f"{HUIJING}.maintenance_fund.share_bp", "0 到 10000")
    assert caught.value.message.startswith(f"街道规则.yaml 有 {len(found)} 处错误")
    lines = [line_of(p) or 0 for p in found]
    assert lines == sorted(lines), "problems are listed in file order"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RulesInvalid) as caught:
        load_rules(tmp_path / "rules.yaml")
    assert "找不到规则文件" in caught.value.problems[0].message


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(RulesInvalid) as caught:
        load_rules(tmp_path)  # a directory
    assert "无法读取规则文件" in caught.value.problems[0].message


def test_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_bytes("version: 1\nnotice_days: 7\nsupervision: 意见箱\n".encode("gbk"))
    with pytest.raises(RulesInvalid) as caught:
        load_rules(path)
    (found,) = caught.value.problems
    assert "UTF-8" in found.message and found.where == "第 3 行"


# --- thresholds and tiers -------------------------------------------------------------


def test_two_thirds_at_least_is_exact_at_the_boundary() -> None:
    two_thirds = Threshold(2, 3, strict=False)
    assert two_thirds.met(2, 3)
    assert two_thirds.met(2000, 3000)
    assert not two_thirds.met(1999, 3000)
    assert two_thirds.met(200_000_001, 300_000_000)  # 6666.67 m² of 10000 m², in 0.0001 m²


def test_more_than_half_is_strict() -> None:
    half = Threshold(1, 2, strict=True)
    assert not half.met(50, 100)
    assert half.met(51, 100)
    assert half.label == "过半数"
    assert Threshold(2, 3, strict=False).label == "三分之二以上"


def test_nobody_counted_meets_nothing() -> None:
    assert not Threshold(1, 2, strict=False).met(0, 0)


@pytest.mark.parametrize(("numerator", "denominator"), [(0, 3), (4, 3), (-1, 2), (1, 0)])
def test_threshold_must_be_a_fraction_of_one(numerator: int, denominator: int) -> None:
    with pytest.raises(ValueError):
        Threshold(numerator, denominator, strict=False)


@st.composite
def fractions_and_counts(draw: st.DrawFn) -> tuple[int, int, bool, int, int]:
    denominator = draw(st.integers(1, 1000))
    numerator = draw(st.integers(1, denominator))
    whole = draw(st.integers(1, 10**12))
    part = draw(st.integers(0, whole))
    return numerator, denominator, draw(st.booleans()), part, whole


@given(fractions_and_counts())
def test_threshold_agrees_with_fraction(case: tuple[int, int, bool, int, int]) -> None:
    numerator, denominator, strict, part, whole = case
    share, bar = Fraction(part, whole), Fraction(numerator, denominator)
    expected = share > bar if strict else share >= bar
    assert Threshold(numerator, denominator, strict).met(part, whole) is expected


def test_assembly_needs_area_and_owners(book: RuleBook) -> None:
    assembly = book.defaults.assembly_vote
    # 2/3 of area but not 2/3 of owners: no valid vote
    assert not assembly.participation_met(2000, 3000, 199, 300)
    assert assembly.participation_met(2000, 3000, 200, 300)
    # ordinary matters: more than half; special (§278 items 6–8): three quarters
    assert not assembly.approval_met(50, 100, 60, 100, special=False)
    assert assembly.approval_met(51, 100, 51, 100, special=False)
    assert not assembly.approval_met(74, 100, 90, 100, special=True)
    assert assembly.approval_met(75, 100, 75, 100, special=True)


def test_committee_counts_yes_votes_against_all_members(book: RuleBook) -> None:
    committee = book.defaults.committee_vote
    assert committee.approval_base is ApprovalBase.MEMBERS
    assert not committee.quorate(2, 4)  # half is not more than half
    assert committee.quorate(3, 5)
    assert committee.passes(votes_for=3, present=3, members=5)
    assert not committee.passes(votes_for=2, present=3, members=5)
    assert committee.passes(votes_for=2, present=3, members=4)  # 半数以上 includes half


@pytest.mark.parametrize(
    ("budget_fen", "tier"),
    [
        (0, "small"),
        (499_999, "small"),
        (500_000, "medium"),
        (4_999_999, "medium"),
        (5_000_000, "large"),
    ],
)
def test_tier_for_boundaries(book: RuleBook, budget_fen: int, tier: str) -> None:
    assert book.defaults.tier_for(budget_fen).key == tier


def test_major_payment_and_payment_ceiling(book: RuleBook) -> None:
    rules = book.defaults
    assert not rules.is_major_payment(4_999_999)
    assert rules.is_major_payment(5_000_000)
    assert rules.payment_ceiling_fen(1_234_567) == 1_234_567  # tolerance 0 bp
