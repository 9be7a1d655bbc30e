"""Every rule of RULES.md is cited by a test that checks it (Issue 4): `.ci/uncited-rules`."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "uncited-rules"
RULES = ROOT.parent / "shared" / "spec" / "RULES.md"
CHECKED = {"T", "R", "S", "G", "D", "C", "I", "M", "K", "P", "W"}
FAKE_RULES = """# Rules
## T. Topics
- **WZ-5.1-a** cited by many tests.
- **ZZ-9.9-z / ZZ-9.9.10** cited by none.
## W. Working days
- **CAL-1** cited.
"""

script = runpy.run_path(str(SCRIPT))


@pytest.mark.skipif(
    not RULES.exists(), reason="the shared spec is not next to the repository"
)
def test_every_rule_of_the_checked_sections_is_cited_by_a_test():
    """Sections T, R, S, G, D, C, I, M, K, P and W: no rule ID without a test naming it (Issue 4)."""
    missing = script["uncited"](
        script["rule_ids"](RULES.read_text(encoding="utf-8")),
        script["test_texts"](ROOT / "tests"),
    )
    assert script["failing"](missing, CHECKED) == [], script["report"](missing)


def test_bold_ids_both_of_a_pair_are_read_with_their_section_and_plain_words_are_not():
    assert script["rule_ids"](FAKE_RULES) == {
        "WZ-5.1-a": "T",
        "ZZ-9.9-z": "T",
        "ZZ-9.9.10": "T",
        "CAL-1": "W",
    }
    assert script["rule_ids"]("## D. x\n**LS-2.4.11 / SX** and **more than 1/2**") == {
        "LS-2.4.11": "D"
    }


def test_a_citation_is_a_whole_id_in_a_test_name_or_docstring():
    texts = script["test_texts"](ROOT / "tests" / "unit")
    assert script["is_cited"]("WZ-5.1-a", texts) and not script["is_cited"](
        "ZZ-9.9-z", texts
    )
    cite = script["is_cited"]
    assert cite("LS-2.4.11", ["test_x_LS_2_4_11"]) and not cite(
        "LS-2.4.1", ["test_x_LS_2_4_11"]
    )
    assert not cite("LS-2.4.11", ["test_x_LS_2_4_1"]) and cite(
        "WZ-5.6-d", ["test_x WZ_5_6_d and more"]
    )
    assert not cite("SX-T1", ["test_x_SX_T10"])


def test_the_script_fails_naming_an_id_no_test_cites(tmp_path):
    """It can fail: a fake RULES.md with IDs no test cites exits 1 and names them; --list exits 0."""
    rules = tmp_path / "RULES.md"
    rules.write_text(FAKE_RULES, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(rules), "--sections", "T"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1 and "T: ZZ-9.9-z, ZZ-9.9.10" in run.stdout
    assert "WZ-5.1-a" not in run.stdout and "CAL-1" not in run.stdout
    listed = subprocess.run(
        [sys.executable, str(SCRIPT), str(rules), "--list"],
        capture_output=True,
        text=True,
    )
    assert listed.returncode == 0 and "ZZ-9.9-z" in listed.stdout
    other = subprocess.run(
        [sys.executable, str(SCRIPT), str(rules), "--sections", "W"],
        capture_output=True,
        text=True,
    )
    assert other.returncode == 0, (
        "an uncited ID of another section does not fail the chosen ones"
    )
