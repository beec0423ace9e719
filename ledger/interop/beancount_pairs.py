"""Reversal pairs in an imported file: two transactions joined by one `rev-…` link.

The later of the two (in replay order) reverses the earlier when its lines mirror the
earlier's (same accounts, opposite amounts); its lines are then put in the original's order,
as a posted reversal must be its exact mirror. Anything else (a lone link, three
transactions on one link, lines that do not mirror, an original that is itself a reversal)
is imported as an ordinary entry: a link is re-created where it can be, never invented.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ledger.domain.entry import Line

if TYPE_CHECKING:
    from ledger.interop.beancount_in import ImportedEntry


def pair_reversals(entries: Sequence[ImportedEntry]) -> list[ImportedEntry]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entries):
        if e.link is not None:
            groups[e.link].append(i)
    out = [replace(e, kind="general") if e.kind == "reversal" else e for e in entries]
    for members in groups.values():
        if len(members) != 2:
            continue
        first, second = (entries[i] for i in members)
        lines = _mirror(first.lines, second.lines)
        if lines is None or first.kind == "reversal":
            continue
        out[members[1]] = replace(second, kind="reversal", lines=lines, reverses_keys=first.keys)
    return out


def _mirror(original: Sequence[Line], candidate: Sequence[Line]) -> tuple[Line, ...] | None:
    """`candidate`'s lines in the order that mirrors `original`, or None if they do not."""
    left = list(candidate)
    ordered: list[Line] = []
    for line in original:
        match = next(
            (
                x
                for x in left
                if x.account_code == line.account_code and x.amount_fen == -line.amount_fen
            ),
            None,
        )
        if match is None:
            return None
        left.remove(match)
        ordered.append(match)
    return tuple(ordered) if not left else None
