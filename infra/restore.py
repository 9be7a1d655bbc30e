"""`gov restore DIR`: put a backup back, only if it is whole and its log verifies.

Refused, with nothing changed, when a file's size or sha256 differs from the manifest
(an altered file, or a key store from another backup), when the backup is for the
other backend, or when the target already holds events. The snapshot is restored to
the side (SQLite: beside the target file; PostgreSQL: the schema, dropped again on a
refusal), its log verified against the manifest's signed checkpoint with the key this
service trusts (GOV_AUDIT_SIGNING_KEY), the erasures of the backup's journal and of a
newer one re-applied, the views brought up to the log; then it is moved into place.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from application.audit.verify_log import leaf_batches, log_batches, verify_log_coverage
from application.people.erasure_journal import from_lines, reapply
from application.principals import Principal
from domain.people import person_id_for
from infra.backup import (
    DUMP,
    FORMAT,
    JOURNAL,
    MANIFEST,
    BackupRefused,
    file_entry,
)
from infra.container import build_container
from infra.keystore import keys_path
from infra.restore_postgres import empty_schema, pg_restore, refuse_used_schema
from infra.settings import Settings

Step = Callable[[str], None]


def read_manifest(backup: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupRefused(
            f"{backup} 中没有可读的 {MANIFEST}：这不是 gov backup 的目录"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(f"{MANIFEST} 的格式不是 {FORMAT}")
    return manifest


def check_files(backup: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest names, with its size and hash; nothing else is restored."""
    for listed in manifest["files"]:
        path = backup / listed["name"]
        if not path.is_file():
            raise BackupRefused(f"备份缺少文件 {listed['name']}")
        found = file_entry(path)
        if (found["bytes"], found["sha256"]) != (listed["bytes"], listed["sha256"]):
            raise BackupRefused(
                f"{listed['name']} 与清单不符（大小或 sha256 不同）：文件被改动，"
                "或来自另一次备份（数据与密钥库必须出自同一次备份）；拒绝恢复"
            )


def journal_of(backup: Path, newer: Path | None) -> list[dict[str, Any]]:
    entries = from_lines((backup / JOURNAL).read_text(encoding="utf-8"))
    if newer is not None:
        entries += from_lines(newer.read_text(encoding="utf-8"))
    return entries


def staging_settings(settings: Settings) -> Settings:
    if settings.backend == "postgres":
        return settings
    target = settings.sqlite_path
    staged = target.with_name(target.stem + ".restoring" + target.suffix)
    return settings.model_copy(update={"sqlite_path": staged})


def refuse_non_empty(settings: Settings) -> None:
    if settings.backend == "sqlite":
        if settings.sqlite_path.exists() and _sqlite_events(settings.sqlite_path):
            raise BackupRefused(
                f"目标 {settings.sqlite_path} 已有事件：只能恢复到空的位置"
            )
        return
    refuse_used_schema(settings)


def _sqlite_events(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "stored_events" not in tables:
            return 0
        return int(conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0])
    finally:
        conn.close()


def put_back(backup: Path, manifest: dict[str, Any], staged: Settings) -> None:
    if staged.backend == "sqlite":
        names = [n["name"] for n in manifest["files"]]
        ledger = next(n for n in names if n.endswith(".sqlite") and ".keys." not in n)
        staged.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        for source, target in (
            (backup / ledger, staged.sqlite_path),
            (backup / keys_path(Path(ledger)).name, keys_path(staged.sqlite_path)),
        ):
            _copy_sqlite(source, target)
        return
    pg_restore(backup / DUMP, staged, manifest)


def _copy_sqlite(source: Path, target: Path) -> None:
    for leftover in (target, *_sidecars(target)):
        leftover.unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def discard(staged: Settings) -> None:
    if staged.backend == "postgres":
        empty_schema(staged)
        return
    for path in (staged.sqlite_path, keys_path(staged.sqlite_path)):
        for leftover in (path, *_sidecars(path)):
            leftover.unlink(missing_ok=True)


def verify_restored(container: Any, manifest: dict[str, Any]) -> list[str]:
    """The restored log against the manifest's checkpoint, with the key this service trusts."""
    checkpoint = manifest.get("checkpoint")
    if checkpoint is None:
        raise BackupRefused("清单中没有签名检查点：无法验证恢复的日志")
    head = container.ledger.position()
    if head != manifest["log_head"]:
        raise BackupRefused(f"恢复的日志头 {head} 与清单的 {manifest['log_head']} 不符")
    report = verify_log_coverage(
        lambda: log_batches(container.ledger.recorder),
        lambda: leaf_batches(container.audit_parts.store),
        checkpoint["note"],
        container.audit.log_key,
    )
    if not report.ok:
        raise BackupRefused(
            "恢复的日志与清单中的签名检查点不符，拒绝恢复：\n" + report.text()
        )
    return list(report.proven)


def finish(
    container: Any, entries: list[dict[str, Any]], by: str | None
) -> dict[str, Any]:
    """Erase again everyone the journals list, then bring views and sealing to the head."""
    outcome: dict[str, int] = {}
    if entries:
        admin = Principal.of(container.ledger.person(person_id_for(str(by))))
        outcome = reapply(container.erasure, admin, entries)
    container.runner.catch_up()
    container.audit_parts.sealing.catch_up()
    return outcome


def move_into_place(staged: Settings, target: Settings) -> None:
    if target.backend == "postgres":
        return
    for source, final in (
        (staged.sqlite_path, target.sqlite_path),
        (keys_path(staged.sqlite_path), keys_path(target.sqlite_path)),
    ):
        for leftover in _sidecars(final):
            leftover.unlink(missing_ok=True)
        for side, final_side in zip(_sidecars(source), _sidecars(final), strict=True):
            if side.exists():
                side.rename(final_side)
        source.rename(final)


def restore_backup(
    backup: Path,
    settings: Settings,
    newer_journal: Path | None = None,
    by: str | None = None,
    step: Step = lambda _: None,
) -> dict[str, Any]:
    step("检查清单与文件哈希")
    manifest = read_manifest(backup)
    check_files(backup, manifest)
    if manifest["backend"] != settings.backend:
        raise BackupRefused(
            f"这是 {manifest['backend']} 的备份，当前配置是 {settings.backend}"
        )
    entries = journal_of(backup, newer_journal)
    if entries and not by:
        raise BackupRefused(
            "有需要重新执行的删除：请用 --by 指定执行的管理员编号（如 P0001）"
        )
    refuse_non_empty(settings)
    staged = staging_settings(settings)
    step("写回快照")
    put_back(backup, manifest, staged)
    try:
        proven, outcome = _verify_and_finish(staged, manifest, entries, by, step)
    except BaseException:
        discard(staged)
        raise
    move_into_place(staged, settings)
    return {"manifest": manifest, "proven": proven, "erasures": outcome}


def _verify_and_finish(
    staged: Settings,
    manifest: dict[str, Any],
    entries: list[dict[str, Any]],
    by: str | None,
    step: Step,
) -> tuple[list[str], dict[str, int]]:
    container = build_container(staged, start=False)
    try:
        step("按签名检查点验证日志")
        proven = verify_restored(container, manifest)
        step("重新执行删除，重建视图")
        return proven, finish(container, entries, by)
    finally:
        container.close()
