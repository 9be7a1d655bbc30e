"""The stored bytes of every event hold no personal field in clear (PIPL-47: erasure by destroying a key works
only if nothing personal is stored outside the sealed part), checked in the raw log table of both backends
for every event class that declares `personal_fields`: requests, people, topics, sittings and tasks."""

from __future__ import annotations

from typing import Any

from domain.personal import ERASED, personal_fields
from tests.api.deliberation_helpers import (
    API,
    PROPOSER,
    STAFF,
    SUPERVISOR,
    Deliberation,
)
from tests.api.erasure_helpers import in_clear, raw_rows
from tests.api.stored_files import stored_files
from tests.api.test_privacy import TITLE, raise_and_handle
from tests.api.test_tasks_end_to_end import staff_by_unit

GROUPS = ("CX010101", "CX010102")
DRIVEN = {
    "Registered",
    "RequestRaised",
    "RequestEscalated",
    "RequestResolved",
    "TopicProposed",
    "TopicReviewed",
    "ConsultationRecorded",
    "ProposerExplained",
    "SpeechRecorded",
    "ExpertStated",
    "DiscussionNoted",
    "OutcomeSettled",
    "StepRecorded",
    "ImplementationReported",  # WZ-5.8-d: its four parts are sealed
    "DeliberationReopened",
    "ProgressReported",
    "AssignmentCompleted",
    "AssignmentReturned",
    "AssignmentExtended",
    "TaskExtended",
    "TaskCancelled",
}
KNOWN = (
    TITLE,
    "3栋加装电梯",
    "10户支持，2户担心采光",
    "楼龄长，未预留电梯井",
    "发言要点",
    "设计完成",
    "施工中发现地下管线",
    "已通知12户",
    "水管老化无法完成",
    "等待物业排期",
    "通知有误，重新下达",
)


def deliberated(client, auth) -> None:
    """A topic through review, a consultation, a sitting with its debate and notes, implementation and reopening."""
    d = Deliberation(client, auth)
    d.propose()
    d.approve()
    d.topic(
        PROPOSER,
        "consult",
        phase="before",
        form="door_to_door",
        households=12,
        summary=KNOWN[2],
    )
    d.prepare()
    d.sit()
    d.counted("rules", 6, 3)
    d.debate()
    d.sitting(STAFF, "note_discussion", aspect="causes", note=KNOWN[3])
    d.counted("item-1", 7, 2)
    d.sitting(PROPOSER, "settle", implementation_plan="物业牵头招标")
    d.topic(STAFF, "implement", note="物业牵头", details={"route": "community"})
    d.topic(
        SUPERVISOR,
        "report",
        progress=KNOWN[5],
        problems="无",
        effects="无",
        involves_funds_labour=False,
    )
    d.topic(SUPERVISOR, "reopen", problem=KNOWN[6])


def tasked(client, auth) -> None:
    """A community task to two groups: one reports progress and completes, the other returns it; extended.
    A second task, cancelled."""

    def post(who: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = client.post(f"{API}{path}", headers=auth(who), json=body)
        assert answer.status_code in (200, 201), f"{path}: {answer.text}"
        return answer.json()

    issued = post(
        STAFF,
        "/tasks",
        {
            "issuer_unit": "CX0101",
            "targets": list(GROUPS),
            "title": "停水通知",
            "instructions": "周三停水一天",
            "working_days": 5,
        },
    )
    post(
        STAFF,
        f"/tasks/{issued['task_id']}/extend",
        {"working_days": 8, "reason": KNOWN[9]},
    )
    leaders = staff_by_unit()
    done, returned = issued["assignments"]
    for assignment, group in ((done, GROUPS[0]), (returned, GROUPS[1])):
        post(leaders[group], f"/assignments/{assignment}/acknowledge", {})
    post(
        leaders[GROUPS[0]], f"/assignments/{done}/progress", {"note": "已通知一半住户"}
    )
    post(leaders[GROUPS[0]], f"/assignments/{done}/complete", {"note": KNOWN[7]})
    post(leaders[GROUPS[1]], f"/assignments/{returned}/return", {"reason": KNOWN[8]})
    again = post(
        STAFF,
        "/tasks",
        {
            "issuer_unit": "CX0101",
            "title": "停电通知",
            "instructions": "周四停电",
            "working_days": 5,
        },
    )
    post(STAFF, f"/tasks/{again['task_id']}/cancel", {"reason": KNOWN[10]})


def personal_plaintexts(container) -> dict[str, set[str]]:
    """Event class name -> the plaintext of its personal fields, decrypted through the ledger's mapper."""
    found: dict[str, set[str]] = {}
    for note in container.ledger.recorder.select_notifications(start=1, limit=10**9):
        event = container.ledger.mapper.to_domain_event(note)
        for field in personal_fields(type(event)):
            texts = found.setdefault(type(event).__name__, set())
            texts |= {
                t
                for t in _strings(getattr(event, field, None))
                if len(t) >= 2 and t != ERASED
            }
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for v in value for s in _strings(v)] if isinstance(value, list) else []


def test_no_stored_event_holds_a_personal_field_in_clear_PIPL_47(
    client, auth, container
):
    raise_and_handle(client, auth)
    deliberated(client, auth)
    tasked(client, auth)
    plaintexts = personal_plaintexts(container)
    assert {name for name, texts in plaintexts.items() if texts} >= DRIVEN, (
        "every kind of personal event is driven"
    )
    every = set().union(*plaintexts.values())
    assert set(KNOWN) <= every, "the mapper decrypts what was written"
    rows = raw_rows(container)
    leaks = {
        (topic.rsplit(".", 1)[-1], text)
        for _, _, topic, state in rows
        for text in every
        if in_clear(state, text)
    }
    assert not leaks, f"personal text stored in clear: {sorted(leaks)[:10]}"
    assert any(in_clear(state, "CX010102") for *_, state in rows), (
        "non-personal fields stay readable for audit"
    )


def test_no_stored_file_holds_any_personal_field_in_clear_PIPL_47(
    client, auth, container
):
    """Every table (events, views, keys, audit, access log): a view column fed a personal field seals it."""
    raise_and_handle(client, auth)
    deliberated(client, auth)
    tasked(client, auth)
    assert container.runner.wait_for(container.ledger.position(), 10)
    distinctive = {
        t
        for t in set().union(*personal_plaintexts(container).values())
        if not t.isascii()
    }
    assert set(KNOWN) <= distinctive
    files = stored_files(container.settings)
    leaks = {
        (name, text)
        for name, data in files.items()
        for text in distinctive
        if in_clear(data, text)
    }
    assert not leaks, f"personal text stored in clear: {sorted(leaks)[:10]}"
