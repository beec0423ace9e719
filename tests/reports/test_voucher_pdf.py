"""Printed vouchers (记账凭证): a worked month on a fresh street (income with the property
company's share, a mistyped entry and its reversal), the demo's May 2023 at 香榭雅居 as a
golden file, and the `voucher` command."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from ledger.cli.app import main
from ledger.domain.entry import Line
from ledger.domain.period import Month
from ledger.services import entries, journal
from ledger.services.context import Context
from reports.voucher_pdf import render_vouchers
from tests.conftest import PASSWORD, Street
from tests.helpers import BANK, COST, PARKING, post
from tests.reports.support import Pdf, assert_printable, check_golden, keep_sample, need_poppler

D = dt.date
MARCH = Month(2024, 3)


@pytest.fixture(autouse=True)
def _poppler() -> None:
    need_poppler()


def _march(s: Street) -> list[str]:
    """Parking income of ¥1,234,567.89 (30% to the property company), a receipt typed wrong,
    and its reversal: three vouchers."""
    income = post(
        s,
        D(2024, 3, 5),
        [Line(BANK, 86_419_752), Line(COST, 37_037_037), Line(PARKING, -123_456_789)],
        "2024年3月停车费",
    )
    wrong = post(s, D(2024, 3, 8), [Line(BANK, 50_000), Line(PARKING, -50_000)], "广告费（录错）")
    s.clock.set(D(2024, 3, 9))
    draft = entries.reverse_entry(s.ctx, s.treasurer, wrong, reason="科目录错", date=D(2024, 3, 9))
    reversal = entries.approve_entry(s.ctx, s.checker, draft)
    return [income, wrong, reversal]


def test_one_voucher_carries_figures_capitals_people_and_hash(
    sqlite_street: Street, tmp_path: Path
) -> None:
    s = sqlite_street
    income, _, _ = _march(s)
    view = journal.entry_detail(s.ctx, s.compound, income)
    pdf = Pdf.write(render_vouchers([view]), tmp_path / "one.pdf")
    assert pdf.page_count == 1
    text = pdf.flat
    for expected in [
        "记账凭证",
        f"凭证号：{income}",
        "单位：测试花园",
        "2024年3月5日",
        "摘要：2024年3月停车费",
        "1002银行存款-公共收益专户864,197.52",
        "5102物业合理成本分成370,370.37",
        "4301停车费收入1,234,567.89",
        "¥1,234,567.89¥1,234,567.89",
        "附件0张",
        "制单：出纳甲审核：主任乙记账：主任乙出纳：出纳甲",
        f"凭证哈希{view.hash[:16]}",
        f"前一凭证哈希{view.prev_hash[:16]}",
    ]:
        assert expected in text, expected
    # The capitals may wrap onto a second line beside the figures: read them without figures.
    words = re.sub(r"¥[\d,.]+", "", text)
    assert "合计人民币（大写）壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分" in words
    assert_printable(pdf)


def test_a_month_binds_in_one_file_with_reversals_named_both_ways(
    sqlite_street: Street, tmp_path: Path
) -> None:
    s = sqlite_street
    income, wrong, reversal = _march(s)
    vouchers = journal.month_vouchers(s.ctx, s.compound, MARCH)
    assert [v.voucher for v in vouchers] == [income, wrong, reversal]
    data = render_vouchers(vouchers)
    assert data == render_vouchers(vouchers)  # byte for byte
    pdf = Pdf.write(data, tmp_path / "march.pdf")
    assert pdf.page_count == 2  # two vouchers to a page
    first, second = ("".join(p.split()) for p in pdf.pages)
    assert income in first and wrong in first and reversal in second
    assert f"本凭证已被{reversal}冲销" in first
    assert f"本凭证冲销{wrong}，原因：科目录错" in second
    assert "合计人民币（大写）伍佰元整¥500.00¥500.00" in second
    assert "第1页共2页" in first and "第2页共2页" in second
    assert len(render_vouchers(vouchers, halves=False)) > 0
    assert Pdf.write(render_vouchers(vouchers, halves=False), tmp_path / "full.pdf").page_count == 3
    assert_printable(pdf)


def test_the_voucher_command_writes_what_the_renderer_renders(
    sqlite_street: Street, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = sqlite_street
    income, _, _ = _march(s)
    monkeypatch.setenv("LEDGER_PASSWORD", PASSWORD)
    month_file, one_file = tmp_path / "march.pdf", tmp_path / "one.pdf"
    base = ["--db", sqlite_url, "voucher", "--compound", s.compound]
    assert main([*base, "--month", "2024-03", "-o", str(month_file)]) == 0
    assert main([*base, income, "-o", str(one_file)]) == 0
    assert month_file.read_bytes() == render_vouchers(
        journal.month_vouchers(s.ctx, s.compound, MARCH)
    )
    assert Pdf(one_file).page_count == 1
    assert main([*base, "--month", "2024-04", "-o", str(tmp_path / "none.pdf")]) == 1
    assert main([*base, "-o", str(tmp_path / "neither.pdf")]) == 2
    assert not (tmp_path / "none.pdf").exists() and not (tmp_path / "neither.pdf").exists()


def test_demo_may_2023_at_xiangxie_matches_its_golden_text(demo: Context, tmp_path: Path) -> None:
    vouchers = journal.month_vouchers(demo, "香榭雅居", Month(2023, 5))
    data = render_vouchers(vouchers)
    assert data == render_vouchers(vouchers)
    pdf = Pdf.write(data, tmp_path / "vouchers.pdf")
    assert pdf.page_count == (len(vouchers) + 1) // 2  # two to a page
    text = pdf.flat
    last = vouchers[-1].voucher
    for expected in [
        f"记-2023-05-0001至{last}，共{len(vouchers)}张",
        "合计人民币（大写）玖仟陆佰捌拾陆元壹角整¥9,686.10¥9,686.10",
        "项目：#1供水主管道更换工程",
        "5101项目支出77,040.00",
        "合计人民币（大写）柒万柒仟零肆拾元整¥77,040.00¥77,040.00",
        "制单：王桂芝审核：陈国强记账：陈国强出纳：王桂芝",
    ]:
        assert expected in text, expected
    assert_printable(pdf)
    check_golden(pdf, "voucher-demo.txt")
    keep_sample(pdf, "voucher.png", tmp_path, pages=2)
