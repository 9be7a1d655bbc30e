"""The trace records as HTML, Markdown and JSON documents: shape, Chinese, and no injection (WZ-6, JH-5.3)."""

from __future__ import annotations

import json
import re

import pytest

from api.records_render import render, to_html, to_markdown
from application.records.trace import build_records
from domain.errors import InvalidValue
from tests.unit.deliberation_history import (
    NAMES,
    announced,
    carried_out,
    consensus_sitting,
    proposed,
    reviewed,
)

HOSTILE = '<script>alert("x")</script> [点我](javascript:alert(1)) | **粗** `码` & <img src=x onerror=alert(1)>'


def records(title: str = "3栋加装电梯", names: dict | None = None) -> dict[int, dict]:
    story = announced(reviewed(proposed(title=title, description=f"说明：{title}")))
    consensus_sitting(story)
    return build_records(
        *carried_out(story).events(), names=names if names is not None else NAMES
    )


def test_html_is_a_self_contained_chinese_page_of_the_record_WZ_6():
    page = to_html(records()[4])
    assert (
        page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
        and '<meta charset="utf-8">' in page
    )
    assert "<style>" in page and not re.search(r"<(link|script|img|iframe)\b", page), (
        "inline CSS, nothing fetched"
    )
    assert (
        "<h1>城乡社区协商活动记录表</h1>" in page
        and "<h2>第1次协商活动记录</h2>" in page
    )
    assert (
        "<th>赞成比例</th>" in page
        and "<td>66.7%</td>" in page
        and "<th>协商监督员</th><td>王五（P0028）</td>" in page
    )


def test_html_escapes_every_user_value_and_forbids_scripts_WZ_6():
    hostile = records(
        title=HOSTILE, names={**NAMES, "R02": '"><script>alert(2)</script>'}
    )
    for record in hostile.values():
        page = to_html(record)
        assert (
            "<script" not in page
            and "<img" not in page
            and "onerror=alert(1)>" not in page
        ), record["key"]
    page = to_html(hostile[4])
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and "&amp;" in page
    )
    assert "&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;（反对）" in page, (
        "names are escaped too"
    )
    assert (
        "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""
        in page
    )


def test_markdown_has_a_title_sections_labelled_fields_and_vote_tables_WZ_6_JH_5_3():
    text = to_markdown(records()[4])
    lines = text.splitlines()
    assert lines[0] == "# 城乡社区协商活动记录表" and lines[2].startswith(
        "依据：WZ-6 · 记录4 · 状态：已形成"
    )
    assert "## 第1次协商活动记录" in lines and "- **协商地点**：社区议事厅" in lines
    header = (
        "  | 事项 | 表决内容 | 表决人数 | 应参加表决人数 | 赞成人数 | 反对人数 | 弃权人数 | 未表决人数 | 赞成比例 | "
        "反对比例 | 弃权比例 | 通过标准 | 是否通过 |"
    )
    assert (
        header in lines
        and "  |---|---|---|---|---|---|---|---|---|---|---|---|---|" in lines
    )
    assert (
        "  | item\\-1 | 同意加装电梯 | 9 | 9 | 6 | 2 | 1 | 0 | 66.7% | 22.2% | 11.1% | 赞成超过应参加表决人数的1/2 | "
        "通过 |"
    ) not in lines, "a hyphen is not escaped"
    assert (
        "  | item-1 | 同意加装电梯 | 9 | 9 | 6 | 2 | 1 | 0 | 66.7% | 22.2% | 11.1% | 赞成超过应参加表决人数的1/2 | "
        "通过 |"
    ) in lines
    assert "    | 序号 | 发言人 | 立场 | 时长 | 超时 | 要点 |" in lines, (
        "tables nested under their field"
    )
    assert "\n\n\n" not in text and text.endswith("\n")


def test_markdown_makes_user_text_inert_WZ_6():
    text = to_markdown(records(title=HOSTILE)[1])
    topic_line = next(
        line for line in text.splitlines() if line.startswith("- **协商议题**")
    )
    assert "<script>" not in text and "<img" not in text
    assert not re.search(r"(?<!\\)\]\(", text), (
        "no link: every bracket of user text is escaped"
    )
    assert topic_line == (
        '- **协商议题**：&lt;script&gt;alert("x")&lt;/script&gt; \\[点我\\](javascript:alert(1)) '
        "\\| \\*\\*粗\\*\\* \\`码\\` &amp; &lt;img src=x onerror=alert(1)&gt;"
    )


def test_a_record_not_yet_formed_renders_its_state_in_every_format_WZ_6():
    record = build_records(*proposed().events())[5]
    assert "> 协商结果确定后由居务监督委员会形成（WZ\\-5.8\\-d）" not in to_markdown(
        record
    )
    assert "> 协商结果确定后由居务监督委员会形成（WZ-5.8-d）" in to_markdown(record)
    assert "状态：尚未形成：该环节尚未发生" in to_markdown(record)
    assert (
        '<p class="note">协商结果确定后由居务监督委员会形成（WZ-5.8-d）</p>'
        in to_html(record)
    )
    assert json.loads(render(record, "json")[0])["status"] == "not_yet"


def test_json_carries_the_chinese_label_of_every_key_it_uses_and_unknown_formats_are_refused_WZ_6_JH_5_3():
    body, media_type = render(records()[4], "json")
    labelled = json.loads(body)
    assert (
        media_type == "application/json"
        and labelled["labels"]["yes_share"] == "赞成比例"
    )
    assert (
        labelled["labels"]["voters"] == "表决人数"
        and labelled["labels"]["supervisor"] == "协商监督员"
    )
    assert render(records()[1], "md")[1] == "text/markdown; charset=utf-8"
    assert render(records()[1], "html")[1] == "text/html; charset=utf-8"
    with pytest.raises(InvalidValue) as refused:
        render(records()[1], "pdf")
    assert refused.value.rule_id == "WZ-6" and refused.value.allowed == [
        "html",
        "json",
        "markdown",
        "md",
    ]
