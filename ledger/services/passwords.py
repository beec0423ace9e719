"""Password hashes: salted scrypt (hashlib), never the password itself.

Stored as `scrypt$n$r$p$salt$hash` (base64), so parameters can be raised later without
invalidating existing hashes. Comparison is constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

R, P = 8, 1
# The work factor of NEW hashes: 2**14 by default (about 70 ms here). LEDGER_SCRYPT_LOG2N lowers
# or raises it (10–20) — the test suite sets 10, since it creates and checks thousands of
# passwords; existing hashes keep the factor they were made with.
LOG2N_RANGE = range(10, 21)


def _work_factor() -> int:
    text = os.environ.get("LEDGER_SCRYPT_LOG2N", "14")
    log2n = int(text) if text.isdigit() and int(text) in LOG2N_RANGE else 14
    return int(2**log2n)


SALT_BYTES = 16
KEY_BYTES = 32


def hash_password(password: str) -> str:
    salt = os.urandom(SALT_BYTES)
    n = _work_factor()
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=R, p=P, dklen=KEY_BYTES)
    b64 = base64.b64encode
    return f"scrypt${n}${R}${P}${b64(salt).decode()}${b64(key).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)
