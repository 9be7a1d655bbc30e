"""A seeded database kept for later runs (`--keep FILE`, `--reuse FILE`): seeding a year takes
minutes, measuring seconds, so a change to the assessment can be measured on the same log.

FILE holds the fresh database's name and keys (the log's personal data is encrypted with
them) and what the seeding reported; it is the bench's own scratch, never the service's.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

from application.assessment.period import parse_period
from bench.backend import Backend
from bench.year import YearResult


def keep(path: Path, backend: Backend, ready: dict[str, Any]) -> None:
    fields = {
        f.name: str(getattr(backend, f.name))
        for f in dataclasses.fields(backend)
        if f.name != "extra_schemas"
    }
    period = ready["period"]
    saved = {
        **{k: v for k, v in ready.items() if k not in ("seeded", "period")},
        "seeded": dataclasses.asdict(ready["seeded"]),
        "period": [period.first.isoformat(), period.last.isoformat()],
    }
    path.write_text(json.dumps({"backend": fields, "ready": saved}, indent=1))


def reuse(path: Path) -> tuple[Backend, dict[str, Any]]:
    kept = json.loads(path.read_text())
    fields = kept["backend"]
    backend = Backend(**{**fields, "tmp": Path(fields["tmp"])})
    ready = kept["ready"]
    first, last = (date.fromisoformat(d) for d in ready["period"])
    return backend, {
        **ready,
        "seeded": YearResult(**ready["seeded"]),
        "period": parse_period(None, first, last),
    }
