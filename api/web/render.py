"""Jinja2 templates and the filters every page uses: Beijing time, labels, durations."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from domain.vocabulary import LABELS, label

BEIJING = timezone(
    timedelta(hours=8), "北京时间"
)  # China keeps no daylight saving time
TEMPLATES = Path(__file__).parent / "templates"


def beijing(value: str | datetime | None) -> str:
    """An ISO time as Beijing wall-clock time, to the minute."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def duration(seconds: float | None) -> str:
    """A waiting time in days, hours and minutes (不足1分钟 below a minute)."""
    minutes = int((seconds or 0) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days}天" if days else "", f"{hours}小时" if hours else ""]
    parts.append(f"{minutes}分钟" if minutes or not (days or hours) else "")
    text = "".join(parts)
    return "不足1分钟" if text == "0分钟" else text


def build_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape()
    )
    env.filters.update(
        beijing=beijing, duration=duration, label=lambda c, k: label(k, c)
    )
    env.globals.update(LABELS=LABELS)
    return env


class Pages:
    """Renders a template to an HTML response."""

    def __init__(self) -> None:
        self.env = build_environment()

    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(
            html, status_code=status, headers={"Cache-Control": "no-store"}
        )
