"""The trace records of WZ-6 as documents: self-contained HTML (lang zh-CN, inline CSS) and Markdown,
and JSON with the Chinese labels of the keys used.

Every value in a record may be user input (titles, names, free text), so every value is escaped:
HTML-escaped in HTML (and the page forbids scripts by its own Content-Security-Policy, in case
anything ever slipped through), and in Markdown HTML-escaped as well as stripped of the characters
that would make it a link, emphasis, code or a table cell break.

    render(record, fmt) -> (body: str, media_type: str)     fmt: "html" | "md" | "markdown" | "json"
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from application.inert_text import NO_SCRIPTS_CSP, inert_markdown
from application.records.labels import LABELS
from application.records.words import NONE_YET, when
from domain.errors import InvalidValue

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "json": "application/json",
}
CSS = (
    "body{font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:2em;color:#222}"
    "h1{font-size:1.5em;text-align:center}h2{font-size:1.15em;margin-top:1.5em}"
    "table{border-collapse:collapse;width:100%;margin:.3em 0}th,td{border:1px solid #999;padding:.3em .5em;"
    "vertical-align:top;text-align:left}th{background:#f3f3f3;white-space:nowrap}"
    ".meta{color:#555;text-align:center}.note{background:#fff8e0;padding:.5em;border-left:4px solid #e0b000}"
    "@media print{body{margin:0}}"
)


def render(record: dict, fmt: str) -> tuple[str, str]:
    if fmt not in MEDIA_TYPES:
        raise InvalidValue(
            f"unknown format {fmt!r}",
            rule_id="WZ-6",
            allowed=sorted(MEDIA_TYPES),
            zh=f"未知的格式 {fmt!r}：可选格式见 allowed_actions",
        )
    if fmt == "html":
        return to_html(record), MEDIA_TYPES[fmt]
    if fmt == "json":
        return json.dumps(labelled(record), ensure_ascii=False), MEDIA_TYPES[fmt]
    return to_markdown(record), MEDIA_TYPES[fmt]


def labelled(record: dict) -> dict:
    """The record with `labels`: the Chinese label of every key it uses."""
    return {
        **record,
        "labels": {key: LABELS[key] for key in sorted(_keys(record)) if key in LABELS},
    }


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def label(key: str) -> str:
    return LABELS.get(key, key)


def scalar(value: Any) -> str:
    """A value that is not a table: text, a number, or a list of texts joined as Chinese lists are."""
    if value is None:
        return NONE_YET
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(scalar(v) for v in value) if value else "无"
    return str(value)


def is_rows(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) for v in value)
    )


def columns(rows: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def meta_line(record: dict) -> str:
    return (
        f"依据：{record['rule_id']} · 记录{record['record']} · 状态：{record['status_text']} · "
        f"依据日志截至：{when(record['as_of'])}（北京时间）"
    )


# ---- HTML ------------------------------------------------------------------------------------
def h(value: Any) -> str:
    return html.escape(scalar(value), quote=True).replace("\n", "<br>")


def html_value(value: Any) -> str:
    if isinstance(value, dict):
        return html_fields(value)
    if is_rows(value):
        return html_rows(value)
    return h(value)


def html_fields(fields: dict) -> str:
    rows = "".join(
        f"<tr><th>{h(label(k))}</th><td>{html_value(v)}</td></tr>"
        for k, v in fields.items()
    )
    return f'<table class="fields">{rows}</table>'


def html_rows(rows: list[dict]) -> str:
    keys = columns(rows)
    head = "".join(f"<th>{h(label(k))}</th>" for k in keys)
    body = "".join(
        "<tr>" + "".join(f"<td>{html_value(r.get(k))}</td>" for k in keys) + "</tr>"
        for r in rows
    )
    return f'<table class="rows"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def to_html(record: dict) -> str:
    note = f'<p class="note">{h(record["note"])}</p>' if record.get("note") else ""
    sections = "".join(
        f"<section><h2>{h(s['heading'])}</h2>{html_value(s['fields'])}</section>"
        for s in record["sections"]
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{NO_SCRIPTS_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{h(record['title'])}</title><style>{CSS}</style></head>"
        f'<body><main><h1>{h(record["title"])}</h1><p class="meta">{h(meta_line(record))}</p>{note}'
        f"{sections}</main></body></html>\n"
    )


# ---- Markdown --------------------------------------------------------------------------------
def m(value: Any) -> str:
    """A value as inert Markdown text: no HTML, link, emphasis, code or cell break can come from it."""
    return inert_markdown(scalar(value))


def md_rows(rows: list[dict], indent: str) -> list[str]:
    keys = columns(rows)
    lines = [
        "| " + " | ".join(m(label(k)) for k in keys) + " |",
        "|" + "---|" * len(keys),
    ]
    lines += ["| " + " | ".join(_md_cell(r.get(k)) for k in keys) + " |" for r in rows]
    return ["", *(indent + line for line in lines), ""]


def _md_cell(value: Any) -> str:
    if isinstance(value, dict):
        return "；".join(f"{m(label(k))}：{_md_cell(v)}" for k, v in value.items())
    if is_rows(value):
        return "；".join(_md_cell(v) for v in value)
    return m(value)


def md_fields(fields: dict, indent: str = "") -> list[str]:
    lines: list[str] = []
    for key, value in fields.items():
        if isinstance(value, dict):
            lines += [
                f"{indent}- **{m(label(key))}**：",
                *md_fields(value, indent + "  "),
            ]
        elif is_rows(value):
            lines += [
                f"{indent}- **{m(label(key))}**：",
                *md_rows(value, indent + "  "),
            ]
        else:
            lines.append(f"{indent}- **{m(label(key))}**：{m(value)}")
    return lines


def to_markdown(record: dict) -> str:
    lines = [f"# {m(record['title'])}", "", m(meta_line(record)), ""]
    if record.get("note"):
        lines += [f"> {m(record['note'])}", ""]
    for s in record["sections"]:
        lines += [f"## {m(s['heading'])}", "", *md_fields(s["fields"]), ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip() + "\n"
