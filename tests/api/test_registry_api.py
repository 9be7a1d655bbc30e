"""Registry changes through the API: administrators only, tree rules enforced (BZ-L1)."""


def test_administrator_registers_and_renames_a_group_BZ_L1(client, auth):
    created = client.post(
        "/api/v1/units",
        headers=auth("P0001"),
        json={
            "code": "CX010199",
            "level": "group",
            "name": "新建居民小组",
            "parent": "CX0101",
        },
    )
    assert created.status_code == 201, created.text
    renamed = client.post(
        "/api/v1/units/CX010199/rename",
        headers=auth("P0001"),
        json={"name": "改名小组"},
    )
    assert renamed.status_code == 200
    position = renamed.json()["position"]
    units = client.get(
        "/api/v1/units", headers=auth("P0038"), params={"min_position": position}
    ).json()
    assert {
        "code": "CX010199",
        "level": "group",
        "name": "改名小组",
        "parent": "CX0101",
        "retired": 0,
        "duties": ["组织调解", "联动互助"],
        "venue": "小区睦邻驿站",
    } in units


def test_each_level_shows_its_duties_and_venue_BZ_L2_BZ_L3(client, auth, container):
    """District 统筹协调/一贯到底 at the 区级社区服务中心 … down to the resident's 意见表达 at the 居民睦邻点."""
    listed = client.get(
        "/api/v1/units",
        headers=auth("P0038"),
        params={"min_position": container.ledger.position()},
    )
    units = {u["code"]: u for u in listed.json()}
    shown = {
        code: (units[code]["duties"][0], units[code]["venue"])
        for code in ("CX", "CX01", "CX0101", "CX010101")
    }
    assert shown == {
        "CX": ("统筹协调", "区级社区服务中心"),
        "CX01": ("资源整合", "街道邻里中心"),
        "CX0101": ("民主议政", "社区睦邻家园"),
        "CX010101": ("组织调解", "小区睦邻驿站"),
    }
    me = client.get("/api/v1/me", headers=auth("P0038")).json()
    assert me["as_resident"] == {
        "duties": ["意见表达", "关键少数带动"],
        "venue": "居民睦邻点",
    }
    staff = client.get("/api/v1/me", headers=auth("P0002")).json()
    assert (staff["as_resident"] is None) == (staff["home_group"] is None)


def test_level_skip_through_the_api_is_refused_BZ_L1(client, auth, container):
    before = container.ledger.position()
    response = client.post(
        "/api/v1/units",
        headers=auth("P0001"),
        json={"code": "CX0199", "level": "group", "name": "跳级小组", "parent": "CX01"},
    )
    assert response.status_code == 409
    assert response.json()["rule_id"] == "BZ-L1"
    assert container.ledger.position() == before


def test_only_administrators_change_the_registry_BZ_L1(client, auth, container):
    before = container.ledger.position()
    response = client.post(
        "/api/v1/units/CX010101/rename", headers=auth("P0002"), json={"name": "x"}
    )
    assert response.status_code == 403
    assert container.ledger.position() == before
