"""Helpers of the page tests: sign in through the pages, read tokens and buttons."""

from __future__ import annotations

import re

from application.access.matrix import MATRIX
from domain.people import person_id_for

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
BUTTON = re.compile(r'<button type="submit" name="do" value="([a-z_]+)"')
# The first unit a move's select offers (delegate-to, reassign-to).
FIRST_OPTION = r'<select id="{action}-to"[^>]*>\s*<option value="([^"]+)"'
# The actions a request page may offer: the request rows of the access matrix that act on
# one request (not raising, reading it, or urging, which the supervision page offers).
REQUEST_ACTIONS = frozenset(
    operation.removeprefix("requests.")
    for operation in MATRIX
    if operation.startswith("requests.")
) - {"raise", "read", "urge", "return_visit"}
# 回访 has its own page and form for staff (tests/api/test_return_visits.py), not a button here


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def phone_of(container, ref: str) -> str:
    return container.ledger.person(person_id_for(ref)).phone


def sign_in_by_code(client, container, ref: str) -> None:
    """The whole door: ask for a code, read it from the development sender, type it."""
    token = csrf_of(client.get("/signin").text)
    phone = phone_of(container, ref)
    asked = client.post(
        "/signin/code", data={"phone": phone, "csrf": token}, follow_redirects=False
    )
    assert asked.status_code == 303, asked.text
    code = container.signin.sender.last_code(phone)
    done = client.post(
        "/signin/verify",
        data={"phone": phone, "code": code, "csrf": token},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/", done.text


def sign_in_demo(client, ref: str) -> None:
    token = csrf_of(client.get("/signin").text)
    done = client.post(
        "/signin/demo", data={"ref": ref, "csrf": token}, follow_redirects=False
    )
    assert done.status_code == 303, done.text


def buttons(html: str) -> set[str]:
    return set(BUTTON.findall(html))


def first_offered(action: str, page: str, otherwise: str) -> str:
    offered = re.search(FIRST_OPTION.format(action=action), page)
    return offered.group(1) if offered else otherwise


def body_for(action: str, page: str = "") -> dict:
    """A valid body for a request action, moving it to the first unit the page offers."""
    return {
        "escalate": {"reason": "理由"},
        "withdraw": {"reason": "理由"},
        "dispute": {"reason": "理由"},
        "resolve": {"resolution": "已修复"},
        "delegate": {
            "to_unit": first_offered("delegate", page, "CX010101"),
            "instructions": "请办理",
        },
        "reassign": {
            "to_unit": first_offered("reassign", page, "CX010102"),
            "reason": "报错了小组",
        },
        "rate": {"score": 5},
        "answer_urge": {"note": "说明"},
    }.get(action, {})
