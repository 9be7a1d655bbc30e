"""A background loop that fails the same way at every step logs it once, not once per step."""

from __future__ import annotations

import logging
import time

from infra.runners import BackgroundLoop


class Failing(BackgroundLoop):
    name = "failing"

    def __init__(self, errors: list[Exception]):
        super().__init__(interval=0.01)
        self.errors, self.steps = errors, 0

    def step(self) -> None:
        self.steps += 1
        raise self.errors[min(self.steps, len(self.errors)) - 1]


def run_for(loop: Failing, seconds: float) -> None:
    loop.start()
    time.sleep(seconds)
    loop.stop()


def test_the_same_error_at_every_step_is_logged_once(caplog):
    caplog.set_level(logging.ERROR, logger="infra.runners")
    loop = Failing([OSError("connection refused")])
    run_for(loop, 0.5)
    assert loop.steps > 5, "the loop kept stepping"
    assert len([r for r in caplog.records if "failing failed" in r.getMessage()]) == 1


def test_a_different_error_is_logged_again(caplog):
    caplog.set_level(logging.ERROR, logger="infra.runners")
    loop = Failing([OSError("connection refused"), ValueError("bad row")])
    run_for(loop, 0.3)
    assert len([r for r in caplog.records if "failing failed" in r.getMessage()]) == 2
