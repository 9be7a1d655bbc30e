"""A request climbs from a resident group to the street and comes back down resolved.

After every step the inbox of every unit involved and the resident's own list
are checked through the API (BZ-D1, BZ-D3), and the timeline shows every step
with its actor and the time spent at each level.
"""

from __future__ import annotations

RESIDENT, GROUP_LEADER, COMMUNITY, STREET, OTHER_COMMUNITY = (
    "P0038",
    "P0037",
    "P0010",
    "P0004",
    "P0012",
)
# Who reads which inbox in this scenario.
READERS = {
    "CX010101": GROUP_LEADER,
    "CX0101": COMMUNITY,
    "CX01": STREET,
    "CX0102": OTHER_COMMUNITY,
}


class Scenario:
    def __init__(self, client, auth):
        self.client, self.auth, self.position = client, auth, 0

    def raise_request(self) -> str:
        response = self.client.post(
            "/api/v1/requests",
            headers=self.auth(RESIDENT),
            json={
                "title": "楼道灯坏了",
                "description": "5栋2单元楼道灯一周不亮",
                "category": "facilities",
            },
        )
        assert response.status_code == 201, response.text
        self.position = response.json()["position"]
        return response.json()["request_id"]

    def act(self, who: str, request_id: str, action: str, **body) -> dict:
        response = self.client.post(
            f"/api/v1/requests/{request_id}/{action}", headers=self.auth(who), json=body
        )
        assert response.status_code == 200, response.text
        self.position = response.json()["position"]
        return response.json()

    def inbox(self, unit: str) -> dict[str, str]:
        response = self.client.get(
            f"/api/v1/units/{unit}/inbox",
            headers=self.auth(READERS[unit]),
            params={"min_position": self.position},
        )
        assert response.status_code == 200, response.text
        return {item["request_id"]: item["status"] for item in response.json()["items"]}

    def mine(self) -> dict[str, tuple[str, str]]:
        response = self.client.get(
            "/api/v1/me/requests",
            headers=self.auth(RESIDENT),
            params={"min_position": self.position},
        )
        return {
            i["request_id"]: (i["status"], i["holding_unit"])
            for i in response.json()["items"]
        }

    def expect(
        self, request_id: str, holder: str | None, status: str, final_holder: str
    ) -> None:
        """Only `holder` has the request waiting in its inbox; the resident sees where it is."""
        for unit in READERS:
            expected = {request_id: status} if unit == holder else {}
            assert self.inbox(unit) == expected, f"inbox of {unit}"
        assert self.mine() == {request_id: (status, final_holder)}


def test_request_climbs_to_street_and_comes_back_resolved_BZ_D1_BZ_D3(client, auth):
    s = Scenario(client, auth)
    rid = s.raise_request()
    s.expect(rid, "CX010101", "new", "CX010101")
    s.act(GROUP_LEADER, rid, "escalate", reason="小组无法协调物业")
    s.expect(rid, "CX0101", "new", "CX0101")
    s.act(COMMUNITY, rid, "escalate", reason="需街道协调供电")
    s.expect(rid, "CX01", "new", "CX01")
    s.act(
        STREET, rid, "delegate", to_unit="CX0102", instructions="由汀荷社区维修队处理"
    )
    s.expect(rid, "CX0102", "delegated", "CX0102")
    s.act(OTHER_COMMUNITY, rid, "resolve", resolution="已更换灯具")
    s.expect(rid, None, "resolved", "CX0102")
    s.act(RESIDENT, rid, "dispute", reason="只换了一层，其他楼层仍不亮")
    s.expect(rid, "CX0102", "reopened", "CX0102")
    s.act(OTHER_COMMUNITY, rid, "resolve", resolution="全部楼层已更换")
    s.expect(rid, None, "resolved", "CX0102")
    s.act(RESIDENT, rid, "confirm")
    final = s.act(RESIDENT, rid, "rate", score=5)
    assert final["status"] == "closed" and final["allowed_actions"] == []
    s.expect(rid, None, "closed", "CX0102")
    check_timeline(client, auth, rid, s.position)


def check_timeline(client, auth, rid: str, position: int) -> None:
    detail = client.get(
        f"/api/v1/requests/{rid}",
        headers=auth(STREET),
        params={"min_position": position},
    ).json()
    steps = [
        (e["event_type"], e["actor_role"], e["actor_unit"]) for e in detail["timeline"]
    ]
    assert steps == [
        ("RequestRaised", "resident", "CX010101"),
        ("RequestEscalated", "group_leader", "CX010101"),
        ("RequestEscalated", "community_staff", "CX0101"),
        ("RequestDelegated", "street_staff", "CX01"),
        ("RequestResolved", "community_staff", "CX0102"),
        ("ResolutionDisputed", "resident", "CX010101"),
        ("RequestResolved", "community_staff", "CX0102"),
        ("ResolutionConfirmed", "resident", "CX010101"),
        ("SatisfactionRated", "resident", "CX010101"),
    ]
    assert all(e["at"] for e in detail["timeline"]) and detail["rating"] == 5
    stays = [
        (v["unit"], v["level"], v["arrived_by"], v["left_by"]) for v in detail["levels"]
    ]
    assert stays == [
        ("CX010101", "group", "raised", "escalated"),
        ("CX0101", "community", "escalated", "escalated"),
        ("CX01", "street", "escalated", "delegated"),
        ("CX0102", "community", "delegated", "resolved"),
        ("CX0102", "community", "reopened", "resolved"),
    ]
    assert all(v["seconds"] >= 0 and not v["open"] for v in detail["levels"])


def test_unit_statistics_after_the_journey_BZ_A1(client, auth):
    """BZ-A1: received, resolved at this level, escalated, delegated, open, satisfaction per unit."""
    s = Scenario(client, auth)
    rid = s.raise_request()
    s.act(GROUP_LEADER, rid, "escalate", reason="需社区处理")
    s.act(COMMUNITY, rid, "escalate", reason="需街道处理")
    s.act(STREET, rid, "delegate", to_unit="CX0102", instructions="请处理")
    s.act(OTHER_COMMUNITY, rid, "resolve", resolution="已处理")
    s.act(RESIDENT, rid, "rate", score=4)
    other = s.raise_request()
    s.act(GROUP_LEADER, other, "resolve", resolution="小组当场解决")
    street = client.get(
        "/api/v1/units/CX01/stats",
        headers=auth(STREET),
        params={"min_position": s.position},
    ).json()
    assert (street["received"], street["resolved"], street["open"]) == (2, 2, 0)
    assert (
        street["resolved_here"],
        street["delegated_down"],
        street["escalated_up"],
    ) == (0, 1, 0)
    assert (street["satisfaction_average"], street["resolved_at_entry_unit"]) == (
        4.0,
        1,
    )
    community = client.get("/api/v1/units/CX0101/stats", headers=auth(COMMUNITY)).json()
    assert (
        community["received"],
        community["escalated_up"],
        community["resolved"],
    ) == (2, 1, 1)
