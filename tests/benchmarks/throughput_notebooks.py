"""grade_throughput.py's notebooks part (`--only notebooks`): the nbgrader path.

An nbgrader course built from assignments/ (every stage in assignments/source), where each
of `students` students submits every stage's notebook, implemented (the source notebook: the
course's solutions) or not (the release notebook: the stubs), by a fixed pattern that
implements 4 of each student's 7 stages (44 of 77 for 11 students). Round robin over
`repeat`: `nbgrader autograde <stage> --create --force` for every stage, as an instructor
would, and `scratchnet grade <course>/submitted` (every stage of every student: no
--nbgrader-assignment, so no gradebook is written). Their points are compared per student
and stage (nbgrader's from its gradebook.db). Then the CPU of a student's five stage
notebooks against one whole-course .py: a folder of N copies of the sample class's chen
against one of N copies of ada.py. Not collected by pytest; run by grade_throughput.py.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from throughput_common import (
    ASSIGNMENTS,
    BIN,
    ENV,
    SAMPLES,
    execution_times,
    figures,
    full_marks,
    timed,
)

#: Stages of a student's 7 that are implemented: (3 * student + stage) % 7 < IMPLEMENTED.
IMPLEMENTED = 4


def implemented(student: int, stage: int) -> bool:
    return (3 * student + stage) % 7 < IMPLEMENTED


def course_env(course: Path) -> dict[str, str]:
    """nbgrader's environment, as tests/test_nbgrader_pipeline.py gives it: this Python's
    tools first, no user Jupyter config, this environment's kernel; the timed commands'
    environment otherwise (so the kernels import this checkout's autograder)."""
    return {**ENV, "PATH": f"{BIN}{os.pathsep}{ENV.get('PATH', '')}",
            "JUPYTER_CONFIG_DIR": str(course / ".jupyter-config"),
            "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
            "MPLBACKEND": "Agg"}


def build_course(course: Path, students: int) -> tuple[list[str], dict[str, str]]:
    """The course folder with its submissions (untimed): (stages, environment)."""
    course.mkdir()
    shutil.copy(ASSIGNMENTS / "nbgrader_config.py", course)
    shutil.copytree(ASSIGNMENTS / "source", course / "source")
    stages = sorted(p.name for p in (course / "source").iterdir()
                    if (p / f"{p.name}.ipynb").is_file())
    env = course_env(course)
    for stage in stages:
        subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", stage,
                        "--force"], cwd=course, env=env, check=True, capture_output=True)
    for k in range(students):
        for j, stage in enumerate(stages):
            kind = "source" if implemented(k, j) else "release"
            target = course / "submitted" / f"student{k:03d}" / stage
            target.mkdir(parents=True)
            shutil.copy(course / kind / stage / f"{stage}.ipynb", target)
    return stages, env


def nbgrader_points(course: Path, stages: list[str], students: int
                    ) -> dict[tuple[str, str], tuple[float, float]]:
    """(student, stage) -> (score, max_score) of its notebook, from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    points = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "scratchnet") as gradebook:
        for k in range(students):
            student = f"student{k:03d}"
            for stage in stages:
                notebook = gradebook.find_submission(stage, student).notebooks[0]
                points[(student, stage)] = (notebook.score, notebook.max_score)
    return points


def scratchnet_points(out: Path, stages: list[str]
                      ) -> dict[tuple[str, str], tuple[float, float]]:
    """(student, stage) -> (points, max points) from each student's results.json."""
    points: dict[tuple[str, str], tuple[float, float]] = {}
    for path in sorted(out.glob("*/results.json")):
        for test in json.loads(path.read_text())["tests"]:
            key = (path.parent.name, stages[test["extra_data"]["stage"] - 1])
            score, possible = points.get(key, (0.0, 0.0))
            points[key] = (score + test["score"], possible + test["max_score"])
    return points


def _shown(points: tuple[float, float] | None) -> str:
    return "none" if points is None else f"{points[0]:g} / {points[1]:g}"


def compare(theirs: dict, ours: dict) -> list[str]:
    """A line per student and stage whose points differ (or that only one grader has)."""
    lines = []
    for key in sorted(set(theirs) | set(ours)):
        a, b = theirs.get(key), ours.get(key)
        if a is None or b is None or abs(a[0] - b[0]) > 1e-9 or abs(a[1] - b[1]) > 1e-9:
            lines.append(f"  disagreement: {key[0]} {key[1]}: nbgrader {_shown(a)}, "
                         f"scratchnet {_shown(b)}")
    return lines


