"""A dossier (request or deliberation topic) as Markdown or HTML with Chinese labels; JSON is the dossier itself.

Titles, notes and names are user text: every cell is made inert (application/inert_text.py)."""

from __future__ import annotations

import html
from typing import Any

from application.inert_text import NO_SCRIPTS_CSP, inert_markdown

LABELS = {
    "request": {
        "request_id": "诉求编号",
        "status": "状态",
        "category": "类别",
        "title": "标题",
        "raised_at": "提出时间",
        "holding_unit": "当前办理单位",
        "version": "版本",
    },
    "topic": {
        "topic_id": "议题编号",
        "status": "状态",
        "community": "社区",
        "title": "标题",
        "profile": "适用规则",
        "outcome": "协商结果",
        "version": "版本",
    },
}
KIND_NAMES = {"request": "诉求", "topic": "协商议题"}
HEADERS = {
    "概况": ["项目", "内容"],
    "各级用时与时限": ["单位", "层级", "到达", "离开", "用时", "办结时限", "是否按时"],
    "督办": ["时间", "督办单位", "角色", "被督办单位", "答复"],
    "表决（门槛与结果）": [
        "时间",
        "事项",
        "应到",
        "实到",
        "赞成",
        "反对",
        "弃权",
        "门槛",
        "结果",
    ],
    "重大事项决策（五议两公开）": [
        "时间",
        "阶段",
        "会议",
        "应到",
        "实到",
        "赞成",
        "反对",
        "弃权",
        "到会要求",
        "通过要求",
        "结果",
    ],
    "关联诉求": ["诉求编号"],
    "时间线（含包含证明）": ["位置", "时间", "事件", "办理人", "角色", "单位", "证明"],
}


def _proof(e: dict[str, Any]) -> str:
    return (
        f"叶 {e['proof']['leaf_index']} / 树 {e['proof']['tree_size']}"
        if e["proof"]
        else "待签名"
    )


def _timeline(dossier: dict[str, Any]) -> list[list[str]]:
    return [
        [
            str(e["position"]),
            e["at"],
            e["event_type"],
            e["actor_id"] or "",
            e["actor_role"] or "",
            e["actor_unit"] or "",
            _proof(e),
        ]
        for e in dossier["timeline"]
    ]


def _request_rows(d: dict[str, Any]) -> dict[str, list[list[str]]]:
    return {
        "各级用时与时限": [
            [
                s["unit"],
                s.get("level") or "",
                s["arrived_at"],
                s["left_at"] or "在办",
                f"{s['seconds'] / 3600:.1f} 小时",
                s["resolve_due"] or "",
                {True: "按时", False: "超时", None: "—"}[s["met_deadline"]],
            ]
            for s in d["levels"]
        ],
        "督办": [
            [
                u["at"],
                u["by_unit"] or "",
                u["by_role"],
                u["urged_unit"] or "",
                u.get("answered_at", "未答复"),
            ]
            for u in d["urging"]
        ],
    }


def _topic_rows(d: dict[str, Any]) -> dict[str, list[list[str]]]:
    return {
        "表决（门槛与结果）": [
            [
                v["at"],
                str(v["item"]),
                *(str(v[k]) for k in ("eligible", "present", "yes", "no", "abstain")),
                str(v["threshold"]),
                "通过" if v["passed"] else "未通过",
            ]
            for v in d["votes"]
        ],
        "重大事项决策（五议两公开）": [
            [
                m["at"],
                m["name"] or m["stage"],
                m["meeting"] or "",
                *(str(m[k]) for k in ("members", "present", "yes", "no", "abstain")),
                m["quorum"] or "—",
                m["passing"] or "—",
                _stage_result(m),
            ]
            for m in d.get("major_decision", [])
        ],
        "关联诉求": [[r] for r in d["linked_items"]["requests"]],
    }


def _stage_result(stage: dict[str, Any]) -> str:
    return "跳过" if stage["skipped"] else "通过" if stage["passed"] else "未通过"


def _rows(d: dict[str, Any]) -> dict[str, list[list[str]]]:
    overview = [[label, str(d.get(key))] for key, label in LABELS[d["kind"]].items()]
    specific = _request_rows(d) if d["kind"] == "request" else _topic_rows(d)
    return {"概况": overview, **specific, "时间线（含包含证明）": _timeline(d)}


def _title(d: dict[str, Any]) -> str:
    return (
        f"争议卷宗：{KIND_NAMES[d['kind']]} {d.get('request_id') or d.get('topic_id')}"
    )


def markdown(dossier: dict[str, Any]) -> str:
    out = [f"# {inert_markdown(_title(dossier))}", ""]
    for section, rows in _rows(dossier).items():
        out += [
            f"## {section}",
            "",
            "| " + " | ".join(HEADERS[section]) + " |",
            "|" + "---|" * len(HEADERS[section]),
        ]
        out += [
            "| " + " | ".join(inert_markdown(cell) for cell in row) + " |"
            for row in rows
        ]
        out.append("")
    out += [
        "## 验证",
        "",
        f"日志公钥：`{dossier['log_key']}`。每条事件的包含证明在 JSON 卷宗中，"
        "可用 `gov audit export` 导出审计包后以 `gov audit verify` 离线核验。",
        "",
    ]
    return "\n".join(out)


def as_html(dossier: dict[str, Any]) -> str:
    esc = html.escape
    parts = [
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{NO_SCRIPTS_CSP}"><title>{esc(_title(dossier))}'
        f"</title></head><body><h1>{esc(_title(dossier))}</h1>"
    ]
    for section, rows in _rows(dossier).items():
        head = "".join(f"<th>{esc(h)}</th>" for h in HEADERS[section])
        body = "".join(
            "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
            for row in rows
        )
        parts.append(f"<h2>{esc(section)}</h2><table><tr>{head}</tr>{body}</table>")
    parts.append(
        f"<h2>验证</h2><p>日志公钥：<code>{esc(dossier['log_key'])}</code></p></body></html>"
    )
    return "".join(parts)
