"""The long audit commands' work with its progress: export's phases, verify-log's rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from infra.cli_progress import Steps, progress


def counted_batches(batches: Iterable[list[Any]], steps: Steps) -> Iterator[list[Any]]:
    """The batches, advancing the bar by the rows of each."""
    for batch in batches:
        yield batch
        steps.advance(len(batch))


def verify_log_with_progress(container: Any, note: str, key: Any) -> Any:
    """verify-log's comparison, its bar counting the log's rows as they are read."""
    from application.audit.verify_log import (
        leaf_batches,
        log_batches,
        verify_log_coverage,
    )

    with progress("核对日志 verify-log") as steps:
        steps.step("逐行比对日志与封存", total=container.ledger.position())
        return verify_log_coverage(
            lambda: counted_batches(log_batches(container.ledger.recorder), steps),
            lambda: leaf_batches(container.audit_parts.store),
            note,
            key,
        )


def in_phases(title: str, phases: list[tuple[str, Callable[[], Any]]]) -> Any:
    """Run each phase under its name; the last one's result is returned."""
    result = None
    with progress(title) as steps:
        for name, run in phases:
            steps.step(name)
            result = run()
    return result