def bench_notebooks(work: Path, students: int, repeat: int, copies: int = 20) -> None:
    """nbgrader autograde against scratchnet grade on the same course; then a student's stage
    notebooks against one whole-course .py (CPU per student)."""
    course = work / "nbgrader-course"
    try:
        stages, env = build_course(course, students)
    except (subprocess.CalledProcessError, OSError) as error:
        stderr = getattr(error, "stderr", b"") or b""
        print(f"notebooks part skipped: the nbgrader course could not be built ({error})\n"
              + stderr.decode(errors="replace")[-1500:])
        return
    total = students * len(stages)
    done = sum(implemented(k, j) for k in range(students) for j in range(len(stages)))
    print(f"nbgrader course: {students} students x {len(stages)} stages ({', '.join(stages)}): "
          f"{total} notebooks, {done} implemented (source), {total - done} stubs (release)")
    theirs_walls, theirs_cpus, ours_walls, ours_cpus = [], [], [], []
    per_stage: dict[str, list[float]] = {stage: [] for stage in stages}
    out = work / "nbgrader-scratchnet-out"
    autograde_failed = None
    for _ in range(repeat):  # round robin, so that changing load hits both alike
        if autograde_failed is None:
            wall = cpu = 0.0
            for stage in stages:
                command = [sys.executable, "-m", "nbgrader", "autograde", stage, "--create",
                           "--force"]
                try:
                    stage_wall, stage_cpu = timed(command, cwd=course, env=env)
                except subprocess.CalledProcessError as error:  # e.g. a cell over its timeout
                    autograde_failed = f"nbgrader autograde {stage} failed (exit " \
                                       f"{error.returncode})"
                    break
                per_stage[stage].append(stage_wall)
                wall, cpu = wall + stage_wall, cpu + stage_cpu
            else:
                theirs_walls.append(wall)
                theirs_cpus.append(cpu)
        shutil.rmtree(out, ignore_errors=True)
        wall, cpu = timed([sys.executable, "-m", "autograder.cli", "grade",
                           str(course / "submitted"), "--out", str(out), "--format", "csv"])
        ours_walls.append(wall)
        ours_cpus.append(cpu)
    ours = scratchnet_points(out, stages)
    times = execution_times(out)
    print(figures(f"scratchnet grade <course>/submitted ({students} students, every stage)",
                  ours_walls, ours_cpus)
          + f"; grading per student in results.json (last run): median "
            f"{statistics.median(times):.2f} s, max {max(times):.2f} s")
    if autograde_failed or not theirs_walls:
        print(f"nbgrader autograde: {autograde_failed}; no ratio")
    else:
        print(figures(f"nbgrader autograde --create --force, all {len(stages)} stages one "
                      "after the other (CPU of it and its kernels)", theirs_walls, theirs_cpus))
        print("  per stage, median wall: " + ", ".join(
            f"{stage} {statistics.median(walls):.1f} s" for stage, walls in per_stage.items()))
        ratio = statistics.median(theirs_walls) / statistics.median(ours_walls)
        print(f"  ratio nbgrader / scratchnet (wall): {ratio:.1f}x (target: at least 50x)")
        theirs = nbgrader_points(course, stages, students)
        lines = compare(theirs, ours)
        print(f"  points per student and stage: {len(theirs)} from nbgrader's gradebook, "
              f"{len(ours)} from scratchnet's results.json, {len(lines)} disagreements")
        for line in lines:
            print(line)
    notebooks_vs_file(work, copies, repeat)


def notebooks_vs_file(work: Path, copies: int, repeat: int) -> None:
    """CPU per student: N copies of chen (five stage notebooks) against N copies of ada.py."""
    folders = {}
    for label, source in (("chen", SAMPLES / "chen"), ("ada.py", SAMPLES / "ada.py")):
        folder = work / f"copies-{source.stem}"
        folder.mkdir()
        for k in range(copies):
            if source.is_dir():
                shutil.copytree(source, folder / f"{source.name}_{k:02d}")
            else:
                shutil.copy(source, folder / f"{source.stem}_{k:02d}{source.suffix}")
        folders[label] = folder
    walls: dict[str, list[float]] = {label: [] for label in folders}
    cpus: dict[str, list[float]] = {label: [] for label in folders}
    for k in range(repeat):  # round robin
        for label, folder in folders.items():
            out = work / f"copies-out-{folder.name}-{k}"
            wall, cpu = timed([sys.executable, "-m", "autograder.cli", "grade", str(folder),
                               "--out", str(out), "--format", "csv"])
            wrong = full_marks(out, copies)
            if wrong:
                raise SystemExit(f"{copies} copies of {label}: {wrong}")
            shutil.rmtree(out)
            walls[label].append(wall)
            cpus[label].append(cpu)
    for label in folders:
        cpu = statistics.median(cpus[label])
        print(figures(f"scratchnet grade, {copies} copies of {label}", walls[label],
                      cpus[label]) + f", {cpu / copies:.3f} s CPU per student")
    ratio = statistics.median(cpus["chen"]) / statistics.median(cpus["ada.py"])
    print(f"  CPU per student, five stage notebooks (chen) / one whole-course file (ada.py): "
          f"{ratio:.2f}x (target: at most 1.5x)")
