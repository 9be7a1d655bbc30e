"""The five trace records of a deliberation driven through the API, read back from the log (WZ-6, JH-5.3)."""

from __future__ import annotations

from api.records_render import to_html, to_markdown
from application.records.trace import records_for
from tests.api.deliberation_helpers import (
    EXPERT,
    PROPOSER,
    REPORT,
    STAFF,
    SUPERVISOR,
    Deliberation,
)


def fields(record: dict, key: str) -> dict:
    return next(s for s in record["sections"] if s["key"] == key)["fields"]


def test_records_of_a_wz_consensus_driven_through_the_api_WZ_6_JH_5_3(
    client, auth, container
):
    d = Deliberation(client, auth)
    d.propose()
    d.approve()
    assert records_for(container.ledger, d.topic_id)[2]["status"] == "not_yet"
    d.prepare()
    d.sit()
    d.counted("rules", 6, 3)
    d.debate()
    d.counted("item-1", 7, 1, 1)
    d.sitting(PROPOSER, "settle", implementation_plan="物业牵头招标")
    d.topic(STAFF, "file")
    d.topic(
        STAFF, "implement", details={"route": "stakeholder", "complexity": "simple"}
    )
    d.topic(SUPERVISOR, "report", **REPORT)
    records = records_for(container.ledger, d.topic_id)
    assert [r["status"] for r in records.values()] == ["complete"] * 5
    sitting = fields(records[4], "sitting_1")
    assert sitting["host"] == "沈俊（P0038）" and sitting["recorder"].endswith(
        "（P0010）"
    )
    assert sitting["supervisor"].endswith("（P0028）"), "the member who reported"
    assert [
        (
            v["voters"],
            v["yes"],
            v["no"],
            v["abstain"],
            v["yes_share"],
            v["no_share"],
            v["abstain_share"],
        )
        for v in sitting["votes"]
    ] == [
        (9, 6, 3, 0, "66.7%", "33.3%", "0.0%"),
        (9, 7, 1, 1, "77.8%", "11.1%", "11.1%"),
    ]
    assert not any("paper" in v or "online" in v for v in sitting["votes"]), (
        "an on-site sitting has no paper and online split (WZ-5.3-d)"
    )
    assert {p["person"]: p["role"] for p in sitting["participants"]}[
        EXPERT
    ] == "专业技术人员"
    report = fields(records[5], "reports")["rows"][0]
    assert report["details"] == (  # WZ-5.8-d: the four parts
        "落实进度：设计完成；落实中的问题：无；产生的影响：待施工；筹资筹劳：不涉及；是否办结：否"
    )
    assert fields(records[5], "implementation")["rows"][0]["details"].startswith(
        "落实方式：其他利益相关方落实，社区督促；事项难易：涉及面小、简单；办结期限："
    )
    for record in records.values():
        assert to_html(record).count("<table") >= 1 and to_markdown(record).startswith(
            f"# {record['title']}"
        )
