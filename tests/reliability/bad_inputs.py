"""The bad-input corpus added to the command line's refusal corpus (`tests/cli/
test_cli_refusals.py`, reused as is): malformed amounts, dates, account codes, names with
control characters, huge numbers, rules.yaml variants, beancount, xlsx and bank files, and
broken command lines. Every case must be refused; `{file:NAME}` in an argument stands for a
file made from `FILES[NAME]`."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from tests.cli.support import ROOT, YBHY, add, approve, income

Y = ("--compound", YBHY)
USER_T = ("--user", "ybhy_cn")
USER_C = ("--user", "ybhy_zr")


@dataclass(frozen=True)
class BadInput:
    name: str
    argv: tuple[str, ...]


def _line_amounts(*amounts: str) -> list[BadInput]:
    return [
        BadInput(f"line-amount-{i}", add(f"1002:{a}", "4301:-100")) for i, a in enumerate(amounts)
    ]


# Full-width digits, a trailing 元 and surrounding white space are accepted on purpose
# (`parse_fen`); their malformed variants are here.
GROSS = [
    "1.2.3", "1E5", "1e-2", "NaN", "-inf", "Infinity", " ", "0x1F", "1_000", "１００.００１",
    "１e5", "100。5", "1/2", "½", "١٠٠", "100元元", "¥", "--1", "+", "-",
    "9" * 30, "1e308", "-0.01", "0.00", "-0", "0.001", ",100", "100,", "1 000", "１,２３",
    "100\x00", "1e", "e5", "0..1", "99999999999999.99",
]  # fmt: skip
LINE_AMOUNTS = ["abc", "1e2", "nan", "", "1.001", "１", "0x10", "9" * 25, "1,2", "--100"]
LINE_SPECS = [
    ":100", "1002", "1002 100", "abcd:100", "10021:100", "１００２:100", "1002\x00:100",
    "-1002:100", "9999999999999999:100", "1002:100\x00备注",
]  # fmt: skip
DATES = [
    "2022-02-29", "2022-04-31", "2022-00-10", "2022-06-00", "0000-01-01", "9999-12-31",
    "1900-01-01", "2022/13/20", "2022-06-20T10:00", "today", "２０２２-13-20", "-2022-06-20",
    "2022-6", "2022", "06-20-2022", "2022-06-20\x00", "2022-06-32", "2021-06-20",
]  # fmt: skip
CONTROL_TEXTS = [
    "停车\x00费", "停车\x1b[31m费", "停车\r费", "停车\x7f费", "\x08", "费" * 10_000, "\n",
]  # fmt: skip
HUGE_IDS = ["99999999999999999999999", "9223372036854775808", "0", "#", "1.5", "１"]


def _amounts() -> list[BadInput]:
    cases = [BadInput(f"gross-{i}", income(a)) for i, a in enumerate(GROSS)]
    cases += _line_amounts(*LINE_AMOUNTS)
    cases += [
        BadInput(f"line-spec-{i}", add(spec, "4301:-100")) for i, spec in enumerate(LINE_SPECS)
    ]
    cases += [
        BadInput("deduction-letters", income("100", "--deduction", "abc")),
        BadInput("deduction-exponent", income("100", "--deduction", "1e1")),
        BadInput("deduction-three-decimals", income("100", "--deduction", "0.001")),
        BadInput("lines-all-zero", add("1002:0", "4301:0")),
        BadInput("lines-one-sided", add("1002:100", "4301:100")),
        BadInput("lines-huge-unbalanced", add(f"1002:{'9' * 14}", "4301:-1")),
        BadInput("lines-over-limit-balanced", add("1002:10000000000001", "4301:-10000000000001")),
    ]
    return cases


def _dates() -> list[BadInput]:
    cases = [
        BadInput(f"entry-date-{i}", add("1002:1", "4301:-1", date=d)) for i, d in enumerate(DATES)
    ]
    cases += [BadInput(f"income-date-{i}", income("100", date=d)) for i, d in enumerate(DATES[:8])]
    month = ("balance", *Y, "--month")
    cases += [
        BadInput(f"month-{i}", (*month, m))
        for i, m in enumerate(
            ["2022-13", "2022-1-1", "202206", "June", "2022-06-01", "", "9999-99"]
        )
    ]
    return cases


def _names() -> list[BadInput]:
    cases = [
        BadInput(f"memo-control-{i}", add("1002:1", "4301:-1", memo=t))
        for i, t in enumerate(CONTROL_TEXTS)
    ]
    cases += [
        BadInput(f"compound-control-{i}", add("1002:1", "4301:-1", compound=t))
        for i, t in enumerate(["迎宾\x00花苑", "迎宾花苑\x1b", "", "花" * 500])
    ]
    cases += [
        BadInput(f"user-control-{i}", add("1002:1", "4301:-1", user=t))
        for i, t in enumerate(["ybhy\x00cn", "ybhy_cn\n", "", "u" * 300])
    ]
    cases += [
        BadInput("category-control", income("100", category="park\x00ing")),
        BadInput("category-empty", income("100", category="")),
        BadInput("reason-control", ("entry", "reverse", "记-2022-06-0001", *Y, "--reason", "录\x00错", *USER_T)),
        BadInput("complaint-resident-control", (
            "complaint", "add", *Y, "--channel", "hotline", "--date", "2022-06-20",
            "--resident", "王\x00女士", "--content", "停车费", *USER_C,
        )),
        BadInput("complaint-content-overlong", (
            "complaint", "add", *Y, "--channel", "hotline", "--date", "2022-06-20",
            "--resident", "王女士", "--content", "长" * 100_000, *USER_C,
        )),
        BadInput("complaint-unknown-channel", (
            "complaint", "add", *Y, "--channel", "pigeon", "--date", "2022-06-20",
            "--resident", "王女士", "--content", "停车费", *USER_C,
        )),
        BadInput("project-title-control", _propose(title="电梯\x07维修")),
        BadInput("project-title-overlong", _propose(title="电" * 201)),
        BadInput("project-estimate-letters", _propose(estimate="abc")),
        BadInput("project-estimate-negative", _propose(estimate="-1")),
        BadInput("project-estimate-huge", _propose(estimate="1e400")),
        BadInput("seal-document-control", (
            "seal", "request", *Y, "--kind", "other", "--document", "文\x00件", "--purpose", "盖章", *USER_C,
        )),
        BadInput("seal-unknown-kind", (
            "seal", "request", *Y, "--kind", "forgery", "--document", "文件", "--purpose", "盖章", *USER_C,
        )),
    ]  # fmt: skip
    return cases


def _propose(title: str = "电梯维修", estimate: str = "1000") -> tuple[str, ...]:
    return (
        "project", "propose", *Y, "--title", title, "--need", "电梯停运", "--proposer", "楼栋长",
        "--estimate", estimate, *USER_C,
    )  # fmt: skip


def _ids() -> list[BadInput]:
    cases = [BadInput(f"approve-id-{i}", approve(x)) for i, x in enumerate(HUGE_IDS)]
    cases += [BadInput(f"project-id-{i}", ("project", "verify", x, "--method", "phone", "--evidence", "属实", *USER_C)) for i, x in enumerate(HUGE_IDS[:3])]  # fmt: skip
    cases += [BadInput(f"seal-id-{i}", ("seal", "use", x, "--user", "yb_shequ")) for i, x in enumerate(HUGE_IDS[:3])]  # fmt: skip
    cases += [BadInput("attachments-huge", (*add("1002:1", "4301:-1"), "--attachments", "9" * 30))]
    cases += [BadInput("attachments-negative", (*add("1002:1", "4301:-1"), "--attachments", "-1"))]
    return cases


def _rules_text(edit: Callable[[str], str]) -> bytes:
    return edit((ROOT / "rules.yaml").read_text(encoding="utf-8")).encode("utf-8")


def _sub(pattern: str, repl: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        new, n = re.subn(pattern, repl, text, count=1, flags=re.M)
        assert n == 1, pattern
        return new

    return edit


def _xlsx(rows: list[list[object]], title: str = "Sheet") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BEAN_HEAD = "2022-01-01 open Assets:Bank CNY\n2022-01-01 open Income:Parking CNY\n"
FILES: dict[str, Callable[[], bytes]] = {
    "rules-empty": lambda: b"",
    "rules-not-yaml": lambda: b"{{{ accounts: [",
    "rules-a-list": lambda: b"- 1\n- 2\n",
    "rules-a-number": lambda: b"42\n",
    "rules-nul": lambda: b"accounts:\x00\n",
    "rules-latin1": lambda: "名称".encode("gbk") + b": \xff\xfe\n",
    "rules-binary": lambda: bytes(range(256)) * 4,
    "rules-notice-days-text": lambda: _rules_text(_sub(r"notice_days: 7", "notice_days: seven")),
    "rules-notice-days-negative": lambda: _rules_text(_sub(r"notice_days: 7", "notice_days: -7")),
    "rules-limit-float": lambda: _rules_text(_sub(r'major_payment_limit: "50000.00"', "major_payment_limit: 50000.00")),
    "rules-limit-negative": lambda: _rules_text(_sub(r'major_payment_limit: "50000.00"', 'major_payment_limit: "-1"')),
    "rules-limit-three-decimals": lambda: _rules_text(_sub(r'major_payment_limit: "50000.00"', 'major_payment_limit: "1.001"')),
    "rules-unknown-key": lambda: _rules_text(lambda t: t + "\nno_such_section: 1\n"),
    "rules-no-accounts": lambda: _rules_text(_sub(r"^accounts:", "accounts_gone:")),
    "rules-huge-number": lambda: _rules_text(_sub(r"notice_days: 7", "notice_days: " + "9" * 400)),
}  # fmt: skip
FILES |= {
    "bean-syntax": lambda: BEAN_HEAD.encode() + b"2022-06-20 * \"x\n  Assets:Bank 1 CNY\n",
    "bean-unbalanced": lambda: (BEAN_HEAD + '2022-06-20 * "停车费"\n  Assets:Bank  100.00 CNY\n  Income:Parking  -90.00 CNY\n').encode(),
    "bean-unknown-account": lambda: (BEAN_HEAD + '2022-06-20 * "停车费"\n  Assets:Nowhere  100.00 CNY\n  Income:Parking  -100.00 CNY\n').encode(),
    "bean-usd": lambda: (BEAN_HEAD.replace("CNY", "USD") + '2022-06-20 * "停车费"\n  Assets:Bank  100.00 USD\n  Income:Parking  -100.00 USD\n').encode(),
    "bean-binary": lambda: bytes(range(256)),
    "bean-three-decimals": lambda: (BEAN_HEAD + '2022-06-20 * "停车费"\n  Assets:Bank  100.001 CNY\n  Income:Parking  -100.001 CNY\n').encode(),
    "bean-locked-month": lambda: (BEAN_HEAD + '2022-02-20 * "停车费"\n  Assets:Bank  100.00 CNY\n  Income:Parking  -100.00 CNY\n').encode(),
    "xlsx-garbled": lambda: b"PK\x03\x04" + bytes(range(200)),
    "xlsx-text": lambda: "日期,凭证号\n2022-06-20,1\n".encode(),
    "xlsx-wrong-sheet": lambda: _xlsx([["名字", "年龄"], ["张三", 30]], title="人员"),
    "xlsx-empty": lambda: _xlsx([]),
    "bank-garbage": lambda: bytes(range(256)),
    "bank-no-columns": lambda: "甲,乙,丙\n1,2,3\n".encode(),
    "bank-bad-amount": lambda: "交易日期,收入金额,支出金额,余额,流水号,摘要\n2022-06-20,abc,,100.00,S1,停车费\n".encode(),
    "bank-bad-date": lambda: "交易日期,收入金额,支出金额,余额,流水号,摘要\n2022-02-30,100.00,,100.00,S1,停车费\n".encode(),
    "bank-empty": lambda: b"",
    "bank-xlsx-garbled": lambda: b"PK\x03\x04garbage",
}  # fmt: skip


def _files() -> list[BadInput]:
    cases = [
        BadInput(name, ("--rules", f"{{file:{name}.yaml}}", *add("1002:1", "4301:-1")))
        for name in FILES
        if name.startswith("rules-")
    ]
    cases += [
        BadInput(name, ("import", "beancount", f"{{file:{name}.beancount}}", *Y, *USER_T))
        for name in FILES
        if name.startswith("bean-")
    ]
    cases += [
        BadInput(name, ("import", "xlsx", f"{{file:{name}.xlsx}}", *Y, *USER_T))
        for name in FILES
        if name.startswith("xlsx-")
    ]
    ext = {"bank-xlsx-garbled": "xlsx"}
    cases += [
        BadInput(name, ("bank", "import", f"{{file:{name}.{ext.get(name, 'csv')}}}", *Y, *USER_T))
        for name in FILES
        if name.startswith("bank-")
    ]
    cases += [
        BadInput("import-missing-file", ("import", "beancount", "/nonexistent/账.beancount", *Y, *USER_T)),
        BadInput("bank-missing-file", ("bank", "import", "/nonexistent/对账单.csv", *Y, *USER_T)),
        BadInput("rules-missing-file", ("--rules", "/nonexistent/rules.yaml", "verify")),
        BadInput("rules-a-directory", ("--rules", "/tmp", "verify")),
    ]  # fmt: skip
    return cases


def _command_lines() -> list[BadInput]:
    return [
        BadInput("unknown-option", (*add("1002:1", "4301:-1"), "--frobnicate")),
        BadInput("option-missing-value", ("entry", "add", *Y, "--date")),
        BadInput("db-missing-value", ("--db",)),
        BadInput("user-missing-value", (*add("1002:1", "4301:-1")[:-1],)),
        BadInput("unknown-project-verb", ("project", "explode", "1")),
        BadInput("unknown-seal-verb", ("seal", "forge")),
        BadInput("unknown-month-verb", ("month", "skip", *Y, "--month", "2022-06")),
        BadInput("month-sign-unknown-role", ("month", "sign", *Y, "--month", "2022-05", "--as", "king", *USER_C)),
        BadInput("pay-unknown-verb", ("pay", "steal", "1", *USER_T)),
        BadInput("export-unknown-format", ("export", "pdf", "-o", "/tmp/x")),
        BadInput("project-show-not-a-number", ("project", "show", "abc")),
        BadInput("statement-bad-month", ("statement", *Y, "--month", "22-06")),
        BadInput("entry-show-missing-voucher", ("entry", "show", "记-2022-06-9999", *Y)),
        BadInput("voucher-unknown", ("voucher", "记-2099-01-0001", *Y, "-o", "/tmp/never.pdf")),
        BadInput("audit-unknown-person", ("audit", *Y, "--person", "nobody", *USER_T[:1], "auditor")),
        BadInput("verify-unknown-compound", ("verify", "--compound", "不存在小区")),
        BadInput("positional-extra", ("verify", "extra")),
        BadInput("double-dash-garbage", ("--", "entry")),
    ]  # fmt: skip


NEW_CASES: list[BadInput] = [
    *_amounts(),
    *_dates(),
    *_names(),
    *_ids(),
    *_files(),
    *_command_lines(),
]


def fill_files(argv: tuple[str, ...], folder: Path) -> list[str]:
    """The arguments with each `{file:NAME.EXT}` written out under `folder`."""

    def write(match: re.Match[str]) -> str:
        name = match[1]
        path = folder / name
        path.write_bytes(FILES[name.rsplit(".", 1)[0]]())
        return str(path)

    return [re.sub(r"\{file:([^}]+)\}", write, a) for a in argv]
