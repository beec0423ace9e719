"""Canonical serialisation and hash chains (invariant 6).

Each link's hash is SHA-256 over the previous hash and a canonical JSON of the record:
sorted keys, no insignificant white space, UTF-8, integers for money, ISO dates and UTC
timestamps. Floats are refused, so an amount can never be serialised two ways.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

GENESIS_HASH = "0" * 64


def _plain(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        raise TypeError("floats are not allowed in canonical records")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Sequence):
        return [_plain(v) for v in value]
    raise TypeError(f"cannot serialise {type(value).__name__} canonically")


def canonical(record: Mapping[str, Any]) -> bytes:
    return json.dumps(
        _plain(record), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def chain_hash(prev_hash: str, record: Mapping[str, Any]) -> str:
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical(record))
    return digest.hexdigest()
