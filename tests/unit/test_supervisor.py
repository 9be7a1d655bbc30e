"""The supervisor's restart pauses: doubling up to a cap while the child keeps dying quickly,
back to the first pause once a child has run for the healthy period."""

from __future__ import annotations

import logging
import re
import sys
import time

from infra.supervisor import Supervisor


def pauses_logged(caplog, argv: list[str], restarts: int, **options) -> list[float]:
    caplog.set_level(logging.WARNING, logger="infra.supervisor")
    supervisor = Supervisor(
        argv, on_exit=lambda pid, code: exits.append(code), **options
    )
    exits: list[int] = []
    supervisor.start()
    try:
        deadline = time.monotonic() + 20
        while supervisor.restarts < restarts and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        supervisor.stop()
    assert supervisor.restarts >= restarts and exits[:restarts] == [3] * restarts
    found = [
        re.search(r"restarting in ([\d.]+) s", r.getMessage()) for r in caplog.records
    ]
    return [float(m.group(1)) for m in found if m][:restarts]


def test_a_child_that_keeps_dying_is_restarted_with_doubling_pauses_up_to_the_cap(
    caplog,
):
    dies = [sys.executable, "-c", "raise SystemExit(3)"]
    assert pauses_logged(caplog, dies, 4, initial=0.1, cap=0.4) == [0.1, 0.2, 0.4, 0.4]


def test_a_child_that_ran_for_the_healthy_period_is_restarted_after_the_first_pause(
    caplog,
):
    runs_then_dies = [
        sys.executable,
        "-c",
        "import time; time.sleep(0.3); raise SystemExit(3)",
    ]
    pauses = pauses_logged(
        caplog, runs_then_dies, 3, initial=0.1, cap=5, healthy_after=0.2
    )
    assert pauses == [0.1, 0.1, 0.1]


def test_a_stopped_supervisor_ends_its_child_and_restarts_nothing():
    supervisor = Supervisor(
        [sys.executable, "-c", "import time; time.sleep(60)"], initial=0.1
    )
    supervisor.start()
    child = supervisor.child
    supervisor.stop()
    assert (
        child.poll() is not None
        and supervisor.restarts == 0
        and supervisor.child is child
    )
