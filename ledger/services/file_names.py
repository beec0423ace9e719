"""Default names for the files a compound's papers and exports are saved to.

Names are ASCII only (a compound's own name is Chinese, which some file systems, archives and
e-mail attachments mangle) and say what the file holds and for which period; the compound is
named by its id, which never changes, so two compounds' files never overwrite each other.
"""

from __future__ import annotations

from ledger.domain.period import Month
from ledger.services.context import Context
from ledger.store import org


def compound_tag(ctx: Context, compound: str) -> str:
    """`c3`: the compound in a file name."""
    with ctx.db.read() as session:
        return f"c{org.compound_by_name(session, compound).id}"


def file_name(tag: str, what: str, suffix: str, *period: Month | None) -> str:
    """`notice-c3-2023-05.pdf`, `workbook-c3-2021-12_2023-07.xlsx`, `beancount-c3.beancount`."""
    months = "_".join(str(m) for m in period if m is not None)
    return f"{what}-{tag}{'-' + months if months else ''}.{suffix}"
