"""The restore drill's rounds: a raw scan of the restored log and a rebuild of every view from it
(`rebuild_views`, the function `gov rebuild` calls: all views in one pass), alternated, each timed over the whole log
and over its first part, the events the views project (the demo district and one request); the
rest of the log is synthetic records of a type no view handles, read and not decoded."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from bench.machine import load_average
from bench.run import log
from infra.container import Container
from infra.rebuild import rebuild_views
from projections.rebuild import BATCH
from projections.view_versions import PROJECTIONS


@dataclass
class Pass:
    """One pass over the log: when it began, when it first reached `boundary`, when it ended."""

    boundary: int
    began: float = field(default_factory=time.perf_counter)
    crossed: float | None = None
    reached: int = 0
    ended: float = 0.0

    def at(self, position: int) -> None:
        if self.crossed is None and position >= self.boundary:
            self.crossed, self.reached = time.perf_counter(), position
        self.ended = time.perf_counter()

    def figures(self, head: int) -> dict[str, float]:
        crossed = self.crossed if self.crossed is not None else self.ended
        return {
            "seconds": self.ended - self.began,
            "rate": head / (self.ended - self.began),
            "projected_rate": self.reached / (crossed - self.began),
            "rest_rate": (head - self.reached) / max(self.ended - crossed, 1e-9),
        }


def scan(c: Container, boundary: int) -> Pass:
    """Every event read as stored, its bytes touched, in the rebuild's batches of 1,000."""
    recorder, start, touched = c.ledger.recorder, 1, 0
    timing = Pass(boundary)
    while notes := recorder.select_notifications(start=start, limit=BATCH):
        touched += sum(len(n.state) for n in notes)
        start = notes[-1].id + 1
        timing.at(notes[-1].id)
    return timing


def rebuild_all(c: Container, boundary: int) -> Pass:
    """Every projection rebuilt blue-green in one pass, as `gov rebuild` does."""
    timing = Pass(boundary)
    rebuild_views(c, list(PROJECTIONS.values()), lambda done, aim: timing.at(done))
    return timing


def rounds(c: Container, count: int, projected: int) -> dict[str, Any]:
    head = c.ledger.position()
    measured: dict[str, Any] = {"rounds": [], "head": head}
    for n in range(count):
        load = load_average()
        scanned_pass = scan(c, projected)
        scanned = scanned_pass.figures(head)
        began = time.perf_counter()
        rebuilt = rebuild_all(c, projected).figures(head)
        whole = time.perf_counter() - began
        measured["rounds"].append(
            {
                "load": load,
                "scan": scanned,
                "rebuilt": rebuilt,
                "rebuild": {"seconds": whole, "rate": head / whole},
                "boundary": scanned_pass.reached,
            }
        )
        log(
            f"round {n + 1}: scan {scanned['rate']:,.0f}/s, rebuild of all "
            f"{head / whole:,.0f}/s ({whole:.1f} s)"
        )
    return measured
