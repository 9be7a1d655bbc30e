"""The assessment pack as a table (CSV, XLSX): the unit's line, then each child's with its rank."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

# (figure, Chinese column heading), in the order a reader takes them
COLUMNS = (
    ("received", "受理"),
    ("accepted_on_time", "按时受理"),
    ("response_rate", "响应率"),
    ("resolved", "办结"),
    ("resolution_rate", "办结率"),
    ("resolved_here", "本级办结"),
    ("resolved_nearest", "就近办结"),
    ("nearest_rate", "就近办结率"),
    ("escalated", "上报"),
    ("delegated", "交办"),
    ("open_now", "在办"),
    ("overdue_now", "当前逾期"),
    ("overdue_now_rate", "当前逾期率"),
    ("overdue_ever", "曾逾期"),
    ("overdue_ever_rate", "曾逾期率"),
    ("ratings", "评价数"),
    ("ratings_by_residents", "居民自评"),
    ("ratings_by_staff", "回访代录"),
    ("satisfied", "满意（4–5分）"),
    ("satisfaction_rate", "满意率"),
    ("satisfaction_average", "平均满意度"),
    # WZ-E1 deliberation figures
    ("topics_proposed", "议题提出"),
    ("topics_registered", "议题登记"),
    ("sittings_held", "协商会议"),
    ("topics_settled", "形成结果"),
    ("settled_first_time", "首次达成共识"),
    ("one_time_success_rate", "一次成功率"),
    ("eligible", "应到人次"),
    ("present", "实到人次"),
    ("participation_rate", "参与率"),
    ("filed", "备案"),
    ("filed_on_time", "按时备案"),
    ("filed_on_time_rate", "按时备案率"),
    ("communicated", "结果传达"),
    ("communicated_on_time", "按时传达"),
    ("communicated_on_time_rate", "按时传达率"),
    ("implemented", "落实完成"),
    ("implemented_on_time", "按期落实"),
    ("implemented_on_time_rate", "按期落实率"),
    ("overdue_reviews", "逾期未审核"),
)
HEAD = ("单位编码", "单位", "层级", "排名")


def table(pack: dict[str, Any]) -> list[list[Any]]:
    """Header, the unit's own line (no rank), then its children in rank order."""
    lines = [[*HEAD, *(title for _, title in COLUMNS)]]
    children = sorted(pack["children"], key=lambda c: c["rank"])
    for line in [pack, *children]:
        figs = line["figures"]
        lines.append(
            [
                line["unit"],
                line["name"],
                line["level"],
                line.get("rank", ""),
                *(figs[name] for name, _ in COLUMNS),
            ]
        )
    return lines


def to_csv(pack: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [f"考核期 {pack['period']}（{pack['period_from']} 至 {pack['period_to']}）"]
    )
    writer.writerows(["" if v is None else v for v in line] for line in table(pack))
    return out.getvalue().encode(
        "utf-8-sig"
    )  # the BOM lets spreadsheet programs read UTF-8


def to_xlsx(pack: dict[str, Any]) -> bytes:
    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook holds one sheet
    sheet.title = f"考核 {pack['period']}"[:31]
    for line in table(pack):
        sheet.append(line)
    sheet.freeze_panes = "E2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
