"""Turning command-line text into domain values, with the field named in every error."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ledger.domain.entry import Attachment, Line
from ledger.domain.errors import InvalidInput
from ledger.domain.money import parse_fen


def parse_line(spec: str, index: int) -> Line:
    """`CODE:AMOUNT` (positive debit, negative credit), optionally `CODE:AMOUNT:MEMO`."""
    parts = spec.replace("：", ":").split(":", 2)
    if len(parts) < 2 or not parts[0].strip():
        raise InvalidInput(
            f"第 {index} 个 --line「{spec}」格式有误：应写成 科目代码:金额，如 1002:1234.50 或 4301:-1234.50"
        )
    code = parts[0].strip()
    amount = parse_fen(
        parts[1], field=f"第 {index} 行（科目 {code}）金额", allow_negative=True, allow_zero=False
    )
    return Line(code, amount, parts[2].strip() if len(parts) == 3 else "")


def parse_id(text: str, what: str) -> int:
    value = text.strip().lstrip("#")
    if not value.isdigit() or len(value) > 12:
        raise InvalidInput(f"{what}「{text}」应为正整数")
    return int(value)


def attachment_of(path: str) -> Attachment:
    file = Path(path)
    if not file.is_file():
        raise InvalidInput(f"附件文件不存在：{path}")
    digest = hashlib.sha256()
    with file.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return Attachment(digest.hexdigest(), file.name)
