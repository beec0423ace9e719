"""The few paragraph styles every paper uses: large, plain type for a notice board.

A notice is read standing at a wall, often by older residents: body text and table cells are
12 pt or more, totals 14 pt, titles 22 pt; only page furniture (running header, page number,
hash lines) is smaller. Chinese text wraps between any two characters (`wordWrap="CJK"`), so
a long memo or vendor name never runs out of its cell; figures (`amount`, `total_amount`)
wrap only at spaces, so "1,234,567.00" is never split across lines.

Use `para` for text that comes from the books: it escapes the characters paragraph markup
would otherwise read as tags (`&`, `<`, `>`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib import textsplit as _textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as _paragraph

from reports.pdf.fonts import register_fonts

BODY_PT = 12
TOTAL_PT = 14
SMALL_PT = 9
INK = colors.black
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#333333")
SHADE = colors.HexColor("#E6E6E6")  # table heads and total rows; prints as a light grey


# ReportLab's CJK line breaking hangs closing punctuation in the margin rather than start a
# line with it, but its list lacks the full-width comma, colon, semicolon, ! and ?, the
# closing quotes and book-title marks that Chinese text uses most, so a line could begin
# with "，" or "”". Both copies of the list (one for single-run paragraphs, one for mixed
# runs) are extended once, here, where CJK wrapping is switched on.
_NO_LINE_START = "，：；！？％”’》〉"
for _module in (_textsplit, _paragraph):
    if not set(_NO_LINE_START) <= set(_module.ALL_CANNOT_START):
        _module.ALL_CANNOT_START += _NO_LINE_START


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle  # 22 pt, centred: 记账凭证, 立项公示
    subtitle: ParagraphStyle  # 16 pt, centred: the project or compound under the title
    heading: ParagraphStyle  # 15 pt: numbered sections of a notice
    body: ParagraphStyle  # 12 pt running text
    cell: ParagraphStyle  # 12 pt table text, left
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle  # right-aligned text
    amount: ParagraphStyle  # 12 pt figures, right-aligned, never broken inside
    figure: ParagraphStyle  # 12 pt figures, centred, broken only at spaces
    head: ParagraphStyle  # 12 pt table column heads, centred
    total: ParagraphStyle  # 14 pt totals and results, left
    total_right: ParagraphStyle  # 14 pt, right-aligned text
    total_amount: ParagraphStyle  # 14 pt total figures, never broken inside
    note: ParagraphStyle  # 12 pt grey: explanations under a table
    small: ParagraphStyle  # 9 pt page furniture and hashes


def _style(name: str, size: float, *, align: int = TA_LEFT, **extra: object) -> ParagraphStyle:
    settings: dict[str, object] = {
        "fontName": register_fonts(),
        "fontSize": size,
        "leading": round(size * 1.45, 1),
        "alignment": align,
        "textColor": INK,
        "wordWrap": "CJK",
    }
    return ParagraphStyle(name, **(settings | extra))


@cache
def styles() -> Styles:
    """The shared styles (built once; ParagraphStyles are not changed after this)."""
    return Styles(
        title=_style("title", 22, align=TA_CENTER, spaceAfter=4),
        subtitle=_style("subtitle", 16, align=TA_CENTER, spaceAfter=6),
        heading=_style("heading", 15, spaceBefore=10, spaceAfter=4),
        body=_style("body", BODY_PT, spaceAfter=3),
        cell=_style("cell", BODY_PT),
        cell_center=_style("cell_center", BODY_PT, align=TA_CENTER),
        cell_right=_style("cell_right", BODY_PT, align=TA_RIGHT),
        amount=_style("amount", BODY_PT, align=TA_RIGHT, wordWrap=None),
        figure=_style("figure", BODY_PT, align=TA_CENTER, wordWrap=None),
        head=_style("head", BODY_PT, align=TA_CENTER),
        total=_style("total", TOTAL_PT),
        total_right=_style("total_right", TOTAL_PT, align=TA_RIGHT),
        total_amount=_style("total_amount", TOTAL_PT, align=TA_RIGHT, wordWrap=None),
        note=_style("note", BODY_PT, textColor=MUTED),
        small=_style("small", SMALL_PT, textColor=MUTED),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def markup(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of trusted markup (`<b>`, `<font size=…>`); escape any data inside it."""
    return Paragraph(text, style)


def esc(text: str) -> str:
    """Escape book data for use inside `markup`."""
    return escape(text)
