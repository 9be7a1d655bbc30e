"""A command that cannot run says so in one line with the fix, never with a traceback."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from typing import Any

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError
from pydantic import ValidationError

from domain.errors import DomainError
from infra.settings import InsecureSettings

DOCTOR = "运行 `gov doctor` 查看所有问题及修复方法"
REFUSED = (
    (
        (OperationalError, InterfaceError, psycopg.Error, sqlite3.Error),
        "无法使用数据库 database unavailable",
        "检查 GOV_DATABASE_URL / GOV_SQLITE_PATH 与数据库服务器",
    ),
    ((InsecureSettings,), "设置不安全 insecure settings", "按提示设置密钥"),
    ((ValidationError,), "设置无效 invalid settings", "改正所列的 GOV_* 设置"),
)


def refused_text(error: BaseException) -> str:
    """What a command prints for a refusal: a domain refusal's Chinese text and rule, else the error."""
    if isinstance(error, DomainError):
        rule = f"（{error.rule_id}）" if error.rule_id else ""
        return f"{error.detail}{rule}"
    return str(error)


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def refusal_of(error: BaseException) -> str | None:
    """The one line for an error a command cannot go on after, or None for any other."""
    for kinds, what, fix in REFUSED:
        if isinstance(error, kinds):
            return f"错误 {what}：{first_line(error)}。修复：{fix}；{DOCTOR}"
    return None


def run_refusing(command: Callable[[], Any]) -> None:
    try:
        command()
    except Exception as error:  # a known refusal in one line; anything else as it is
        line = refusal_of(error)
        if line is None:
            raise
        print(line, file=sys.stderr)
        sys.exit(2)
