"""Shared helpers of the erasure tests (PIPL-47): the raw rows of the log table, erasing through the API,
and the check that a rendering shows the erased person's words as erased and everyone else's intact."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from typing import Any

import psycopg

from domain.people import person_id_for
from domain.personal import ERASED
from infra.container import Container
from tests.conftest import PG
from tests.integration.audit_helpers import log_table

ADMIN = "P0001"


def raw_rows(container: Container) -> list[tuple[str, int, str, bytes]]:
    """(originator_id, version, topic, state) of every stored event, read straight from the table."""
    settings = container.settings
    sql = "SELECT originator_id, originator_version, topic, state FROM {t} ORDER BY {o}"
    if settings.backend == "sqlite":
        with closing(sqlite3.connect(settings.sqlite_path)) as conn:
            rows = conn.execute(
                sql.format(t=log_table(container), o="rowid")
            ).fetchall()
    else:
        with psycopg.connect(**PG) as conn:
            table = f'"{settings.postgres_schema}".{log_table(container)}'
            rows = conn.execute(sql.format(t=table, o="notification_id")).fetchall()
    return [(str(r[0]), int(r[1]), str(r[2]), bytes(r[3])) for r in rows]


def name_of(container: Container, ref: str) -> str:
    return container.ledger.person(person_id_for(ref)).name


def in_clear(blob: bytes, text: str) -> bool:
    """The text as raw UTF-8 or with JSON \\u escapes."""
    return any(
        form in blob for form in (text.encode(), json.dumps(text).strip('"').encode())
    )


def erase(client, auth, ref: str, who: str = ADMIN, **body: Any):
    return client.post(
        f"/api/v1/people/{ref}/erase",
        headers=auth(who),
        json={"basis": "consent_withdrawn", "reference": "PIPL-2026-017", **body},
    )


def erased_through_the_api(client, auth, ref: str) -> int:
    answer = erase(client, auth, ref)
    assert answer.status_code == 200, answer.text
    return answer.json()["position"]


def shows_erased(
    rendering: Any,
    erased: tuple[str, ...],
    kept: tuple[str, ...],
    where: str = "",
    marked: bool = True,
) -> None:
    """The erased person's words are gone (and, if `marked`, shown as erased); everyone else's are there."""
    text = (
        rendering
        if isinstance(rendering, str)
        else json.dumps(rendering, ensure_ascii=False)
    )
    assert ERASED in text or not marked, f"{where}: nothing reads as erased"
    for words in erased:
        assert words not in text, f"{where}: {words!r} of the erased person is shown"
    for words in kept:
        assert words in text, f"{where}: {words!r} of another person is missing"
