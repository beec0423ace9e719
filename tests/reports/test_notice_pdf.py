"""The monthly disclosure notice: the same figures as `statement --json`, embedded font,
deterministic bytes, the verification code as text and QR, empty sections left out."""

from __future__ import annotations

from pathlib import Path

from ledger.cli.app import main
from ledger.domain.money import format_fen
from ledger.domain.period import Month
from ledger.services.context import Context
from ledger.services.statement import monthly_statement
from reports.notice_pdf import render_notice
from tests.reports.support import Pdf, assert_printable, check_golden, keep_sample, need_poppler


def test_the_notice_prints_the_statements_figures(demo: Context, tmp_path: Path) -> None:
    need_poppler()
    st = monthly_statement(demo, "香榭雅居", Month(2023, 4))
    pdf = Pdf.write(render_notice(st), tmp_path / "notice.pdf")
    flat = pdf.flat
    for fen in (st.opening_fen, st.income_fen, st.spending_fen, st.closing_fen):
        assert format_fen(fen) in flat
    for c in st.categories:
        assert c.name in flat and format_fen(c.net_ytd_fen) in flat
    assert st.short_code is not None and st.short_code in flat
    assert "第1页共" in flat and "监督电话" in flat
    assert st.seal_register_no is not None and f"用印登记第{st.seal_register_no}号" in flat
    assert_printable(pdf)
    assert render_notice(st) == render_notice(st)


def test_a_month_with_a_project_payment_names_its_vote_and_notice(
    demo: Context, tmp_path: Path
) -> None:
    need_poppler()
    st = monthly_statement(demo, "香榭雅居", Month(2023, 5))
    pdf = Pdf.write(render_notice(st), tmp_path / "may.pdf")
    assert "77,040.00" in pdf.flat and "供水主管道更换工程" in pdf.flat
    paid = next(p for p in st.payments if p.amount_fen == 7_704_000)
    assert paid.voucher in pdf.flat and "2023-04-18" in pdf.flat  # the vote it rests on
    # Not yet published: it says so and carries no code.
    assert "尚未公示" in pdf.flat and "校验码：" not in pdf.flat
    check_golden(
        Pdf.write(
            render_notice(monthly_statement(demo, "香榭雅居", Month(2023, 4))),
            tmp_path / "april.pdf",
        ),
        "notice-demo.txt",
    )
    keep_sample(
        Pdf.write(
            render_notice(monthly_statement(demo, "香榭雅居", Month(2023, 4))),
            tmp_path / "sample.pdf",
        ),
        "notice.png",
        tmp_path,
        pages=2,
    )


def test_notice_command_writes_one_paper_or_one_per_compound(demo_db: Path, tmp_path: Path) -> None:
    need_poppler()
    one = tmp_path / "one.pdf"
    assert (
        main(
            [
                "--db",
                str(demo_db),
                "notice",
                "--compound",
                "迎宾花苑",
                "--month",
                "2023-04",
                "-o",
                str(one),
            ]
        )
        == 0
    )
    assert Pdf(one).page_count >= 1
    folder = tmp_path / "street"
    assert (
        main(["--db", str(demo_db), "notice", "--street", "--month", "2023-04", "-o", str(folder)])
        == 0
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{name}-2023-04-公示.pdf" for name in ("迎宾花苑", "香榭雅居", "冠农小区", "汇景台小区")
    )
