"""Batches: results saved as they come, --resume after a kill grades everyone exactly once."""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.atomic import write_text_atomic
from autograder.batch import grade_batch
from autograder.loading import discover

SAMPLES = Path(__file__).resolve().parents[1] / "course_data" / "sample_submissions"


def make_class(folder: Path, copies: int) -> list[str]:
    """`copies` students, cycling through four sample files; returns their names."""
    folder.mkdir()
    sources = ["ada.py", "dara.ipynb", "fay.ipynb", "kim.py"]
    names = []
    for i in range(copies):
        source = SAMPLES / sources[i % len(sources)]
        name = f"student{i:02d}"
        shutil.copy(source, folder / f"{name}{source.suffix}")
        names.append(name)
    return names


def results_in(out: Path) -> dict[str, dict]:
    return {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/results.json")}


@pytest.mark.slow
@pytest.mark.sandbox
def test_kill_mid_batch_then_resume_grades_every_student_once(tmp_path):
    names = make_class(tmp_path / "class", 12)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder.cli", "grade", str(tmp_path / "class"),
               "--out", str(out), "--workers", "1", "--format", "csv"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(out.glob("*/results.json"))) < 3 and time.monotonic() < deadline:
        assert process.poll() is None, "the grader ended before it could be killed"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    before = results_in(out)  # every file there is whole: writes are atomic
    assert 3 <= len(before) < len(names)
    stamps = {name: (out / name / "results.json").stat().st_mtime_ns for name in before}

    resumed = subprocess.run(command + ["--resume"], capture_output=True, text=True,
                             timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    rows = list(csv.DictReader(resumed.stdout.splitlines()))
    assert sorted(r["student"] for r in rows) == names
    text = (out / "gradebook.csv").read_text(encoding="utf-8-sig")
    gradebook = list(csv.DictReader(text.splitlines()))
    assert sorted(r["student"] for r in gradebook) == names
    assert sorted(results_in(out)) == names
    for name, stamp in stamps.items():  # results from before the kill were not regraded
        assert (out / name / "results.json").stat().st_mtime_ns == stamp


@pytest.mark.slow
@pytest.mark.sandbox
def test_resume_regrades_changed_work_and_other_stage_selections(tmp_path):
    make_class(tmp_path / "class", 2)
    out = tmp_path / "out"
    first = grade_batch(discover([tmp_path / "class"]), out, workers=1)
    assert first.resumed == [] and len(first.results) == 2
    again = grade_batch(discover([tmp_path / "class"]), out, workers=1, resume=True)
    assert sorted(again.resumed) == ["student00", "student01"]
    assert [r.score for r in again.results] == [r.score for r in first.results]
    shutil.copy(SAMPLES / "fay.ipynb", tmp_path / "class" / "student01.ipynb")
    changed = grade_batch(discover([tmp_path / "class"]), out, workers=1, resume=True)
    assert changed.resumed == ["student00"] and changed.results[1].score == 0
    other = grade_batch(discover([tmp_path / "class"]), out, stages=(1,), workers=1,
                        resume=True)
    assert other.resumed == [] and other.results[0].stages == (1,)


@pytest.mark.slow
@pytest.mark.sandbox
def test_results_are_written_as_they_come(tmp_path):
    make_class(tmp_path / "class", 3)
    out = tmp_path / "out"
    seen = []
    outcome = grade_batch(discover([tmp_path / "class"]), out, workers=2,
                          on_result=lambda r: seen.append(len(results_in(out))))
    assert outcome.failures == []
    assert sorted(seen) == [1, 2, 3]  # each result was on disk when it was reported


def test_atomic_write_replaces_whole_files_and_leaves_no_temporaries(tmp_path):
    path = tmp_path / "a" / "results.json"
    write_text_atomic(path, "first")
    write_text_atomic(path, "second")
    assert path.read_text() == "second"
    assert [p.name for p in path.parent.iterdir()] == ["results.json"]


def test_progress_off_a_terminal_is_a_line_at_every_tenth():
    import io

    from rich.console import Console

    from autograder.batch.progress import BatchProgress as _progress

    out = io.StringIO()
    with _progress(Console(file=out, force_terminal=False), 25, 0) as advance:
        for _ in range(25):
            advance()
    lines = out.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines] == \
        ["grading: 10/25 done", "grading: 20/25 done", "grading: 25/25 done"]


def test_report_figures_are_drawn_in_this_process_when_the_pool_cannot():
    import concurrent.futures as futures

    from autograder.batch.pool import pool_map as _pool_map

    pool = futures.ThreadPoolExecutor(max_workers=1)
    assert _pool_map(pool)(pow, [2, 3], [3, 2]) == [8, 9]  # through the pool
    pool.shutdown()
    assert _pool_map(pool)(pow, [2, 3], [3, 2]) == [8, 9]  # it refuses: drawn here
