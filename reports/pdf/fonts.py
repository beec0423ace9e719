"""The one font every paper is set in, registered with ReportLab once per process.

WenQuanYi Micro Hei ships inside the package (`reports/fonts/`), so the PDF embeds it (as a
subset) and looks the same on any computer and printer; ReportLab's built-in CID fonts are
never used, because they are not embedded. The font has one weight: the family maps bold
and italic to the same face, so `<b>` in paragraph markup is harmless, and emphasis comes
from size instead.

`missing_glyphs` answers whether a text can be printed in it, from the font's own cmap: a
character the font lacks would come out as an empty box.
"""

from __future__ import annotations

import io
import threading
from functools import cache
from importlib import resources

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from reports.fonts import FONT_FILE

FONT = "WenQuanYiMicroHei"  # the name ParagraphStyles and canvases use
_SUBFONT = 0  # the TTC holds Micro Hei (0) and Micro Hei Mono (1)
_lock = threading.Lock()


def register_fonts() -> str:
    """Register the font (once; later calls are free) and return its name."""
    with _lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(_load())
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT, bold, italic, FONT)
    return FONT


def _load() -> TTFont:
    # Read through importlib.resources so the file is found inside any installed package
    # (a wheel unpacked in site-packages, or a zip), not only next to this source file.
    data = resources.files("reports.fonts").joinpath(FONT_FILE).read_bytes()
    return TTFont(FONT, io.BytesIO(data), subfontIndex=_SUBFONT)


@cache
def _cmap() -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(FONT)
    return frozenset(font.face.charToGlyph)


def missing_glyphs(text: str) -> set[str]:
    """The characters of `text` the font has no glyph for (white space and controls aside)."""
    have = _cmap()
    return {ch for ch in text if not ch.isspace() and ch.isprintable() and ord(ch) not in have}
