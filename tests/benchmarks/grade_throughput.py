"""Throughput of `scratchnet grade`, and of `nbgrader autograde` on the same course.

    python tests/benchmarks/grade_throughput.py [--copies 14] [--workers N]
                                                [--nbgrader-students 2] [--no-nbgrader]

1. One full five-stage submission (the sample student `chen`: five stage notebooks),
   graded alone with `scratchnet grade --workers 1`: wall time of the whole command, and
   the grading time it records in results.json (load + sandboxes + checks).
2. `--copies` copies of the sample class (15 students each, broken and hostile ones
   included) graded with `scratchnet grade DIR`: submissions per second, and per-submission
   latency (results.json execution_time: median and max).
3. `nbgrader autograde` on a course built from assignments/ with `--nbgrader-students`
   students, each submitting all five stage notebooks (the source notebooks, which hold
   correct solutions), one `nbgrader autograde <stage>` per stage as an instructor would:
   submissions (students) per second and seconds per student. Then the ratio.

Targets (2 cores): one five-stage submission under 1 s; 200 submissions under 30 s;
at least 10 times nbgrader's throughput. Not collected by pytest.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "course_data" / "sample_submissions"
ASSIGNMENTS = ROOT / "assignments"
STAGE_NOTEBOOKS = ["01_sigmoid", "02_feedforward", "03_loss", "04_backprop", "05_training"]
BIN = Path(sys.executable).parent


def scratchnet(*args: str) -> float:
    """Run `scratchnet ARGS` and return its wall time in seconds (it must exit 0)."""
    started = time.perf_counter()
    subprocess.run([str(BIN / "scratchnet"), *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def copy_class(folder: Path, copies: int) -> int:
    """`copies` copies of the sample class in `folder` (student names suffixed); the count."""
    count = 0
    for k in range(copies):
        for entry in sorted(SAMPLES.iterdir()):
            if entry.suffix not in (".py", ".ipynb") and not entry.is_dir():
                continue
            target = folder / f"{entry.stem}_{k:03d}{entry.suffix}"
            if entry.is_dir():
                shutil.copytree(entry, target)
            else:
                shutil.copy(entry, target)
            count += 1
    return count


def execution_times(out: Path) -> list[float]:
    return [json.loads(p.read_text())["execution_time"] for p in out.glob("*/results.json")]


def bench_single(work: Path) -> None:
    out = work / "single-out"
    wall = min(scratchnet("grade", str(SAMPLES / "chen"), "--workers", "1", "--out", str(out),
                          "--format", "csv") for _ in range(3))
    grading = execution_times(out)[0]
    print(f"one five-stage submission (chen, 5 notebooks): {wall:.2f} s wall for the "
          f"command (best of 3), {grading:.2f} s grading")


def bench_batch(work: Path, copies: int, workers: int) -> float:
    folder = work / "class"
    folder.mkdir()
    n = copy_class(folder, copies)
    out = work / "class-out"
    wall = scratchnet("grade", str(folder), "--workers", str(workers), "--out", str(out),
                      "--format", "csv")
    times = execution_times(out)
    rate = n / wall
    print(f"scratchnet grade: {n} submissions, {workers} workers: {wall:.1f} s wall, "
          f"{rate:.1f} submissions/s; per-submission latency median "
          f"{statistics.median(times):.2f} s, max {max(times):.2f} s")
    return rate


def bench_nbgrader(work: Path, students: int) -> float | None:
    """Students per second for `nbgrader autograde` on all five stages, or None if absent."""
    missing = [s for s in STAGE_NOTEBOOKS if not (ASSIGNMENTS / "source" / s / f"{s}.ipynb")
               .is_file()]
    if missing or not (ASSIGNMENTS / "nbgrader_config.py").is_file():
        print(f"nbgrader comparison skipped: assignments/ lacks {missing or 'nbgrader_config.py'}")
        return None
    course = work / "course"
    course.mkdir()
    shutil.copy(ASSIGNMENTS / "nbgrader_config.py", course)
    shutil.copytree(ASSIGNMENTS / "source", course / "source")
    nbgrader = [str(BIN / "nbgrader")]
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    quiet = {"cwd": course, "check": True, "capture_output": True, "env": env}
    for stage in STAGE_NOTEBOOKS:
        subprocess.run(nbgrader + ["generate_assignment", stage, "--force"], **quiet)
        for k in range(students):
            target = course / "submitted" / f"student{k:03d}" / stage
            target.mkdir(parents=True)
            shutil.copy(course / "source" / stage / f"{stage}.ipynb", target)
    started = time.perf_counter()
    for stage in STAGE_NOTEBOOKS:
        try:
            subprocess.run(nbgrader + ["autograde", stage, "--create", "--force"], **quiet)
        except subprocess.CalledProcessError as error:  # e.g. a cell over nbgrader's timeout
            print(f"nbgrader autograde {stage} failed (exit {error.returncode}):\n"
                  + error.stderr.decode(errors="replace")[-1500:])
            return None
    wall = time.perf_counter() - started
    rate = students / wall
    print(f"nbgrader autograde: {students} students x 5 stage notebooks: {wall:.1f} s wall, "
          f"{rate:.2f} submissions/s, {wall / students:.2f} s per submission")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=14, help="copies of the sample class")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--nbgrader-students", type=int, default=2)
    parser.add_argument("--no-nbgrader", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        work = Path(tmp)
        bench_single(work)
        ours = bench_batch(work, args.copies, args.workers)
        if not args.no_nbgrader:
            theirs = bench_nbgrader(work, args.nbgrader_students)
            if theirs:
                print(f"throughput ratio scratchnet / nbgrader: {ours / theirs:.1f}x")


if __name__ == "__main__":
    main()
