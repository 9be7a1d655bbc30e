"""`gov doctor`: what a deployment has wrong, each with what to do (docs/operations.md §doctor).

The checks read and never write: settings and secrets first, then the database
(reachable, schema present, tables there; infra/doctor_db.py), then the clock and
the working-day calendar. Each finding is an error (the service will not start
or will misbehave), a warning (works, but should be fixed) or a pass; the
command exits 1 when there is an error (or a warning, with --strict).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from infra.settings import DEV_MASTER_KEY, DEV_SECRET, InsecureSettings, Settings

Level = Literal["error", "warning", "ok"]


@dataclass(frozen=True)
class Finding:
    level: Level
    topic: str  # 设置, 密钥, 数据库, 结构, 时钟, 日历
    text: str  # what is wrong (or right), in Chinese
    fix: str = ""  # what to do, in Chinese, with the setting's English name


def error(topic: str, text: str, fix: str) -> Finding:
    return Finding("error", topic, text, fix)


def warning(topic: str, text: str, fix: str) -> Finding:
    return Finding("warning", topic, text, fix)


def passed(topic: str, text: str) -> Finding:
    return Finding("ok", topic, text)


def load_settings() -> tuple[Settings | None, list[Finding]]:
    """The settings from the environment, or one finding per invalid setting."""
    try:
        return Settings(), []
    except ValidationError as invalid:
        return None, [
            error(
                "设置",
                f"{_env_name(e['loc'])} 的值无效：{e['msg']}",
                f"改正 {_env_name(e['loc'])}（docs/deploy/ 列出生产部署必须的设置）",
            )
            for e in invalid.errors()
        ]


def _env_name(loc: tuple[int | str, ...]) -> str:
    name = str(loc[0]).upper() if loc else "?"
    return name if name.startswith("GOV_") else f"GOV_{name}"


def secret_findings(settings: Settings) -> list[Finding]:
    """Every secret problem at once (a start names only the first)."""
    found = [
        *_token_secret(settings),
        *_master_key(settings),
        *_audit_key(settings),
        *_sms(settings),
    ]
    if not any(f.level == "error" for f in found):
        mode = (
            "生产模式" if settings.mode == "production" else "开发模式（密钥仅供开发）"
        )
        found.append(passed("密钥", f"{mode}：令牌、个人信息与审计密钥可用"))
    return found


def _production(settings: Settings) -> bool:
    return settings.mode == "production"


def _token_secret(settings: Settings) -> list[Finding]:
    fix = "设置 GOV_TOKEN_SECRET 为至少 32 个随机字符（如 `openssl rand -base64 48`）"
    if _production(settings) and settings.token_secret == DEV_SECRET:
        return [error("密钥", "生产模式使用了开发用令牌密钥", fix)]
    if _production(settings) and len(settings.token_secret) < 32:
        return [error("密钥", "令牌密钥 GOV_TOKEN_SECRET 太短（少于 32 个字符）", fix)]
    return []


def _master_key(settings: Settings) -> list[Finding]:
    from infra.keystore import master_keys

    fix = "设置 GOV_MASTER_KEY 或 GOV_MASTER_KEY_FILE（`gov keys generate` 生成）"
    if _production(settings) and not settings.personal_data_encryption:
        return [
            error(
                "密钥",
                "生产模式关闭了个人信息加密",
                "删除 GOV_PERSONAL_DATA_ENCRYPTION=false",
            )
        ]
    try:
        key = settings.current_master_key()
        master_keys(settings)
    except OSError as unreadable:
        return [error("密钥", f"主密钥文件无法读取：{unreadable}", fix)]
    except InsecureSettings:
        return [
            error("密钥", "主密钥（或旧主密钥）不是 32 字节的 url-safe base64", fix)
        ]
    if _production(settings) and key == DEV_MASTER_KEY:
        return [error("密钥", "生产模式使用了开发用主密钥，个人信息等于未加密", fix)]
    return []


def _audit_key(settings: Settings) -> list[Finding]:
    from infra.audit_keys import parse_private_key

    fix = (
        "设置 GOV_AUDIT_SIGNING_KEY 或 GOV_AUDIT_KEY_FILE（docs/audit.md 说明如何生成）"
    )
    text = settings.audit_signing_key
    path = settings.audit_key_file
    if text is None and path is None:
        if _production(settings):
            return [error("密钥", "生产模式没有审计签名密钥", fix)]
        return []
    if text is None and path is not None:
        if not path.is_file():
            return [error("密钥", f"审计密钥文件 {path} 不存在", fix)]
        text = path.read_text()
    try:
        parse_private_key(text or "")
    except (ValueError, InsecureSettings):
        return [error("密钥", "审计签名密钥不是 32 字节的 base64", fix)]
    return []


def _sms(settings: Settings) -> list[Finding]:
    if _production(settings) and settings.sms_sender == "development":
        return [
            error(
                "密钥",
                "生产模式使用开发用短信发送器（验证码显示在页面上）",
                "设置 GOV_SMS_SENDER=disabled（或接入真实短信网关）",
            )
        ]
    return []


def calendar_findings(years: set[int], today: date, loaded: bool) -> list[Finding]:
    """The current year must have its official schedule; the next one from November on."""
    fix = (
        "升级 chinese-calendar（pip install -U chinese-calendar），或由管理员"
        "以 PUT /api/v1/calendar/{year} 载入国务院办公厅公布的安排"
    )
    where = (
        "官方数据与已载入年份" if loaded else "官方数据（数据库不可读，未含已载入年份）"
    )
    found = []
    if today.year not in years:
        text = f"{today.year} 年的节假日安排未载入：期限按周一至周五计算并标为暂定"
        found.append(error("日历", text, fix.format(year=today.year)))
    if today.year + 1 not in years and today.month >= 11:
        text = f"{today.year + 1} 年的节假日安排未载入：跨年的期限将是暂定的"
        found.append(warning("日历", text, fix.format(year=today.year + 1)))
    if not found:
        found.append(passed("日历", f"{where}覆盖 {today.year} 年"))
    return found


def sqlite_path_findings(path: Path) -> list[Finding]:
    """The SQLite file's folder exists or can be made, and can be written."""
    fix = "改正 GOV_SQLITE_PATH，或让运行服务的用户可写该目录"
    if path.is_dir():
        return [error("数据库", f"GOV_SQLITE_PATH 指向一个目录：{path}", fix)]
    folder = next((p for p in [path.parent, *path.parents] if p.exists()), None)
    if folder is None or not folder.is_dir():
        return [error("数据库", f"{path.parent} 无法创建（上级不是目录）", fix)]
    if not os.access(folder, os.W_OK):
        return [error("数据库", f"目录 {folder} 不可写", fix)]
    return []
