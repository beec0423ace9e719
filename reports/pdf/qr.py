"""QR codes for verification codes: a resident scans the code on the notice board and compares
it with what `verify-notice` prints for the published month.

Drawn as vector rectangles by ReportLab's own `QrCodeWidget` (no image library), with error
correction level M (15 %), so a code that is a little scuffed or badly lit still reads.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from reports.pdf.fonts import register_fonts
from reports.pdf.page import CONTENT_WIDTH
from reports.pdf.styles import para, styles
from reports.pdf.tables import layout_table

QR_SIZE = 30 * mm  # big enough for a phone at arm's length
QUIET_MODULES = 4  # the blank border the QR standard asks for


def qr_code(value: str, *, size: float = QR_SIZE) -> Drawing:
    """A square QR code of `value`, `size` points wide including its quiet border."""
    if not value:
        raise ValueError("a QR code needs a value")
    widget = QrCodeWidget(
        value, barLevel="M", barBorder=QUIET_MODULES, barWidth=size, barHeight=size
    )
    # The drawing's own font would otherwise be Helvetica, named in the PDF but not embedded.
    drawing = Drawing(size, size, initialFontName=register_fonts())
    drawing.add(widget)
    return drawing


def qr_block(
    value: str,
    lines: Sequence[str | Flowable],
    *,
    size: float = QR_SIZE,
    width: float = CONTENT_WIDTH,
) -> Table:
    """The QR code of `value` with explaining lines beside it (e.g. the code as text)."""
    st = styles()
    text = [para(x, st.body) if isinstance(x, str) else x for x in lines]
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("LEFTPADDING", (1, 0), (1, 0), 8),
    ]
    return layout_table([[qr_code(value, size=size), text]], [size, width - size], commands)
