"""The street summary: the street's accumulated funds are the compounds' closing balances,
each compound's figures are on the paper, sign-offs and publication are read per month,
and the command writes the file (or prints the read model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ledger.cli.app import main
from ledger.domain.money import format_fen, format_plain
from ledger.domain.period import Month
from ledger.services.context import Context
from ledger.services.statement import compound_names, monthly_statement
from ledger.services.street_report import street_report
from reports.pdf import cn_date
from reports.street_report_pdf import render_street_report
from tests.reports.support import Pdf, assert_printable, check_golden, keep_sample, need_poppler

APRIL = Month(2023, 4)
MAY = Month(2023, 5)


def test_the_street_total_is_the_sum_of_the_compounds_closing_balances(demo: Context) -> None:
    report = street_report(demo, APRIL)
    statements = [monthly_statement(demo, name, APRIL) for name in compound_names(demo)]
    assert len(report.compounds) == len(statements) == 4
    assert report.accumulated_fen == sum(st.closing_fen for st in statements)
    assert report.totals.income_ytd_fen == sum(st.income_ytd_fen for st in statements)
    for row, st in zip(report.compounds, statements, strict=True):
        assert (row.compound, row.closing_fen, row.income_total_fen) == (
            st.compound,
            st.closing_fen,
            st.income_total_fen,
        )
    assert report.as_json()["totals"]["accumulated_funds"] == format_plain(report.accumulated_fen)


@pytest.mark.parametrize(("month", "done"), [(APRIL, True), (MAY, False)])
def test_a_month_is_on_time_and_fully_signed_only_once_published(
    demo: Context, month: Month, done: bool
) -> None:
    report = street_report(demo, month)
    for row in report.compounds:
        assert (row.published, row.on_time, row.fully_signed) == (done, done, done)
        assert (row.published_on is not None) == done
    if done:  # published in May, by the 10th
        assert all(
            r.published_on and r.published_on <= Month(2023, 5).first_day.replace(day=10)
            for r in report.compounds
        )


def test_the_paper_prints_every_compounds_figures(demo: Context, tmp_path: Path) -> None:
    need_poppler()
    report = street_report(demo, APRIL)
    pdf = Pdf.write(render_street_report(report), tmp_path / "street.pdf")
    flat = pdf.flat
    assert f"{report.street}公共收益汇总" in flat and "2023年4月" in flat
    assert f"¥{format_fen(report.accumulated_fen)}" in flat
    for row in report.compounds:
        assert row.compound in flat and cn_date(row.opened_on) in flat
        for fen in (
            row.income_fen,
            row.spending_fen,
            row.closing_fen,
            row.income_ytd_fen,
            row.income_total_fen,
            row.spending_total_fen,
        ):
            assert format_fen(fen) in flat, (row.compound, fen)
    assert "街道合计" in flat and "签字齐全" in flat and "未答复投诉" in flat
    assert_printable(pdf)
    assert render_street_report(report) == render_street_report(report)
    keep_sample(pdf, "street-report.png", tmp_path)
    check_golden(pdf, "street-report-demo.txt")


def test_street_report_command_writes_the_paper_or_prints_json(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_poppler()
    target = tmp_path / "street.pdf"
    args = ["--db", str(demo_db), "street-report", "--month", "2023-04"]
    assert main([*args, "-o", str(target)]) == 0
    assert Pdf(target).page_count >= 1
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["month"] == "2023-04" and len(data["compounds"]) == 4
