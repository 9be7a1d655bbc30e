"""A command whose database cannot be reached says so in one line, with the fix, exit 2."""

from __future__ import annotations

import pytest

from tests.integration.test_serve_options import run_gov

pytestmark = [pytest.mark.slow]


@pytest.mark.parametrize("command", [["token", "P0038"], ["demo", "load"]])
def test_an_unreachable_postgres_is_one_line_and_exit_2(tmp_path, command):
    refused = run_gov(
        tmp_path, *command, GOV_POSTGRES_HOST="127.0.0.1", GOV_POSTGRES_PORT="1"
    )
    assert refused.returncode == 2, refused.stderr
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert "无法使用数据库" in lines[0] and "gov doctor" in lines[0]
    assert refused.stdout == ""
