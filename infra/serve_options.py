"""What `gov serve` checks and prepares before uvicorn starts (docs/deploy/)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from infra.settings import InsecureSettings, Settings

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
# uvicorn's own options and defaults, named as docs/security.md and docs/deploy/ use them
ProxyHeaders = Annotated[
    bool,
    typer.Option(help="信任来自 --forwarded-allow-ips 的 X-Forwarded-For/-Proto 头"),
]
ForwardedAllowIps = Annotated[
    str | None,
    typer.Option(help="信任的代理地址（默认 $FORWARDED_ALLOW_IPS 或 127.0.0.1）"),
]
# One clear line per refusal: what is wrong and what to set (the English kept for searching).
REFUSALS = {
    "GOV_TOKEN_SECRET": "生产模式不能使用开发用令牌密钥：请设置 GOV_TOKEN_SECRET",
    "GOV_MASTER_KEY": "生产模式必须加密个人信息：请设置 GOV_MASTER_KEY 或 "
    "GOV_MASTER_KEY_FILE（gov keys generate 生成）",
    "SMS": "开发用短信发送器会在页面上显示验证码：请设置 GOV_SMS_SENDER",
    "GOV_AUDIT": "生产模式需要审计签名密钥：请设置 GOV_AUDIT_SIGNING_KEY 或 GOV_AUDIT_KEY_FILE",
}


def refusal_line(error: InsecureSettings) -> str:
    text = str(error)
    chinese = next((line for key, line in REFUSALS.items() if key in text), text)
    return f"拒绝启动 refused to start: {chinese} ({text})"


def checked_settings() -> Settings:
    """The settings, or one line on stderr and exit code 2 (never a traceback)."""
    try:
        settings = Settings()
        settings.check_secure()
    except InsecureSettings as error:
        typer.echo(refusal_line(error), err=True)
        raise typer.Exit(2) from None
    except ValidationError as error:
        fields = ", ".join(_env_name(e["loc"]) for e in error.errors())
        typer.echo(
            f"拒绝启动 refused to start: 设置无效 invalid settings: {fields}", err=True
        )
        raise typer.Exit(2) from None
    return settings


def _env_name(loc: tuple[int | str, ...]) -> str:
    name = str(loc[0]).upper() if loc else "?"
    return name if name.startswith("GOV_") else f"GOV_{name}"


def prepare_metrics_dir(workers: int) -> None:
    """Several API processes add their counters up in one directory, emptied at each start."""
    if workers <= 1:
        return
    chosen = os.environ.get(MULTIPROC_DIR)
    if not chosen:
        os.environ[MULTIPROC_DIR] = tempfile.mkdtemp(prefix="gov-metrics-")
        return
    Path(chosen).mkdir(parents=True, exist_ok=True)
    for stale in Path(chosen).glob("*.db"):  # counters of a previous run
        stale.unlink()
