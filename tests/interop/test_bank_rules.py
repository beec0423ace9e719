"""The bank sections of rules.yaml: the shipped profiles and keywords load, and every mistake
in them is reported with its path and line, all at once."""

from __future__ import annotations

import pytest

from ledger.domain.bank_rules import BankColumn
from ledger.domain.errors import RulesInvalid
from ledger.domain.rules import RuleBook
from ledger.interop.rules_yaml import parse_rules
from tests.conftest import ROOT

TEXT = (ROOT / "rules.yaml").read_text(encoding="utf-8")


def test_shipped_profiles_and_keywords(rules: RuleBook) -> None:
    bank = rules.bank
    assert [p.key for p in bank.profiles] == ["income_expense", "debit_credit"]
    debit_credit = bank.profile("debit_credit")
    # 借方 is money out of the account holder's account, 贷方 money in.
    assert debit_credit.column_for("借方发生额") is BankColumn.MONEY_OUT
    assert debit_credit.column_for("贷方发生额（元）") is BankColumn.MONEY_IN
    assert bank.window_days == 3
    assert bank.income_category("中国铁塔股份有限公司 基站租金") == "base_station"
    assert bank.income_category("某某 转账") == "other"
    assert bank.expense_account("跨行转账手续费") == "5301"
    assert bank.expense_account("工程款") is None


def test_a_rules_file_without_bank_sections_still_loads() -> None:
    start = TEXT.rindex("# ---", 0, TEXT.index("bank_profiles:"))
    end = TEXT.index("# ---", TEXT.index("bank_matching:"))
    assert "bank_profiles" not in TEXT[:start] + TEXT[end:]
    book = parse_rules(TEXT[:start] + TEXT[end:])
    assert book.bank.profiles == () and book.bank.window_days == 3


def test_every_mistake_is_named_with_path_and_line() -> None:
    text = (
        TEXT.replace("      serial: [流水号, 交易流水号, 交易流水, 凭证号]\n", "", 1)
        .replace("      memo: [摘要, 用途, 附言, 交易摘要]", "      memo: [余额]", 1)
        .replace("  window_days: 3", "  window_days: 99", 1)
        .replace("    stall: [摊位, 市场]", "    stalls: [摊位, 市场]", 1)
        .replace('    "5103": [税]', '    "4301": [税]', 1)
    )
    with pytest.raises(RulesInvalid) as caught:
        parse_rules(text)
    found = [(p.where, p.message) for p in caught.value.problems]
    paths = [w.split("（")[0] for w, _ in found]
    assert paths == [
        "bank_profiles.income_expense.columns",
        "bank_profiles.income_expense.columns.memo",
        "bank_matching.window_days",
        "bank_matching.income_keywords.stalls",
        "bank_matching.expense_keywords.4301",
    ]
    assert all("第" in w and "行" in w for w, _ in found)
    messages = [m for _, m in found]
    assert "缺少键「serial」" in messages[0]
    assert "已用于列「balance」" in messages[1]
    assert "不在 income_categories 中" in messages[3]
    assert "不是科目表（accounts）中的费用类科目" in messages[4]
