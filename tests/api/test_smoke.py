def test_raise_and_read_own_request_BZ_D3(client, auth):
    """BZ-D3: the resident who raised a request sees its state."""
    created = client.post(
        "/api/v1/requests",
        headers=auth("P0038"),
        json={
            "title": "路灯不亮",
            "description": "3栋门口路灯坏了",
            "category": "facilities",
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    mine = client.get(
        "/api/v1/me/requests",
        headers=auth("P0038"),
        params={"min_position": body["position"]},
    )
    assert [r["request_id"] for r in mine.json()["items"]] == [body["request_id"]]
    assert mine.json()["items"][0]["holding_unit"] == "CX010101"
