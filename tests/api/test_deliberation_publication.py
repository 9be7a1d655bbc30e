"""What deliberation publishes on the public board, through the API and the board page on both
backends: the supervision committee's implementation report in its four parts (WZ-5.8-d; seed WZ
5.8 ④: 进度、问题、影响，涉及筹资筹劳的公布筹资筹劳情况) and the two publications of 五议两公开
(LS-2.4.12: 决议公开, 实施结果公开). Names are shown only with their person's consent."""

from __future__ import annotations

from tests.api.deliberation_helpers import (
    API,
    COMMUNITY,
    STAFF,
    SUPERVISOR,
    pid,
    settled_deliberation,
)
from tests.api.problem_helpers import log_unchanged
from tests.integration.audit_helpers import sealed_and_signed

PARTS = {
    "progress": "电梯井道已完工，轿厢安装中",
    "problems": "一楼住户担心采光，已调整井道位置",
    "effects": "老人上下楼方便，邻里矛盾化解",
}


def notices(client, position: int) -> list[dict]:
    answer = client.get(
        f"{API}/public/units/{COMMUNITY}/notices", params={"min_position": position}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def refused(client, auth, container, path: str, who: str, body: dict) -> dict:
    with log_unchanged(container):
        answer = client.post(f"{API}{path}", headers=auth(who), json=body)
    assert answer.status_code == 422, answer.text
    return answer.json()


def implementing(client, auth):
    d = settled_deliberation(client, auth)["topic"]
    d.topic(STAFF, "implement", details={"route": "community"})
    return d


def test_a_report_missing_any_of_its_four_parts_is_refused_WZ_5_8_d(
    client, auth, container
):
    d = implementing(client, auth)
    path = f"/topics/{d.topic_id}/report"
    for body, missing in (
        ({"progress": PARTS["progress"]}, ["effects", "funds_labour", "problems"]),
        ({**PARTS}, ["funds_labour"]),  # 筹资筹劳 must be stated either way
        ({**PARTS, "involves_funds_labour": True}, ["funds_labour"]),
        ({**PARTS, "progress": "  ", "involves_funds_labour": False}, ["progress"]),
    ):
        problem = refused(client, auth, container, path, SUPERVISOR, body)
        assert (
            problem["rule_id"] == "WZ-5.8-d" and problem["allowed_actions"] == missing
        )
        assert "落实情况报告须写明" in problem["detail"], problem
    assert notices(client, d.position) == []


def test_a_four_part_report_is_published_with_the_author_masked_until_consent_WZ_5_8_d(
    client, auth, container
):
    d = implementing(client, auth)
    d.topic(
        SUPERVISOR,
        "report",
        **PARTS,
        involves_funds_labour=True,
        funds_labour="居民筹资3万元，出工40人次",
        complete=True,
    )
    [notice] = notices(client, d.position)
    name = container.ledger.person(pid(SUPERVISOR)).name
    assert notice["kind"] == "implementation_report" and notice["complete"] is True
    assert notice["parts"] == {
        **PARTS,
        "funds_labour": "居民筹资3万元，出工40人次",
        "involves_funds_labour": "1",
    }
    assert notice["author"] == name[0] + "＊" * (len(name) - 1) != name
    assert notice["title"] is None, "the proposer has not consented"
    page = client.get(f"/board/{COMMUNITY}")
    assert PARTS["problems"] in page.text and name not in page.text
    consented = client.put(
        f"{API}/me/publication-consent",
        headers=auth(SUPERVISOR),
        json={"consent": True},
    )
    assert consented.status_code == 200, consented.text
    [shown] = notices(client, consented.json()["position"])
    assert shown["author"] == name
    assert name in client.get(f"/board/{COMMUNITY}").text


def test_a_report_without_funds_or_labour_says_so_on_the_board_WZ_5_8_d(
    client, auth, container
):
    d = implementing(client, auth)
    d.topic(SUPERVISOR, "report", **PARTS, involves_funds_labour=False)
    [notice] = notices(client, d.position)
    assert "funds_labour" not in notice["parts"] and notice["complete"] is False
    assert "不涉及筹资筹劳" in client.get(f"/board/{COMMUNITY}").text


def stage(d, key: str, counts: dict | None = None, **body) -> dict:
    return d.post(
        STAFF,
        f"/topics/{d.topic_id}/major-decision/{key}",
        {"meeting": "会议", **({"counts": counts} if counts else {}), **body},
    )


def test_the_resolution_and_the_implementation_result_are_published_LS_2_4_12(
    client, auth, container
):
    d = settled_deliberation(client, auth, major_decision=True)["topic"]
    votes = {"eligible": 9, "present": 8, "yes": 7, "no": 1, "abstain": 0}
    stage(d, "proposal")
    stage(d, "committees", votes)
    d.post(
        STAFF,
        f"/topics/{d.topic_id}/major-decision/supervision_check",
        {"meeting": "-", "skip_reason": "本社区未设核议"},
    )
    stage(d, "party_assembly", votes)
    stage(d, "resolution", votes)
    path = f"/topics/{d.topic_id}/major-decision/publish_resolution"
    problem = refused(client, auth, container, path, STAFF, {"meeting": "村务公开栏"})
    assert problem["rule_id"] == "LS-2.4.12" and "公开的内容" in problem["detail"]
    stage(d, "publish_resolution", content="决议：加装电梯，费用按楼层分摊")
    [resolution] = notices(client, d.position)
    assert resolution["kind"] == "major_decision"
    assert resolution["stage"] == "publish_resolution"
    assert resolution["parts"]["content"] == "决议：加装电梯，费用按楼层分摊"
    assert resolution["vote"] == {
        "members": 9,
        "present": 8,
        "yes": 7,
        "no": 1,
        "abstain": 0,
    }
    done = stage(d, "publish_result", content="电梯已于12月投入使用")
    assert done["allowed_actions"] == []
    published = notices(client, d.position)
    assert [n["stage"] for n in published] == ["publish_resolution", "publish_result"]
    assert published[1]["vote"] is None
    board = client.get(f"/board/{COMMUNITY}").text
    assert "决议公开" in board and "电梯已于12月投入使用" in board
    assert "赞成 7" in board
    sealed_and_signed(container)
    dossier = client.get(
        f"{API}/audit/dossiers/topics/{d.topic_id}", headers=auth(SUPERVISOR)
    ).json()
    assert [m["stage"] for m in dossier["major_decision"]][-2:] == [
        "publish_resolution",
        "publish_result",
    ], "the supervision committee's dossier lists the publications as stages"
