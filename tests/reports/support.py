"""Reading rendered PDFs back the way a person would: text (`pdftotext -layout`), page count
(`pdfinfo`), fonts (`pdffonts`), pictures (`pdftoppm`); and golden files of the text.

Golden files hold the extracted text, blanks squeezed and each page marked, and are compared
line by line without blanks, so that spacing differences between poppler versions do not
matter but any change of words, figures, their order or their lines does. `UPDATE_GOLDEN=1 pytest tests/reports` rewrites them
(and the PNG samples under docs/samples/); look at the diff and the pictures before
committing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from ledger.domain.voucher import VoucherLine, VoucherView
from reports.pdf import missing_glyphs

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLES = ROOT / "docs" / "samples"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
POPPLER = ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm")
SAMPLE_MAX_BYTES = 300_000


def need_poppler() -> None:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.skip(
            f"poppler-utils not installed ({', '.join(missing)}): apt-get install poppler-utils"
        )


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60).stdout


@dataclass(frozen=True)
class Pdf:
    """A rendered PDF on disk, with what poppler reads from it."""

    path: Path

    @classmethod
    def write(cls, data: bytes, path: Path) -> Pdf:
        path.write_bytes(data)
        return cls(path)

    @property
    def pages(self) -> list[str]:
        """The text of each page, laid out as on paper."""
        text = _run("pdftotext", "-layout", "-enc", "UTF-8", str(self.path), "-")
        return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")

    @property
    def text(self) -> str:
        """All text with blanks squeezed: what assertions search in."""
        return squeeze("\n".join(self.pages))

    @property
    def flat(self) -> str:
        """All text with no white space at all: poppler may drop a narrow space between
        Chinese characters ("第 1 页" → "第1页"), so figures are looked for here."""
        return re.sub(r"\s+", "", "".join(self.pages))

    @property
    def lines(self) -> list[str]:
        """Each printed line with no white space: a table row's cells in order."""
        return [re.sub(r"\s+", "", line) for line in self.text.splitlines()]

    def words(self) -> list[tuple[str, float, float, int]]:
        """(word, x_min, x_max, page) of every word, from `pdftotext -bbox`."""
        html = _run("pdftotext", "-bbox", "-enc", "UTF-8", str(self.path), "-")
        out: list[tuple[str, float, float, int]] = []
        for number, page in enumerate(html.split("<page ")[1:], 1):
            for m in re.finditer(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', page
            ):
                out.append((m.group(3), float(m.group(1)), float(m.group(2)), number))
        return out

    @property
    def page_count(self) -> int:
        match = re.search(r"^Pages:\s+(\d+)$", _run("pdfinfo", str(self.path)), re.M)
        assert match, "pdfinfo printed no page count"
        return int(match.group(1))

    def fonts(self) -> list[tuple[str, bool]]:
        """(font name, embedded?) for every font the file uses."""
        lines = _run("pdffonts", str(self.path)).splitlines()[2:]
        out = []
        for line in lines:
            cols = line.split()
            # name type [type…] encoding emb sub uni object-id gen: emb is 5th from the end
            out.append((cols[0], cols[-5] == "yes"))
        return out

    def png(
        self, prefix: Path, *, dpi: int = 80, first: int = 1, last: int | None = None
    ) -> list[Path]:
        args = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first)]
        if last is not None:
            args += ["-l", str(last)]
        _run(*args, str(self.path), str(prefix))
        return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def sample_voucher(lines: int = 3, *, memo: str = "2024年3月停车费") -> VoucherView:
    """A voucher made up in memory (no database): `lines` debit lines and one credit line."""
    debit = [
        VoucherLine("1002", "银行存款-公共收益专户", 123_456_789 + i, f"第 {i + 1} 笔")
        for i in range(lines)
    ]
    total = sum(x.amount_fen for x in debit)
    return VoucherView(
        compound="测试花园",
        voucher="记-2024-03-0007",
        date=dt.date(2024, 3, 15),
        memo=memo,
        kind="income",
        lines=(*debit, VoucherLine("4301", "停车费收入", -total, memo)),
        maker="出纳甲",
        checker="主任乙",
        drafted_at=dt.datetime(2024, 3, 15, 1, 0, tzinfo=dt.UTC),
        posted_at=dt.datetime(2024, 3, 15, 2, 30, tzinfo=dt.UTC),
        attachment_count=2,
        attachments=(("ab" * 32, "收据.pdf"),),
        reverses=None,
        reversed_by=None,
        reason=None,
        hash="0123456789abcdef" * 4,
        prev_hash="fedcba9876543210" * 4,
    )


def squeeze(text: str) -> str:
    lines = (re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def golden_text(pdf: Pdf) -> str:
    parts = [f"=== 第 {i} 页 ===\n{squeeze(page)}" for i, page in enumerate(pdf.pages, 1)]
    return "\n".join(parts) + "\n"


def check_golden(pdf: Pdf, name: str) -> None:
    """The PDF's text equals tests/reports/golden/NAME (rewritten when UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    text = golden_text(pdf)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with UPDATE_GOLDEN=1 once and review it"
    # Compared without blanks: poppler versions differ in where they see a narrow space.
    assert _unspaced(text) == _unspaced(path.read_text(encoding="utf-8")), (
        f"{name} changed: if intended, rerun with UPDATE_GOLDEN=1 and review the diff"
    )


def _unspaced(text: str) -> list[str]:
    return [re.sub(r"\s+", "", line) for line in text.splitlines()]


def keep_sample(pdf: Pdf, name: str, tmp: Path, *, pages: int = 1) -> None:
    """With UPDATE_GOLDEN=1, store the first pages as docs/samples/NAME (side by side)."""
    if not UPDATE:
        return
    from PIL import Image  # Pillow comes with ReportLab

    images = [Image.open(p) for p in pdf.png(tmp / "sample", last=pages)]
    sheet = Image.new("RGB", (sum(i.width for i in images), max(i.height for i in images)), "white")
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width
    SAMPLES.mkdir(parents=True, exist_ok=True)
    sheet.convert("L").save(SAMPLES / name, optimize=True)
    assert (SAMPLES / name).stat().st_size <= SAMPLE_MAX_BYTES


def assert_printable(pdf: Pdf) -> None:
    """Every character on the paper has a glyph in the embedded font, and only embedded
    fonts are used."""
    assert missing_glyphs("".join(pdf.pages)) == set()
    fonts = pdf.fonts()
    assert fonts, "the PDF names no font at all"
    assert all(embedded for _, embedded in fonts), fonts
    assert all("WenQuanYiMicroHei" in name for name, _ in fonts), fonts
