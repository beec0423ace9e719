"""A4 pages for every paper: running header, "第 x 页 共 y 页" footer, byte-identical output.

`build_pdf(story, PageSetup(...))` lays out a list of flowables and returns the PDF bytes.

- Page numbers need the page count before the last page is laid out, so the canvas keeps
  every finished page and stamps "第 x 页 共 y 页" on all of them when the document is saved
  (one layout pass, not two).
- Output is deterministic: ReportLab's invariant mode (fixed creation date and document id;
  the same as `reportlab.rl_config.invariant = 1`, but set per document instead of
  globally) and fixed metadata, so the same read model always gives the same bytes and a
  golden test can compare files.
- `halves=True` cuts each page into a top and a bottom frame with a dashed cut line between
  them: two vouchers to a page, each starting in its own half (put `next_frame()` between
  them); one too long for a half runs on into the next half.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, FrameBreak, PageTemplate

from reports.pdf.fonts import FONT, register_fonts
from reports.pdf.styles import MUTED, RULE, SMALL_PT

PAGE_WIDTH: float = A4[0]
PAGE_HEIGHT: float = A4[1]
MARGIN: float = 15 * mm
CONTENT_WIDTH: float = PAGE_WIDTH - 2 * MARGIN  # what tables may span
_HEADER: float = 8 * mm  # band above the frame for the running header
_FOOTER: float = 9 * mm  # band below the frame for the page number
_CUT_GAP: float = 8 * mm  # between the two halves
PRODUCER = "公共收益明白账 (ReportLab)"


@dataclass(frozen=True)
class PageSetup:
    """Metadata and page furniture of one document."""

    title: str  # PDF title (shown by viewers) and the running header's left part
    header_right: str = ""  # e.g. the compound and period, or a verification code
    footer_left: str = ""  # a short note beside the page number
    author: str = "公共收益明白账"
    subject: str = ""
    keywords: tuple[str, ...] = ()
    halves: bool = False

    @property
    def frame_height(self) -> float:
        whole = PAGE_HEIGHT - 2 * MARGIN - _HEADER - _FOOTER
        return (whole - _CUT_GAP) / 2 if self.halves else whole


def next_frame() -> Flowable:
    """Start the next flowable in the next frame (the next half page, or the next page)."""
    return FrameBreak()


def build_pdf(story: Sequence[Flowable], setup: PageSetup) -> bytes:
    """Lay out `story` on A4 pages and return the PDF."""
    register_fonts()
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=setup.title,
        author=setup.author,
        subject=setup.subject,
        keywords=list(setup.keywords),
        creator=PRODUCER,
        producer=PRODUCER,
        invariant=1,
        lang="zh-CN",
        displayDocTitle=1,
        initialFontName=FONT,  # else every page names Helvetica, a font nobody embeds
    )
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=_frames(setup), onPage=partial(_furniture, setup))]
    )
    doc.build(list(story), canvasmaker=partial(_NumberedCanvas, setup))
    return out.getvalue()


def _frames(setup: PageSetup) -> list[Frame]:
    bottom = MARGIN + _FOOTER
    h = setup.frame_height
    pad: dict[str, float] = {
        "leftPadding": 0,
        "rightPadding": 0,
        "topPadding": 0,
        "bottomPadding": 0,
    }
    if not setup.halves:
        return [Frame(MARGIN, bottom, CONTENT_WIDTH, h, id="body", **pad)]
    return [
        Frame(MARGIN, bottom + h + _CUT_GAP, CONTENT_WIDTH, h, id="top", **pad),
        Frame(MARGIN, bottom, CONTENT_WIDTH, h, id="bottom", **pad),
    ]


def _furniture(setup: PageSetup, canvas: Canvas, _doc: BaseDocTemplate) -> None:
    """Running header on every page, and the cut line between two halves."""
    canvas.saveState()
    font = register_fonts()
    top = PAGE_HEIGHT - MARGIN - SMALL_PT
    canvas.setFont(font, SMALL_PT)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, top, setup.title)
    if setup.header_right:
        canvas.drawRightString(PAGE_WIDTH - MARGIN, top, setup.header_right)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, top - 3, PAGE_WIDTH - MARGIN, top - 3)
    if setup.halves:
        y = MARGIN + _FOOTER + setup.frame_height + _CUT_GAP / 2
        canvas.setDash(4, 3)
        canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
    canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """Holds each finished page until save(), then stamps "第 x 页 共 y 页" on all of them."""

    def __init__(self, setup: PageSetup, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup = setup
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, 1):
            self.__dict__.update(state)
            self._stamp(number, total)
            super().showPage()
        super().save()

    def _stamp(self, number: int, total: int) -> None:
        self.saveState()
        self.setFont(register_fonts(), SMALL_PT + 1)
        self.setFillColor(MUTED)
        y = MARGIN + 2
        self.drawCentredString(PAGE_WIDTH / 2, y, f"第 {number} 页 共 {total} 页")
        if self._setup.footer_left:
            self.setFont(register_fonts(), SMALL_PT)
            self.drawString(MARGIN, y, self._setup.footer_left)
        self.restoreState()
