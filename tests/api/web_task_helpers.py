"""Helpers of the task page tests: a person's browser, pressing a form, finding items."""

from __future__ import annotations

import re

from api.web.app import DEMO_REFS
from tests.api.web_helpers import buttons, csrf_of, sign_in_by_code, sign_in_demo

ASSIGNMENT_LINK = re.compile(r'href="/assignments/([0-9a-f-]{36})"')
SEEN = re.compile(r"seen=(\d+)")


class Desk:
    """The people of one test, each in their own browser, sharing the last log
    position any of them caused (a page waits for it before reading)."""

    def __init__(self, pages, container):
        self.pages, self.container, self.seen = pages, container, 0

    def __call__(self, ref: str) -> Person:
        return Person(self, ref)


class Person:
    """One signed-in person's browser."""

    def __init__(self, desk: Desk, ref: str):
        self.desk, self.ref, self.browser, self.location = desk, ref, desk.pages(), ""
        if ref in DEMO_REFS:
            sign_in_demo(self.browser, ref)
        else:
            sign_in_by_code(self.browser, desk.container, ref)

    def get(self, path: str):
        joiner = "&" if "?" in path else "?"
        return self.browser.get(f"{path}{joiner}seen={self.desk.seen}")

    def press(self, page_path: str, action_path: str, **fields) -> str:
        """Post the form at `action_path` from the page at `page_path`: the next page."""
        page = self.get(page_path)
        assert page.status_code == 200, page.text
        done = self.browser.post(
            action_path,
            data={"csrf": csrf_of(page.text), **fields},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
        self.location = location = done.headers["location"]
        self.desk.seen = max(self.desk.seen, int(SEEN.search(location).group(1)))
        return self.browser.get(location).text

    def act(self, assignment_id: str, action: str, **fields) -> str:
        page = f"/assignments/{assignment_id}"
        assert action in buttons(self.get(page).text), (self.ref, action)
        return self.press(page, f"{page}/{action}", **fields)

    def held(self, unit: str) -> str:
        """The one assignment the unit holds, from its tasks page."""
        found = ASSIGNMENT_LINK.findall(self.get(f"/units/{unit}/tasks").text)
        assert found, f"{unit} holds no task"
        return found[0]


def issue(person: Person, unit: str, **fields) -> str:
    """Issue a task from the unit's form; the task's id (from the roll-up's address)."""
    form = {"title": "垃圾分类入户宣传", "instructions": "每户发放指南并登记"}
    page = person.press(
        f"/units/{unit}/tasks/new", f"/units/{unit}/tasks/new", **form, **fields
    )
    assert 'id="rollup-tree"' in page
    return TASK_ID.match(person.location).group(1)


TASK_ID = re.compile(r"/tasks/([0-9a-f-]{36})\?")
