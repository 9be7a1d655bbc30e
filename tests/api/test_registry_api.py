"""Registry changes through the API: administrators only, tree rules enforced (BZ-L1)."""


def test_administrator_registers_and_renames_a_group_BZ_L1(client, auth):
    created = client.post("/api/v1/units", headers=auth("P0001"),
                          json={"code": "CX010199", "level": "group", "name": "新建居民小组", "parent": "CX0101"})
    assert created.status_code == 201, created.text
    renamed = client.post("/api/v1/units/CX010199/rename", headers=auth("P0001"), json={"name": "改名小组"})
    assert renamed.status_code == 200
    position = renamed.json()["position"]
    units = client.get("/api/v1/units", headers=auth("P0038"), params={"min_position": position}).json()
    assert {"code": "CX010199", "level": "group", "name": "改名小组", "parent": "CX0101", "retired": 0} in units


def test_level_skip_through_the_api_is_refused_BZ_L1(client, auth, container):
    before = container.ledger.position()
    response = client.post("/api/v1/units", headers=auth("P0001"),
                           json={"code": "CX0199", "level": "group", "name": "跳级小组", "parent": "CX01"})
    assert response.status_code == 409
    assert response.json()["rule_id"] == "BZ-L1"
    assert container.ledger.position() == before


def test_only_administrators_change_the_registry_BZ_L1(client, auth, container):
    before = container.ledger.position()
    response = client.post("/api/v1/units/CX010101/rename", headers=auth("P0002"), json={"name": "x"})
    assert response.status_code == 403
    assert container.ledger.position() == before
