"""Public figures and results carry no personal data unless the resident consented."""

from __future__ import annotations

from tests.api.problem_helpers import assert_problem

RESIDENT, LEADER, ADMIN = "P0038", "P0037", "P0001"
TITLE = "隔壁张某家漏水到我家"


def resolved_request(client, auth) -> tuple[str, int]:
    rid = client.post(
        "/api/v1/requests",
        headers=auth(RESIDENT),
        json={"title": TITLE, "description": "请协调", "category": "neighbours"},
    ).json()["request_id"]
    done = client.post(
        f"/api/v1/requests/{rid}/resolve",
        headers=auth(LEADER),
        json={"resolution": "已协调维修"},
    )
    assert done.status_code == 200, done.text
    return rid, done.json()["position"]


def published(client, position: int, unit: str = "CX") -> dict:
    response = client.get(
        f"/api/v1/public/units/{unit}/results", params={"min_position": position}
    )
    assert response.status_code == 200, response.text
    return {item["request_id"]: item for item in response.json()["items"]}


def consent(client, auth, value: bool) -> int:
    response = client.put(
        "/api/v1/me/publication-consent",
        headers=auth(RESIDENT),
        json={"consent": value},
    )
    assert response.status_code == 200 and response.json()["consent"] is value, (
        response.text
    )
    return response.json()["position"]


def test_results_are_public_without_the_residents_words_until_they_consent(
    client, auth
):
    rid, position = resolved_request(client, auth)
    item = published(client, position)[rid]
    assert (
        item["title"] is None
        and item["status"] == "resolved"
        and item["resolved_by"] == "CX010101"
    )
    assert published(client, consent(client, auth, True))[rid]["title"] == TITLE
    assert published(client, consent(client, auth, False))[rid]["title"] is None


def test_public_figures_need_no_token_and_hold_no_personal_data(client, auth):
    _, position = resolved_request(client, auth)
    response = client.get(
        "/api/v1/public/units/CX0101/stats", params={"min_position": position}
    )
    assert response.status_code == 200 and response.json()["resolved"] == 1
    assert TITLE not in response.text
    assert_problem(client.get("/api/v1/public/units/NOPE/stats"), 404)


def test_an_erased_resident_is_never_published_even_after_consenting(client, auth):
    rid, _ = resolved_request(client, auth)
    consent(client, auth, True)
    erased = client.post(
        f"/api/v1/people/{RESIDENT}/erase",
        headers=auth(ADMIN),
        json={"basis": "consent_withdrawn", "reference": "case-9"},
    )
    assert erased.status_code == 200, erased.text
    assert published(client, erased.json()["position"])[rid]["title"] is None
