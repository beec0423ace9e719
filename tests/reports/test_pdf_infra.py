"""The shared PDF machinery on its own, without a database: the packaged font and its glyphs,
page numbers, tables that split with their heads, right-aligned figures, escaping, half-page
frames, QR codes and byte-identical output (also across processes)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from reportlab.platypus import Flowable

from reports.fonts import FONT_FILE, LICENSE_FILE
from reports.pdf import (
    Column,
    PageSetup,
    amount,
    build_pdf,
    cn_date,
    cn_span,
    data_table,
    missing_glyphs,
    next_frame,
    para,
    qr_block,
    qr_code,
    styles,
)
from reports.voucher_pdf import render_vouchers
from tests.reports.support import ROOT, Pdf, assert_printable, need_poppler, sample_voucher


@pytest.fixture(autouse=True)
def _poppler() -> None:
    need_poppler()


def test_the_font_and_its_licence_ship_inside_the_package() -> None:
    folder = resources.files("reports.fonts")
    assert folder.joinpath(FONT_FILE).read_bytes()[:4] == b"ttcf"
    licence = folder.joinpath(LICENSE_FILE).read_text(encoding="utf-8")
    assert "Apache License" in licence and "GPL-3+ with Font exception" in licence
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]["reports.fonts"]
    assert "*.ttc" in data and "*.txt" in data


def test_missing_glyphs_finds_only_what_the_font_lacks() -> None:
    printed = (
        "¥1,234.50 ￥ 公共收益收支公示，。：；（）「」《》—…·✓ 壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整"
    )
    assert missing_glyphs(printed) == set()
    assert missing_glyphs("停车费 😀 \U00020000\n\t") == {"😀", "\U00020000"}


def test_page_numbers_count_every_page_and_heads_repeat(tmp_path: Path) -> None:
    st = styles()
    rows = [[f"第 {i} 行", "停车费收入", amount(i * 100_000)] for i in range(1, 121)]
    columns = [Column("序号", 1), Column("科目", 2), Column("金额", 1.2, "right")]
    story = [para("长表格", st.title), data_table(columns, rows, totals=1)]
    pdf = Pdf.write(build_pdf(story, PageSetup(title="测试 长表格")), tmp_path / "long.pdf")
    n = pdf.page_count
    assert n >= 3
    for i, page in enumerate(pdf.pages, 1):
        flat = "".join(page.split())
        assert f"第{i}页共{n}页" in flat
        assert "序号科目金额" in flat  # the head row, on every page the table runs onto
    assert "120,000.00" in pdf.flat and "第120行" in pdf.flat
    assert_printable(pdf)


def test_figures_are_right_aligned_with_thousands_separators(tmp_path: Path) -> None:
    assert amount(123_456_789) == "1,234,567.89"
    assert amount(-5) == "-0.05"
    assert amount(7_00, symbol=True) == "¥7.00"
    assert amount(None) == amount(0, blank_zero=True) == ""
    figures = [amount(f) for f in (100, 123_456, 987_654_321)]
    table = data_table(
        [Column("项目", 3), Column("金额", 1, "right")], [["甲", x] for x in figures]
    )
    pdf = Pdf.write(build_pdf([table], PageSetup(title="对齐")), tmp_path / "align.pdf")
    right_edges = [x_max for word, _, x_max, _ in pdf.words() if word in figures]
    assert len(right_edges) == 3
    assert max(right_edges) - min(right_edges) < 0.5


def test_book_text_is_escaped_not_read_as_markup(tmp_path: Path) -> None:
    story = [para("摘要 <b>不是标记</b> & 5 < 6", styles().body)]
    pdf = Pdf.write(build_pdf(story, PageSetup(title="转义")), tmp_path / "escape.pdf")
    assert "<b>不是标记</b>&5<6" in pdf.flat


def test_halves_put_each_block_in_its_own_half_page(tmp_path: Path) -> None:
    st = styles()
    story: list[Flowable] = []
    for i in range(3):
        story += [next_frame()] if i else []
        story.append(para(f"第 {i + 1} 张", st.title))
    pdf = Pdf.write(build_pdf(story, PageSetup(title="半页", halves=True)), tmp_path / "h.pdf")
    assert pdf.page_count == 2
    first = "".join(pdf.pages[0].split())
    assert "第1张" in first and "第2张" in first and "第3张" not in first


def test_qr_code_is_square_at_the_size_asked() -> None:
    drawing = qr_code("5f2a9c0d1e3b4a67", size=90)
    assert (drawing.width, drawing.height) == (90, 90)
    widget = drawing.contents[0]
    assert widget.value == "5f2a9c0d1e3b4a67" and widget.barLevel == "M"
    with pytest.raises(ValueError):
        qr_code("")


def test_qr_block_renders_beside_its_text(tmp_path: Path) -> None:
    block = qr_block(
        "5f2a9c0d1e3b4a67", ["核验码 5f2a9c0d1e3b4a67", "扫码后与 verify-notice 的结果比对"]
    )
    pdf = Pdf.write(build_pdf([block], PageSetup(title="二维码")), tmp_path / "qr.pdf")
    assert "核验码5f2a9c0d1e3b4a67" in pdf.flat
    assert_printable(pdf)


def test_dates_are_written_the_chinese_way() -> None:
    assert cn_date(dt.date(2023, 4, 24)) == "2023年4月24日"
    assert cn_date(None) == "____年__月__日"
    assert cn_span(dt.date(2023, 4, 24), dt.date(2023, 4, 30)) == "2023年4月24日至30日"
    assert cn_span(dt.date(2023, 6, 27), dt.date(2023, 7, 3)) == "2023年6月27日至7月3日"
    assert cn_span(dt.date(2023, 12, 28), dt.date(2024, 1, 3)) == "2023年12月28日至2024年1月3日"


_RENDER_IN_CHILD = """
import sys
from reports.voucher_pdf import render_vouchers
from tests.reports.support import sample_voucher
sys.stdout.buffer.write(render_vouchers([sample_voucher()]))
"""


def test_output_is_byte_identical_in_another_process() -> None:
    here = render_vouchers([sample_voucher()])
    assert here == render_vouchers([sample_voucher()])
    child = subprocess.run(
        [sys.executable, "-c", _RENDER_IN_CHILD],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert child.stdout == here
