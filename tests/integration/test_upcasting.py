"""The upcasting policy's worked example (docs/upcasting.md): an old event shape read by new code.

`Task.TaskIssued` gained `counted_from` and `working_days` in version 2 (CAL-1). A version 1
event, as stored before, carries neither field nor a `class_version`; read today it is
upcast to version 2 with both None (a fixed deadline, never counted again), and the
projection applies it as it applies a new one.
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from application.principals import Principal
from domain.people import person_id_for
from domain.tasks import Task
from projections.dispatch import changes_for
from tests.conftest import demo_container

ADDED_IN_V2 = ("counted_from", "working_days")


def as_version_1(mapper, stored):
    """The stored event as code before version 2 wrote it."""
    state = mapper.transcoder.decode(stored.state)
    assert state.pop("class_version") == 2
    for name in ADDED_IN_V2:
        state.pop(name)
    return replace(stored, state=mapper.transcoder.encode(state))


def test_a_version_1_task_issued_event_is_read_as_version_2_with_a_fixed_deadline(
    settings,
):
    container = demo_container(settings, start=False)
    try:
        issuer = Principal.of(container.ledger.person(person_id_for("P0010")))
        issued = container.tasks.issue(
            issuer,
            "CX0101",
            ["CX010101"],
            "消防通道清理",
            "清理楼道堆物",
            None,
            1,
            False,
        )
        ledger = container.ledger
        stored = ledger.recorder.select_events(UUID(issued["task_id"]), limit=1)[0]
        new = ledger.mapper.to_domain_event(stored)
        old = ledger.mapper.to_domain_event(as_version_1(ledger.mapper, stored))
        assert isinstance(old, Task.TaskIssued) and new.working_days == 1
        assert (old.counted_from, old.working_days) == (None, None)
        kept = set(vars(new)) - set(ADDED_IN_V2)
        assert {k: vars(old)[k] for k in kept} == {k: vars(new)[k] for k in kept}
        task_rows = [s for s in changes_for(old, 1) if "gov_tasks" in s[0]]
        assert task_rows and task_rows[0][1]["title"] == "消防通道清理"
    finally:
        container.close()
