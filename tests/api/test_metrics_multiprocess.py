"""With PROMETHEUS_MULTIPROC_DIR set (gov serve --workers N), a scrape in one process adds
up the counters every API process wrote; `gov serve` empties the directory at start."""

from __future__ import annotations

import os
import subprocess
import sys

from prometheus_client.parser import text_string_to_metric_families

from infra.serve_options import MULTIPROC_DIR, prepare_metrics_dir

COUNT = (
    "from infra.metrics import ServiceMetrics\n"
    "m = ServiceMetrics()\n"
    "m.request_done('POST', '/api/v1/requests', 201, 0.02)\n"
    "m.command_done('requests.raise', 'ok', '')\n"
)
SCRAPE = (
    "from infra.metrics import ServiceMetrics\n"
    "print(ServiceMetrics().exposition()[0].decode())\n"
)


def in_process(code: str, directory: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, MULTIPROC_DIR: directory},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


def scraped(directory: str) -> dict[str, float]:
    text = in_process(SCRAPE, directory)
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name.endswith(("_total", "_count"))
    }


def test_counters_of_every_process_are_added_up(tmp_path):
    for _ in range(3):  # three API processes, each counting one command
        in_process(COUNT, str(tmp_path))
    figures = scraped(str(tmp_path))
    assert figures["gov_commands_total"] == 3
    assert figures["gov_http_requests_total"] == 3
    assert figures["gov_http_request_duration_seconds_count"] == 3


def test_a_new_start_forgets_the_previous_runs_counters(tmp_path, monkeypatch):
    in_process(COUNT, str(tmp_path))
    monkeypatch.setenv(MULTIPROC_DIR, str(tmp_path))
    prepare_metrics_dir(workers=2)
    assert not list(tmp_path.glob("*.db"))
    assert "gov_commands_total" not in scraped(str(tmp_path))
