"""The journal page service: newest first, any page equals the same slice of the whole list,
the count agrees with the pages, and each filter keeps exactly the entries it names."""

from __future__ import annotations

from ledger.domain.money import parse_fen
from ledger.domain.period import Month
from ledger.services import journal
from ledger.services.context import Context
from ledger.services.journal_pages import JournalFilter, journal_count, journal_page

COMPOUND = "迎宾花苑"
EVERYTHING = 10_000


def all_rows(ctx: Context, flt: JournalFilter) -> list[str]:
    return [r.voucher_no for r in journal_page(ctx, COMPOUND, flt, offset=0, limit=EVERYTHING)]


def test_newest_first_and_pages_are_slices_of_the_whole(tui_ctx: Context) -> None:
    oldest_first = [
        r.number for r in journal.list_rows(tui_ctx, COMPOUND, month=None, drafts=False)
    ]
    whole = all_rows(tui_ctx, JournalFilter())
    assert whole == list(reversed(oldest_first))
    assert journal_count(tui_ctx, COMPOUND, JournalFilter()) == len(whole) > 40
    for offset, limit in ((0, 7), (13, 10), (len(whole) - 3, 10)):
        page = journal_page(tui_ctx, COMPOUND, JournalFilter(), offset=offset, limit=limit)
        assert [r.voucher_no for r in page] == whole[offset : offset + limit]
    seqs = [r.seq for r in journal_page(tui_ctx, COMPOUND, JournalFilter(), offset=0, limit=50)]
    assert seqs == sorted(seqs, reverse=True)


def test_each_filter_keeps_exactly_what_it_names(tui_ctx: Context) -> None:
    may = Month(2023, 5)
    by_month = all_rows(tui_ctx, JournalFilter(month=may))
    expected = [r.number for r in journal.list_rows(tui_ctx, COMPOUND, month=may, drafts=False)]
    assert by_month == list(reversed(expected)) and by_month
    assert journal_count(tui_ctx, COMPOUND, JournalFilter(month=may)) == len(by_month)

    parking = journal_page(tui_ctx, COMPOUND, JournalFilter(text="停车费"), offset=0, limit=500)
    assert parking and all("停车费" in r.memo for r in parking)
    others = journal_page(tui_ctx, COMPOUND, JournalFilter(), offset=0, limit=EVERYTHING)
    assert len(parking) == sum("停车费" in r.memo for r in others)

    fees = all_rows(tui_ctx, JournalFilter(account="5301"))
    assert fees
    for voucher in fees[:5]:
        assert "5301" in {x.code for x in journal.entry_detail(tui_ctx, COMPOUND, voucher).lines}

    rent = parse_fen("1200")
    by_amount = all_rows(tui_ctx, JournalFilter(amount_fen=rent))
    assert by_amount
    for voucher in by_amount:
        lines = journal.entry_detail(tui_ctx, COMPOUND, voucher).lines
        assert any(abs(x.amount_fen) == rent for x in lines)

    both = JournalFilter(month=may, text="停车费")
    assert journal_count(tui_ctx, COMPOUND, both) == 1


def test_text_filter_takes_like_wildcards_literally(tui_ctx: Context) -> None:
    assert journal_count(tui_ctx, COMPOUND, JournalFilter(text="%")) == 0
    assert journal_count(tui_ctx, COMPOUND, JournalFilter(text="_")) == 0
    assert journal_count(tui_ctx, COMPOUND, JournalFilter(text="记-2023-05")) == len(
        all_rows(tui_ctx, JournalFilter(month=Month(2023, 5)))
    )


def test_project_filter_keeps_the_projects_payments(tui_ctx: Context) -> None:
    water = "香榭雅居"  # its water mains project is paid in 2023-05 in the demo
    rows = journal_page(tui_ctx, water, JournalFilter(), offset=0, limit=EVERYTHING)
    payments = [r for r in rows if r.kind == "payment"]
    assert payments, "the demo books hold no project payment"
    project = journal.entry_detail(tui_ctx, water, payments[0].voucher_no).project
    assert project is not None
    project_id = int(project.split()[0].lstrip("#"))
    kept = journal_page(tui_ctx, water, JournalFilter(project_id=project_id), offset=0, limit=99)
    assert [r.voucher_no for r in kept] == [r.voucher_no for r in payments]
    assert journal_count(tui_ctx, COMPOUND, JournalFilter(project_id=project_id)) == 0
