"""`gov doctor` names every problem of a deliberately broken deployment, with its fix.

Several settings are broken at once; each must appear in the answer (a start names
only the first), the exit code is 1, and a sound deployment passes, on both backends.
"""

from __future__ import annotations

import sqlite3

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from infra.audit_keys import private_key_text
from infra.cli import cli
from infra.keystore import keys_path, new_master_key
from tests.conftest import cli_env

# Production mode with every secret wrong in its own way.
BROKEN_SECRETS = {
    "GOV_MODE": "production",
    "GOV_MASTER_KEY": "not-a-key",
    "GOV_AUDIT_KEY_FILE": "/nonexistent/audit.key",
    "GOV_SMS_SENDER": "development",
}
A_DAY_IN_JUNE = ["--on", "2026-06-01"]  # the installed official calendar covers 2026


def doctor(env: dict[str, str], *args: str):
    return CliRunner().invoke(cli, ["doctor", *args], env=env)


def problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("✗")]


def test_every_broken_secret_and_an_unusable_sqlite_path_are_named(tmp_path):
    (tmp_path / "ledger.sqlite").mkdir()  # the ledger's path is a directory
    env = {**BROKEN_SECRETS, "GOV_SQLITE_PATH": str(tmp_path / "ledger.sqlite")}
    done = doctor(env, *A_DAY_IN_JUNE)
    assert done.exit_code == 1, done.output
    found = "\n".join(problems(done.output))
    assert "开发用令牌密钥" in found  # GOV_TOKEN_SECRET left at its default
    assert "主密钥" in found and "url-safe base64" in found
    assert "审计密钥文件 /nonexistent/audit.key 不存在" in found
    assert "开发用短信发送器" in found
    assert "GOV_SQLITE_PATH 指向一个目录" in found
    assert len(problems(done.output)) == 5
    assert "修复 fix：设置 GOV_TOKEN_SECRET" in done.output
    assert "gov doctor：5 个问题" in done.output


def test_an_unreachable_postgres_is_named_with_the_other_problems():
    env = {
        **BROKEN_SECRETS,
        "GOV_POSTGRES_HOST": "127.0.0.1",
        "GOV_POSTGRES_PORT": "1",  # nothing listens there
    }
    done = doctor(env, *A_DAY_IN_JUNE)
    assert done.exit_code == 1, done.output
    found = "\n".join(problems(done.output))
    assert "无法连接 PostgreSQL 127.0.0.1:1/postgres" in found
    assert "审计密钥文件" in found and "开发用短信发送器" in found
    assert "GOV_DATABASE_URL" in done.output  # the fix says what to set


def test_a_missing_postgres_schema_is_named(settings):
    if settings.backend != "postgres":
        pytest.skip("a schema is PostgreSQL's")
    env = {**cli_env(settings), "GOV_POSTGRES_SCHEMA": "no_such_schema_here"}
    done = doctor(env, *A_DAY_IN_JUNE)
    assert done.exit_code == 1, done.output
    assert "GOV_POSTGRES_SCHEMA=no_such_schema_here 不存在" in done.output
    assert "CREATE SCHEMA no_such_schema_here" in done.output


def test_invalid_values_are_named_without_a_traceback():
    done = doctor({"GOV_POSTGRES_PORT": "not-a-port", "GOV_MODE": "staging"})
    assert done.exit_code == 1 and "Traceback" not in done.output
    found = "\n".join(problems(done.output))
    assert "GOV_POSTGRES_PORT 的值无效" in found and "GOV_MODE 的值无效" in found


def test_a_sound_deployment_passes_on_both_backends(container):
    done = doctor(cli_env(container.settings), *A_DAY_IN_JUNE)
    assert done.exit_code == 0, done.output
    assert problems(done.output) == []
    head = container.ledger.position()
    assert f"日志头 {head}" in done.output and "张表齐全" in done.output


def test_a_ledger_copied_without_its_key_store_is_named(container):
    """A backup of the ledger file alone loses every person's key (docs/operations.md)."""
    if container.settings.backend != "sqlite":
        pytest.skip("the key store is a file beside the SQLite ledger")
    container.close()
    keys_path(container.settings.sqlite_path).unlink()
    done = doctor(cli_env(container.settings), *A_DAY_IN_JUNE)
    assert done.exit_code == 1, done.output
    assert "个人信息密钥库" in "\n".join(problems(done.output))


def test_a_checkpoint_from_the_future_means_the_clock_went_back(container):
    if container.settings.backend != "sqlite":
        pytest.skip("one backend is enough: the check reads through the container")
    conn = sqlite3.connect(container.settings.sqlite_path)
    with conn:
        conn.execute(
            "INSERT INTO gov_audit_checkpoints (size, root, at, note) "
            "VALUES (999999, 'x', '2099-01-01T00:00:00+00:00', 'x')"
        )
    conn.close()
    done = doctor(cli_env(container.settings), *A_DAY_IN_JUNE)
    assert done.exit_code == 1, done.output
    assert "时钟被回拨" in "\n".join(problems(done.output))


def test_calendar_years_the_official_data_lacks(container):
    env = cli_env(container.settings)
    far = doctor(env, "--on", "2031-03-01")
    assert far.exit_code == 1 and "2031 年的节假日安排未载入" in far.output
    november = doctor(env, "--on", "2026-11-15")
    assert november.exit_code == 0, november.output
    assert "! 提醒 [日历] 2027 年的节假日安排未载入" in november.output
    assert doctor(env, "--on", "2026-11-15", "--strict").exit_code == 1


def test_a_production_configuration_with_every_secret_set_passes(settings):
    env = {
        **cli_env(settings),
        "GOV_MODE": "production",
        "GOV_TOKEN_SECRET": "t" * 40,
        "GOV_MASTER_KEY": new_master_key(),
        "GOV_AUDIT_SIGNING_KEY": private_key_text(Ed25519PrivateKey.generate()),
    }
    done = doctor(env, *A_DAY_IN_JUNE)
    assert problems(done.output) == [], done.output
    assert "生产模式：令牌、个人信息与审计密钥可用" in done.output
    assert done.exit_code == 0  # an empty deployment is a warning, not a problem
