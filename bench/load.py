"""Fixed-duration load from N threads, each with its own operation; bounded loops only."""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_OPS_PER_THREAD = 10_000_000
Op = Callable[[int], None]


@dataclass
class LoadResult:
    clients: int
    seconds: float = 0.0
    ops: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    first_error: str = ""
    cpu_seconds: float = 0.0
    service_cpu_seconds: float = 0.0
    positions: tuple[tuple[int, int], tuple[int, int]] | None = (
        None  # (log, views) before and after
    )

    @property
    def rate(self) -> float:
        return self.ops / self.seconds if self.seconds else 0.0

    def cpu_ms_per_op(self, service: bool = False) -> float:
        """CPU time per completed operation: this process's, or the service's."""
        cpu = self.service_cpu_seconds if service else self.cpu_seconds
        return 1000 * cpu / self.ops if self.ops else 0.0

    def views_rate(self) -> float:
        """Events the views applied per second while the commands ran."""
        return (
            (self.positions[1][1] - self.positions[0][1]) / self.seconds
            if self.positions
            else 0.0
        )

    def views_lag(self) -> int:
        """Events recorded but not yet applied to the views when the measured seconds ended."""
        return self.positions[1][0] - self.positions[1][1] if self.positions else 0


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _worker(
    op: Op,
    start: threading.Barrier,
    deadline: list[float],
    result: LoadResult,
    lock: threading.Lock,
) -> None:
    latencies, errors, first_error = [], 0, ""
    start.wait()
    for i in range(MAX_OPS_PER_THREAD):
        began = time.perf_counter()
        if began >= deadline[0]:
            break
        try:
            op(i)
            latencies.append(time.perf_counter() - began)
        except Exception as error:  # counted and reported, never hidden
            errors, first_error = (
                errors + 1,
                first_error or f"{type(error).__name__}: {error}",
            )
    with lock:
        result.latencies.extend(latencies)
        result.ops, result.errors = result.ops + len(latencies), result.errors + errors
        result.first_error = result.first_error or first_error


@dataclass
class Probes:
    """Readings taken just before and just after the measured seconds."""

    service_cpu: Callable[[], float] = lambda: 0.0
    positions: Callable[[], tuple[int, int]] | None = None  # (log, views)


def _read(probes: Probes) -> tuple[float, float, tuple[int, int] | None]:
    return (
        own_cpu_seconds(),
        probes.service_cpu(),
        probes.positions() if probes.positions else None,
    )


def run_load(ops: list[Op], seconds: float, probes: Probes | None = None) -> LoadResult:
    """Run every op in its own thread for `seconds`; all threads start together."""
    result, lock, probes, deadline = (
        LoadResult(clients=len(ops)),
        threading.Lock(),
        probes or Probes(),
        [0.0],
    )
    start = threading.Barrier(
        len(ops) + 1,
        action=lambda: deadline.__setitem__(0, time.perf_counter() + seconds),
    )
    threads = [
        threading.Thread(
            target=_worker, args=(op, start, deadline, result, lock), daemon=True
        )
        for op in ops
    ]
    for thread in threads:
        thread.start()
    before = _read(probes)
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(seconds + 120)
    result.seconds = time.perf_counter() - began
    after = _read(probes)
    result.cpu_seconds, result.service_cpu_seconds = (
        after[0] - before[0],
        after[1] - before[1],
    )
    result.positions = (before[2], after[2]) if before[2] and after[2] else None
    return result


def warm_then_run(
    ops: list[Op], seconds: float, probes: Probes | None = None, warmup: float = 1.0
) -> LoadResult:
    run_load(ops, warmup)
    return run_load(ops, seconds, probes)
