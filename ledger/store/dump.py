"""The backup file: every table's rows as gzip-compressed JSON lines, with a checksum.

Layout, one JSON document per line:

    {"format": FORMAT, "version": 1, "revision": "0005", "dialect": "sqlite", "tables": [...]}
    {"table": "street", "columns": ["id", "name", "created_at"]}
    [1, "测试街道", {"$": "dt", "v": "2024-01-01T01:00:01"}]
    …
    {"end": true, "counts": {"street": 1, …}, "sha256": "…"}

Tables come in foreign-key order, rows in primary-key order. Values that JSON cannot hold
(dates, timestamps, decimals, bytes, JSON documents) are tagged objects. The last line carries
the row count of every table and the SHA-256 of every line before it, so a truncated or
altered file is refused before anything is loaded.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from ledger.domain.errors import StorageError

FORMAT = "mingbaizhang-dump"
VERSION = 1


def encode(value: Any) -> Any:
    """A stored value as JSON: plain when JSON holds it, else a tagged object."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return {"$": "float", "v": repr(value)}
    if isinstance(value, dt.datetime):
        return {"$": "dt", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$": "time", "v": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$": "dec", "v": str(value)}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$": "b64", "v": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict | list):
        return {"$": "json", "v": value}
    raise TypeError(f"cannot dump a value of type {type(value).__name__}")


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "float": float,
    "dt": dt.datetime.fromisoformat,
    "date": dt.date.fromisoformat,
    "time": dt.time.fromisoformat,
    "dec": Decimal,
    "b64": base64.b64decode,
    "json": lambda v: v,
}


def decode(value: Any) -> Any:
    if isinstance(value, dict):
        return _DECODERS[value["$"]](value["v"])
    return value


@dataclass
class Header:
    revision: str
    dialect: str
    tables: list[str]
    created_at: str = ""


@dataclass
class Footer:
    counts: dict[str, int] = field(default_factory=dict)
    sha256: str = ""


class DumpWriter:
    """Writes a dump to `path` through a temporary file, renamed into place when complete."""

    def __init__(self, path: Path, header: Header) -> None:
        self.path = path
        self._tmp = path.with_name(path.name + ".part")
        self._raw: IO[bytes] = open(self._tmp, "wb")  # noqa: SIM115  (closed in close/abort)
        self._gz = gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0)
        self._hash = hashlib.sha256()
        self.counts: dict[str, int] = {}
        self._line(
            {
                "format": FORMAT,
                "version": VERSION,
                "revision": header.revision,
                "dialect": header.dialect,
                "created_at": header.created_at,
                "tables": header.tables,
            }
        )

    def _line(self, doc: Any) -> None:
        data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        self._hash.update(data)
        self._gz.write(data)

    def table(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        self._line({"table": name, "columns": list(columns)})
        n = 0
        for row in rows:
            self._line([encode(v) for v in row])
            n += 1
        self.counts[name] = n

    def close(self) -> Footer:
        footer = Footer(dict(self.counts), self._hash.hexdigest())
        end = {"end": True, "counts": footer.counts, "sha256": footer.sha256}
        self._gz.write(json.dumps(end, ensure_ascii=False).encode() + b"\n")
        self._gz.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        os.replace(self._tmp, self.path)
        return footer

    def abort(self) -> None:
        self._gz.close()
        self._raw.close()
        self._tmp.unlink(missing_ok=True)


def _bad(path: Path, why: str) -> StorageError:
    return StorageError(f"备份文件「{path}」无法使用：{why}，未作任何更改")


def _lines(path: Path) -> Iterator[bytes]:
    try:
        with gzip.open(path, "rb") as fh:
            yield from fh
    except FileNotFoundError:
        raise StorageError(f"备份文件不存在：{path}") from None
    except (OSError, EOFError) as err:
        raise _bad(path, f"不是完整的备份文件（{err}）") from None


def check(path: Path) -> tuple[Header, Footer]:
    """Read the whole file once: its header, and its footer after the checksum and every
    table's row count have been checked against the lines themselves."""
    digest = hashlib.sha256()
    header: Header | None = None
    counts: dict[str, int] = {}
    current: str | None = None
    for raw in _lines(path):
        if not raw.endswith(b"\n"):
            raise _bad(path, "文件不完整（最后一行被截断，可能在写入时中断）")
        try:
            doc = json.loads(raw)
        except ValueError:
            raise _bad(path, "内容已损坏（不是有效的 JSON 行）") from None
        if header is None:
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise _bad(path, "这不是本程序生成的备份文件")
            if doc.get("version") != VERSION:
                raise _bad(path, f"备份格式版本 {doc.get('version')} 不受支持")
            header = Header(doc["revision"], doc["dialect"], list(doc["tables"]), doc["created_at"])
        elif isinstance(doc, dict) and doc.get("end"):
            if digest.hexdigest() != doc.get("sha256"):
                raise _bad(path, "校验和不符（文件被改动或损坏）")
            if counts != {t: int(n) for t, n in doc.get("counts", {}).items()}:
                raise _bad(path, "各表行数与文件末尾记录的不符")
            return header, Footer(counts, doc["sha256"])
        elif isinstance(doc, dict):
            current = str(doc["table"])
            counts[current] = 0
        elif current is not None:
            counts[current] += 1
        digest.update(raw)
    raise _bad(path, "文件不完整（缺少结尾的校验行，可能在写入时中断）")


def tables(path: Path) -> Iterator[tuple[str, list[str], Iterator[list[Any]]]]:
    """Each table of a checked dump: its name, columns, and its decoded rows (consume the rows
    before asking for the next table)."""
    lines = _lines(path)
    next(lines)  # header
    pending: dict[str, Any] | None = None

    def rows() -> Iterator[list[Any]]:
        nonlocal pending
        for raw in lines:
            doc = json.loads(raw)
            if isinstance(doc, dict):
                pending = doc
                return
            yield [decode(v) for v in doc]
        pending = None

    first = json.loads(next(lines))
    pending = first
    while pending is not None and not pending.get("end"):
        name, columns = str(pending["table"]), list(pending["columns"])
        pending = None
        yield name, columns, rows()
