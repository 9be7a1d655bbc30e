"""The inbox and a task's roll-up as CSV and XLSX for staff, with the JSON reads' access.

Each export holds the same rows as the JSON read (all pages), headers in Chinese,
codes shown by their labels; a cell a spreadsheet would run as a formula is defused;
whoever the JSON read refuses, the export refuses too, and nothing is written.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.api.problem_helpers import (
    API,
    assert_problem,
    done,
    log_unchanged,
    person,
    raise_request,
)
from tests.conftest import log_size


def csv_rows(response) -> list[list[str]]:
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[list[str]]:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [
        ["" if c is None else str(c) for c in row]
        for row in book.worksheets[0].iter_rows(values_only=True)
    ]


def export(client, auth, ref: str, path: str, fmt: str, container, **params):
    return client.get(
        f"{API}{path}",
        headers=auth(ref),
        params={"format": fmt, "min_position": log_size(container), **params},
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_inbox_exports_the_same_rows_as_its_json(client, container, auth, fmt):
    raise_request(client, auth, title='=HYPERLINK("http://x")')
    raise_request(client, auth, title="楼道灯坏了")
    json_inbox = done(
        client.get(
            f"{API}/units/CX010101/inbox",
            headers=auth("P0037"),
            params={"min_position": log_size(container), "limit": 200},
        )
    )
    answer = export(
        client, auth, "P0037", "/units/CX010101/inbox/export", fmt, container
    )
    assert answer.status_code == 200, answer.text
    assert f'inbox-CX010101.{fmt}"' in answer.headers["content-disposition"]
    rows = csv_rows(answer) if fmt == "csv" else xlsx_rows(answer)
    assert rows[0][:4] == [
        "诉求编号",
        "标题（个人信息删除后显示为已删除）",
        "类别",
        "状态",
    ]
    assert [r[0] for r in rows[1:]] == [i["request_id"] for i in json_inbox["items"]]
    titles = {r[1] for r in rows[1:]}
    assert "楼道灯坏了" in titles and '\'=HYPERLINK("http://x")' in titles
    assert {r[3] for r in rows[1:]} == {"待受理"}  # the status by its label


@pytest.mark.parametrize("ref", ["P0038", "P0010", "P0002", "P0037"])
def test_the_inbox_export_has_the_access_of_the_json_inbox(
    client, container, auth, ref
):
    json_status = client.get(f"{API}/units/CX010101/inbox", headers=auth(ref))
    with log_unchanged(container):
        answer = export(
            client, auth, ref, "/units/CX010101/inbox/export", "csv", container
        )
    assert answer.status_code == json_status.status_code
    if answer.status_code == 403:
        assert_problem(answer, 403)


def test_an_unknown_format_is_422(client, container, auth):
    with log_unchanged(container):
        answer = export(
            client, auth, "P0037", "/units/CX010101/inbox/export", "pdf", container
        )
    assert_problem(answer, 422)


def issue_with_a_notice(client, auth) -> str:
    issued = client.post(
        f"{API}/tasks",
        headers=auth("P0010"),
        json={
            "issuer_unit": "CX0101",
            "targets": ["CX010101", "CX010102"],
            "title": "入户宣传",
            "instructions": "发放指南",
            "working_days": 5,
        },
    ).json()
    first = issued["assignments"][0]
    for action, body in (
        ("acknowledge", {}),
        ("delegate", {"to": [f"resident:{person('P0038')}"]}),
    ):
        done(
            client.post(
                f"{API}/assignments/{first}/{action}", headers=auth("P0037"), json=body
            )
        )
    return issued["task_id"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_rollup_exports_the_same_rows_as_its_json(client, container, auth, fmt):
    task_id = issue_with_a_notice(client, auth)
    rollup = done(
        client.get(
            f"{API}/tasks/{task_id}/rollup",
            headers=auth("P0010"),
            params={"min_position": log_size(container)},
        )
    )
    answer = export(
        client, auth, "P0010", f"/tasks/{task_id}/rollup/export", fmt, container
    )
    assert answer.status_code == 200, answer.text
    rows = csv_rows(answer) if fmt == "csv" else xlsx_rows(answer)
    assert rows[0][0] == "接收方：单位编码或 resident:<编号>"
    assert [r[0] for r in rows[1:]] == [i["holder"] for i in rollup["items"]]
    exported = client.get(
        f"{API}/units/CX010101/access-log", headers=auth("P0028")
    ).json()["items"]
    recorded = [e for e in exported if e["resource"] == f"rollup:{task_id}"]
    assert len(recorded) == 2  # the JSON read and the export, each naming P0038
    assert all(e["subjects"] == [person("P0038")] for e in recorded)


def test_the_rollup_export_has_the_access_of_the_json_rollup(client, container, auth):
    task_id = issue_with_a_notice(client, auth)
    for ref in ("P0038", "P0002", "P0037"):
        json_status = client.get(
            f"{API}/tasks/{task_id}/rollup",
            headers=auth(ref),
            params={"min_position": log_size(container)},
        )
        with log_unchanged(container):
            answer = export(
                client, auth, ref, f"/tasks/{task_id}/rollup/export", "csv", container
            )
        assert answer.status_code == json_status.status_code, ref
