"""Shared PDF machinery for every printed paper (vouchers, notices, the street report).

A paper module builds a list of flowables from a read model and hands it to `build_pdf`:

    from reports.pdf import PageSetup, build_pdf, data_table, Column, amount, para, styles

    st = styles()
    story = [para("迎宾花苑 公共收益收支公示", st.title), data_table(columns, rows, totals=1)]
    pdf_bytes = build_pdf(story, PageSetup(title="迎宾花苑 公共收益收支公示 2023年5月"))

- `fonts`: the embedded font (`register_fonts`, `FONT`) and `missing_glyphs(text)`.
- `styles`: `styles()` (title, subtitle, heading, body, cell…, total…, note, small), `para`
  for escaped book text, `markup` for trusted markup, `esc`.
- `page`: `PageSetup`, `build_pdf`, `next_frame`, `CONTENT_WIDTH`; A4, running header,
  "第 x 页 共 y 页", deterministic bytes.
- `tables`: `Column`, `data_table`, `label_table`, `layout_table`, `signature_row`,
  `seal_box`, `amount`, `amount_width`.
- `qr`: `qr_code`, `qr_block`.
- `words`: `cn_date` (2023年4月24日), `cn_span` (2023年4月24日至30日).

Nothing here reads the database: papers are rendered from plain read models only.
"""

from reports.pdf.fonts import FONT, missing_glyphs, register_fonts
from reports.pdf.page import CONTENT_WIDTH, PageSetup, build_pdf, next_frame
from reports.pdf.qr import qr_block, qr_code
from reports.pdf.styles import Styles, esc, markup, para, styles
from reports.pdf.tables import (
    Cell,
    Column,
    amount,
    amount_width,
    data_table,
    label_table,
    layout_table,
    seal_box,
    signature_row,
)
from reports.pdf.words import cn_date, cn_span

__all__ = [
    "CONTENT_WIDTH",
    "FONT",
    "Cell",
    "Column",
    "PageSetup",
    "Styles",
    "amount",
    "amount_width",
    "build_pdf",
    "cn_date",
    "cn_span",
    "data_table",
    "esc",
    "label_table",
    "layout_table",
    "markup",
    "missing_glyphs",
    "next_frame",
    "para",
    "qr_block",
    "qr_code",
    "register_fonts",
    "seal_box",
    "signature_row",
    "styles",
]
