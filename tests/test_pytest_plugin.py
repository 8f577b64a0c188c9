"""`pytest --submission PATH`: one test per check, through the same loader and sandbox."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.checks.runner import checks_for_stage

SAMPLES = Path(__file__).resolve().parents[1] / "course_data" / "sample_submissions"
N_CHECKS = sum(len(checks_for_stage(stage)) for stage in range(1, 6))


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """pytest in a fresh process (the plugin is found through its entry point)."""
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                          cwd=folder, capture_output=True, text=True, timeout=300)


@pytest.mark.sandbox
def test_correct_submission_passes_every_check(tmp_path):
    result = run_pytest(tmp_path, "--submission", str(SAMPLES / "ada.py"), "-q")
    assert result.returncode == 0, result.stdout
    assert f"{N_CHECKS} passed" in result.stdout


@pytest.mark.sandbox
def test_failures_show_the_message_and_stage_selects_checks(tmp_path):
    result = run_pytest(tmp_path, "--submission", str(SAMPLES / "kim.py"), "--stage", "4",
                        "-v")
    assert result.returncode == 1
    assert "kim::stage4_" in result.stdout and "stage1_" not in result.stdout
    counts = re.findall(r"(\d+) (passed|failed)", result.stdout.splitlines()[-1])
    assert sum(int(n) for n, _ in counts) == len(checks_for_stage(4))
    assert "diagnosis:" in result.stdout


@pytest.mark.sandbox
def test_broken_submission_fails_with_the_reason(tmp_path):
    result = run_pytest(tmp_path, "--submission", str(SAMPLES / "hana.ipynb"), "-q",
                        "--stage", "1")
    assert result.returncode == 1 and "not JSON" in result.stdout


def test_without_submission_the_plugin_stays_out_of_the_way(tmp_path):
    (tmp_path / "test_one.py").write_text("def test_one():\n    assert 1 + 1 == 2\n")
    result = run_pytest(tmp_path, "-q")
    assert result.returncode == 0 and "1 passed" in result.stdout
    imports = subprocess.run(
        [sys.executable, "-c", "import sys, autograder.pytest_plugin; "
         "print(sorted(m for m in sys.modules if m.startswith(('numpy', 'autograder.'))))"],
        capture_output=True, text=True, check=True)
    assert imports.stdout.strip() == "['autograder.pytest_plugin']"
