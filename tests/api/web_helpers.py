"""Helpers of the page tests: sign in through the pages, read tokens and buttons."""

from __future__ import annotations

import re

from domain.people import person_id_for

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
BUTTON = re.compile(r'<button type="submit" name="do" value="([a-z_]+)"')
FIRST_OPTION = re.compile(r'<select id="delegate-to"[^>]*>\s*<option value="([^"]+)"')


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


def body_for(action: str, page: str = "") -> dict:
    """A valid body for a request action, delegating to the first unit the page offers."""
    offered = FIRST_OPTION.search(page)
    return {
        "escalate": {"reason": "理由"},
        "withdraw": {"reason": "理由"},
        "dispute": {"reason": "理由"},
        "resolve": {"resolution": "已修复"},
        "delegate": {
            "to_unit": offered.group(1) if offered else "CX010101",
            "instructions": "请办理",
        },
        "rate": {"score": 5},
        "answer_urge": {"note": "说明"},
    }.get(action, {})
