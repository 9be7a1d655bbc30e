"""What became of a batch a runner tried to write: applied, taken by another runner, or stuck.

The view runner and the sealing runner both apply the log in batches from a
tracking position. A batch that fails is retried a few times with a short pause;
if the runner's position moved past the batch's first event meanwhile, another
runner applied it (a lost race, not an error). If it did not, the batch is
stuck: that is logged once, kept in `stuck` (the heartbeat shows it to readiness),
and tried again only after a pause that doubles up to a cap, so a stuck runner
never spins and still recovers by itself once the cause is repaired.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


class Outcome(enum.Enum):
    APPLIED = "applied"
    TAKEN = "taken"  # another runner applied it first
    FAILED = "failed"


@dataclass(frozen=True)
class Stuck:
    runner: str
    position: int  # the log position of the first event that could not be applied
    error: str
    since: float  # wall-clock time, seconds


def describe(error: BaseException) -> str:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first_line}"[:500]


class BatchProgress:
    def __init__(
        self,
        runner: str,
        position: Callable[[], int],
        *,
        attempts: int = 3,
        pause: float = 0.05,
        retry_seconds: float = 1.0,
        retry_max_seconds: float = 60.0,
    ):
        self.runner, self.position, self.attempts, self.pause = (
            runner,
            position,
            attempts,
            pause,
        )
        self.retry_seconds, self.retry_max_seconds = retry_seconds, retry_max_seconds
        self.stuck: Stuck | None = None
        self.tried = (
            0  # writes attempted, whatever their outcome (readiness and tests read it)
        )
        self._error: BaseException | None = None
        self._next_try, self._retry_pause = 0.0, retry_seconds

    def may_try(self) -> bool:
        """False while a stuck batch waits for its next retry."""
        return self.stuck is None or time.monotonic() >= self._next_try

    def write(self, first: int, write: Callable[[], None]) -> Outcome:
        """Try `write` (a batch starting at log position `first`); a stuck batch gets one try per retry."""
        for attempt in range(1 if self.stuck else self.attempts):
            if attempt:
                time.sleep(self.pause * 2 ** (attempt - 1))
            self.tried += 1
            try:
                write()
            except (
                Exception
            ) as error:  # any error of the batch; a race shows as a moved position
                if self._taken(first):
                    return Outcome.TAKEN
                self._error = error
                continue
            self._moved_on(first)
            return Outcome.APPLIED
        return Outcome.FAILED

    def _taken(self, first: int) -> bool:
        try:
            return self.position() >= first
        except (
            Exception
        ):  # the database is gone too: the batch is not known to be applied
            return False

    def report_stuck(self, position: int) -> None:
        """The batch at `position` failed every attempt: log it once, then wait before the next try."""
        error = describe(self._error) if self._error else "unknown error"
        if self.stuck is None or (self.stuck.position, self.stuck.error) != (
            position,
            error,
        ):
            log.error(
                "%s is stuck at log position %d: %s (retrying in %.1f s, then less and less often)",
                self.runner,
                position,
                error,
                self._retry_pause,
            )
            self.stuck = Stuck(self.runner, position, error, time.time())
        self._next_try = time.monotonic() + self._retry_pause
        self._retry_pause = min(self._retry_pause * 2, self.retry_max_seconds)

    def _moved_on(self, first: int) -> None:
        if self.stuck is not None and first >= self.stuck.position:
            log.warning(
                "%s moved past log position %d", self.runner, self.stuck.position
            )
            self.stuck, self._retry_pause = None, self.retry_seconds
