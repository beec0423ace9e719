"""A project's vote on paper: the tally, then each threshold check with the figure it needed
and the margin it was met or missed by — so a resident sees not just 通过 but how close it was.

Works on the vote dictionaries of `ProjectView.votes` (as `project show --json` prints them).
Areas are kept in hundredths of a square metre and printed as square metres with two
decimals; a check is about area when its name says 面积 (the names come from
`ledger.domain.tally`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ledger.domain.money import format_fen
from reports.pdf import Cell, Column, cn_date, data_table, para, styles

AREA_WORD = "面积"


def vote_flowables(vote: Mapping[str, Any]) -> list[Flowable]:
    st = styles()
    held = cn_date(dt.date.fromisoformat(str(vote["held_on"])))
    assembly = vote["body"] == "assembly"
    title = f"业主大会表决，{held}" if assembly else f"业主委员会会议表决，{held}"
    if vote.get("special"):
        title += "（属民法典第二百七十八条第一款第六至八项事项）"
    out: list[Flowable] = [para(title, st.body)]
    out.append(_assembly_tally(vote) if assembly else para(_committee_tally(vote), st.body))
    out.append(Spacer(1, 4))
    checks = vote.get("result", {}).get("checks", [])
    if checks:
        out += _checks_table(checks)
    verdict = "通过" if vote["passed"] else "未通过"
    out.append(para(f"表决结果：{verdict}", st.total))
    return [KeepTogether(out)]  # a tally is read whole: moved to the next page, not cut


def _committee_tally(v: Mapping[str, Any]) -> str:
    return (
        f"在任委员 {v['members']} 人，出席 {v['present']} 人；"
        f"赞成 {v['for']} 票，反对 {v['against']} 票，弃权 {v['abstain']} 票。"
    )


def _assembly_tally(v: Mapping[str, Any]) -> Flowable:
    columns = [
        Column("", 2.5),
        Column("人数（人）", 2.0, "right"),
        Column("专有部分面积（平方米）", 3.0, "right"),
    ]
    rows: list[list[Cell]] = [
        ["全体业主", str(v["owners_total"]), _area(v["area_total"])],
        ["参与表决", str(v["owners_voted"]), _area(v["area_voted"])],
        ["其中：赞成", str(v["for"]), _area(v["area_for"])],
        ["反对", str(v["against"]), ""],
        ["弃权", str(v["abstain"]), ""],
    ]
    return data_table(columns, rows)


def _checks_table(checks: list[Mapping[str, Any]]) -> list[Flowable]:
    st = styles()
    columns = [
        Column("检查项", 2.4),
        Column("实际 / 基数", 2.9, "center"),
        Column("门槛", 1.7, "center"),
        Column("至少需要", 1.6, "center"),
        Column("结果", 1.8, "center"),
    ]
    rows: list[list[Cell]] = []
    any_area = False
    for c in checks:
        area = AREA_WORD in str(c["name"])
        any_area = any_area or area
        fmt = _area if area else str
        margin = int(c["margin"])
        how = f"多 {fmt(margin)}" if margin >= 0 else f"差 {fmt(-margin)}"
        rows.append(
            [
                str(c["name"]),
                para(f"{fmt(c['part'])} / {fmt(c['whole'])}", st.figure),
                str(c["threshold"]),
                para(fmt(c["needed"]), st.figure),
                para(f"{'达到' if c['met'] else '未达到'}\n{how}", st.figure),
            ]
        )
    out: list[Flowable] = [data_table(columns, rows)]
    unit = "面积单位为平方米（专有部分面积），人数单位为人。" if any_area else "单位：人。"
    out.append(para(unit + "“至少需要”是达到门槛的最小数，“多”“差”是与它相比的余量。", st.note))
    return out


def _area(hundredths: object) -> str:
    """Hundredths of a square metre as square metres: 4240000 → 42,400.00."""
    if hundredths is None:
        return ""
    return format_fen(int(str(hundredths)))
