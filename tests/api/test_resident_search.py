"""Staff find the residents of their units by name or reference, through the API on both
backends: names decrypted in memory, an erased person not found, nobody outside the
jurisdiction (BZ-D3)."""

from __future__ import annotations

from domain.people import person_id_for
from tests.api.erasure_helpers import erased_through_the_api

API = "/api/v1"


def find(client, auth, who: str, code: str, q: str, expect: int = 200) -> dict:
    answer = client.get(
        f"{API}/units/{code}/residents", headers=auth(who), params={"q": q}
    )
    assert answer.status_code == expect, answer.text
    return answer.json()


def test_community_staff_find_a_resident_by_name_or_reference_BZ_D3(client, auth):
    by_ref = find(client, auth, "P0010", "CX0101", "p0039")["items"]
    assert by_ref == [
        {
            "ref": "P0039",
            "person_id": str(person_id_for("P0039")),
            "name": "傅远",
            "home_group": "CX010101",
        }
    ]
    by_name = find(client, auth, "P0010", "CX0101", "雷")["items"]
    assert "P0040" in [row["ref"] for row in by_name]
    assert all("雷" in row["name"] for row in by_name)
    assert find(client, auth, "P0004", "CX01", "傅远")["items"][0]["ref"] == "P0039"


def test_staff_of_another_community_cannot_search_here_BZ_D3(client, auth):
    refused = find(client, auth, "P0012", "CX0101", "傅", 403)
    assert refused["rule_id"] == "BZ-D3"
    assert find(client, auth, "P0039", "CX0101", "傅", 403)["status"] == 403


def test_an_erased_person_is_not_found_PIPL_47(client, auth):
    assert find(client, auth, "P0010", "CX0101", "P0039")["items"]
    erased_through_the_api(client, auth, "P0039")
    assert find(client, auth, "P0010", "CX0101", "P0039")["items"] == []
    assert find(client, auth, "P0010", "CX0101", "傅远")["items"] == []
