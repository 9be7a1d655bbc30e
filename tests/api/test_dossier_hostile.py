"""Dossiers rendered as Markdown and HTML keep hostile user text inert (WZ-6), and say who acted."""

from __future__ import annotations

import pytest

from domain.people import person_id_for
from tests.api.deliberation_helpers import PROPOSER, SUPERVISOR, Deliberation
from tests.integration.audit_helpers import sealed_and_signed

HOSTILE = "<script>alert(1)</script> [a](javascript:alert(1)) | **x**"
API = "/api/v1/audit/dossiers"


def hostile_request(client, auth) -> str:
    raised = client.post(
        "/api/v1/requests",
        headers=auth(PROPOSER),
        json={"title": HOSTILE, "description": "门口", "category": "facilities"},
    )
    assert raised.status_code == 201, raised.text
    return raised.json()["request_id"]


def propose_hostile_topic(client, auth) -> str:
    d = Deliberation(client, auth)
    answer = d.post(
        PROPOSER,
        "/topics",
        {
            "community": "CX0101",
            "category": "community_residents",
            "proposer_kind": "resident",
            "channel": "wechat",
            "title": HOSTILE,
            "description": "x",
            "linked_requests": [],
        },
        201,
    )
    return answer["topic_id"]


def assert_inert_markdown(text: str) -> None:
    assert (
        "<script>" not in text and "[a](javascript:" not in text and "**x**" not in text
    )
    assert (
        "&lt;script&gt;" in text
        and "\\[a\\](javascript:alert(1))" in text
        and "\\|" in text
    )


def assert_inert_html(text: str) -> None:
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Content-Security-Policy" in text


@pytest.mark.parametrize("kind", ["requests", "topics"])
def test_a_hostile_title_is_inert_in_markdown_and_html_dossiers(
    client, auth, container, kind
):
    item = (
        hostile_request(client, auth)
        if kind == "requests"
        else propose_hostile_topic(client, auth)
    )
    sealed_and_signed(container)
    json_dossier = client.get(f"{API}/{kind}/{item}", headers=auth(SUPERVISOR)).json()
    assert (
        json_dossier["title"] == HOSTILE
    )  # the JSON keeps the text as given: JSON encoding is its escaping
    md = client.get(
        f"{API}/{kind}/{item}", params={"format": "md"}, headers=auth(SUPERVISOR)
    )
    assert md.status_code == 200 and md.headers["content-type"].startswith(
        "text/markdown"
    )
    assert_inert_markdown(md.text)
    page = client.get(
        f"{API}/{kind}/{item}", params={"format": "html"}, headers=auth(SUPERVISOR)
    )
    assert page.status_code == 200 and page.headers["content-type"].startswith(
        "text/html"
    )
    assert_inert_html(page.text)


@pytest.mark.parametrize("kind", ["requests", "topics"])
def test_the_rendered_timeline_says_who_acted(client, auth, container, kind):
    item = (
        hostile_request(client, auth)
        if kind == "requests"
        else propose_hostile_topic(client, auth)
    )
    sealed_and_signed(container)
    dossier = client.get(f"{API}/{kind}/{item}", headers=auth(SUPERVISOR)).json()
    assert dossier["timeline"][0]["actor_id"] == str(person_id_for(PROPOSER))
    for fmt in ("md", "html"):
        rendered = client.get(
            f"{API}/{kind}/{item}", params={"format": fmt}, headers=auth(SUPERVISOR)
        ).text
        assert "办理人" in rendered and str(person_id_for(PROPOSER)) in rendered
