"""Throughput of `scratchnet grade`, and of `nbgrader autograde` on the same course.

    python tests/benchmarks/grade_throughput.py [--submissions 200] [--repeat 3]
        [--workers N] [--timeouts 4] [--stage 1-5] [--nbgrader-students S] [--copies 20]
        [--no-nbgrader] [--only single|floor|batch|notebooks] [--source-only]

1. One full five-stage submission graded alone (`--only single`), each the whole command
   (interpreter start, imports, sandbox start, feedback and the class report included),
   round robin: `scratchnet grade chen` (five stage notebooks) and `scratchnet grade ada.py`
   (one file), wall and CPU and the grading time recorded in results.json; `pytest
   --submission ada.py`; Gradescope's `run_autograder` in a stand-in /autograder and
   PrairieLearn's entry point `run.sh` in a stand-in /grade (as tests/test_gradescope.py and
   tests/test_prairielearn.py set them up; each bundle built once with `--stage all`,
   untimed), on ada.py, with their ratio to `scratchnet grade ada.py`. Every run's result
   is checked (full marks), so a broken run cannot pass for a fast one; without a working
   bubblewrap, or when a bundle or run fails, an entry point's line says so and is skipped.
2. `--submissions` submissions cycling through the sample class (22 students: correct,
   partly correct, stubs, unreadable files, one hostile), graded with `scratchnet grade DIR`:
   wall time, submissions per second, per-submission latency (results.json execution_time:
   median and max). Then the same for honest work only (the class without its hostile
   student), and, with `--timeouts K`, that honest batch plus K submissions whose `train`
   never returns (each costs a 10 s call timeout in one worker): the extra wall time shows
   whether a timeout holds up the other workers (it should cost about K x 10 s / workers).
3. The floor: a class of `--submissions` five-stage submissions of correct and wrong work
   (the sample class's students with stages 1-5 who are not hostile, cycled), each one's
   cells run in one process, no sandbox, and the registry's `run_checks` on stages 1-5: its
   CPU time, the least CPU any grader must spend. Then `scratchnet grade --stage 1-5` on the
   same class (feedback pages, figures and the class report written as always): wall time
   and CPU of all its processes, and wall / (floor CPU / cores). Target: at most 1.5x.
4. `nbgrader autograde` on a course built from assignments/ with `--nbgrader-students`
   students (default 2), each submitting all five stage notebooks (the source notebooks,
   which hold correct solutions), one `nbgrader autograde <stage>` per stage as an
   instructor would: submissions (students) per second and seconds per student. Then the
   ratios to part 2.
5. The nbgrader path (`--only notebooks`; throughput_notebooks.py): an nbgrader course of
   `--nbgrader-students` students (default 11), each submitting every stage in
   assignments/source (01-07), some implemented (the source notebook) and the others stubs
   (the release notebook), by a fixed pattern: 44 of 77 implemented for 11 students. Round
   robin: `nbgrader autograde <stage> --create --force` for every stage (wall and CPU in
   total, and per stage), and `scratchnet grade <course>/submitted` (every stage, no
   gradebook written); the ratio of their wall times, and any disagreement between their
   points per student and stage (nbgrader's gradebook.db against results.json), a line
   each. Then the CPU per student of `--copies` copies of chen (five stage notebooks)
   against as many of ada.py (one whole-course file).

Every command runs with its modules' bytecode cached, as on a machine where scratchnet is
installed: pip byte-compiles what it installs, and pytest keeps the modules it rewrites
(it rewrites every module of a pytest plugin's package) in __pycache__. This checkout is
byte-compiled first (and so is the grader in each stand-in bundle of part 1, although
neither Gradescope's setup.sh nor PrairieLearn's question does it), and
PYTHONDONTWRITEBYTECODE, which some machines set (this one does; without a cache each
command compiles the grader again, about 0.2 s), is removed from the commands'
environment; `--source-only` times them without the cache instead.
Each timing is the median of `--repeat` runs (the machine may be shared; the batches run
round robin so that a change in load hits them alike). scratchnet runs
from this file's checkout (`python -m autograder.cli` in the repository root), so a copy of
this file in another checkout measures that checkout. Targets (issue 27, 2 cores): one
five-stage submission under 0.8 s, by `scratchnet grade FILE` and by `pytest --submission
FILE`; Gradescope's and PrairieLearn's entry points within 1.5x of `scratchnet grade FILE`;
a class within 1.5x of the floor; `nbgrader autograde` at least 50 times scratchnet's wall
time on the same course; a student's five stage notebooks at most 1.5x the CPU of one
whole-course file. Also at least 100 times nbgrader's throughput (part 4).
Not collected by pytest.
"""

import argparse
import json
import os
import shutil
import stat
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from throughput_common import (
    ASSIGNMENTS,
    BIN,
    ENV,
    ROOT,
    SAMPLES,
    bytecode_cached,
    execution_times,
    figures,
    full_marks,
    scratchnet,
    timed,
    use_bytecode,
)
from throughput_notebooks import bench_notebooks

HOSTILE = ROOT / "tests" / "hostile"
STAGE_NOTEBOOKS = ["01_sigmoid", "02_feedforward", "03_loss", "04_backprop", "05_training"]
#: The sample class's hostile students (see course_data/sample_submissions/README.md).
HOSTILE_STUDENTS = {"ivan"}
#: Students whose work covers stages 1-5, correct or not (stubs, one bug, a syntax error).
FIVE_STAGE_STUDENTS = ["ada", "ben", "chen", "dara", "eli", "fay", "gus", "kim", "mia", "noor",
                       "rosa", "sam"]


def sample_entries(honest_only: bool, five_stage: bool = False) -> list[Path]:
    entries = [e for e in sorted(SAMPLES.iterdir())
               if (e.is_dir() or e.suffix in (".py", ".ipynb"))
               and not e.name.startswith(("_", "."))]  # not __pycache__
    if honest_only:
        entries = [e for e in entries if e.stem not in HOSTILE_STUDENTS]
    if five_stage:
        entries = [e for e in entries if e.stem in FIVE_STAGE_STUDENTS]
    return entries


def make_class(folder: Path, count: int, honest_only: bool, five_stage: bool = False) -> None:
    """`count` submissions in `folder`, cycling through the sample class (names suffixed)."""
    folder.mkdir()
    entries = sample_entries(honest_only, five_stage)
    for k in range(count):
        entry = entries[k % len(entries)]
        target = folder / f"{entry.stem}_{k:04d}{entry.suffix}"
        if entry.is_dir():
            shutil.copytree(entry, target)
        else:
            shutil.copy(entry, target)


def add_endless_training(folder: Path, count: int) -> None:
    """`count` honest .py submissions whose `train` never returns."""
    honest = (HOSTILE / "honest.py").read_text()
    loop = (HOSTILE / "loop_in_function.py").read_text()
    for k in range(count):
        (folder / f"zz_endless_{k:02d}.py").write_text(honest + "\n\n" + loop)


#: One timed run of a command: its wall and CPU seconds and a note (checked, see Contender).
Run = Callable[[int], tuple[float, float, object]]


class Failed(Exception):
    """A timed run whose result is wrong (so that a broken run cannot pass for a fast one)."""


class Contender:
    """One command of the single part: `run(k)` times the k-th run, checks its result and
    returns (wall, CPU, a note); the commands run round robin."""

    def __init__(self, label: str, run: Run, skippable: bool = False) -> None:
        self.label, self.run, self.skippable = label, run, skippable
        self.walls: list[float] = []
        self.cpus: list[float] = []
        self.notes: list = []
        self.skipped: str | None = None

    def once(self, k: int) -> None:
        if self.skipped:
            return
        try:
            wall, cpu, note = self.run(k)
        except (Failed, subprocess.CalledProcessError, OSError, ValueError, KeyError) as error:
            if not self.skippable:
                raise SystemExit(f"{self.label}: {error}") from error
            self.skipped = f"{type(error).__name__}: {error}"
            return
        self.walls.append(wall)
        self.cpus.append(cpu)
        self.notes.append(note)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)


def graded_alone(work: Path, target: Path) -> Run:
    def run(k: int) -> tuple[float, float, float]:
        out = work / f"single-out-{target.stem}-{k}"
        wall, cpu = scratchnet("grade", str(target), "--out", str(out), "--format", "csv")
        wrong = full_marks(out)
        if wrong:
            raise Failed(wrong)
        return wall, cpu, execution_times(out)[0]
    return run


def bwrap_missing() -> str | None:
    """Why bubblewrap cannot confine a child here, or None if it can."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bwrap is not installed"
    probe = subprocess.run([bwrap, "--ro-bind", "/", "/", "--unshare-all", "true"],
                           capture_output=True, text=True)
    if probe.returncode:
        return probe.stderr.strip()[-200:] or f"bwrap exits {probe.returncode}"
    return None


def bundle_env(name: str, root: Path) -> dict[str, str]:
    """The entry point's environment: the timed commands' own (no PYTHONPATH: the bundle's
    code, not this tree's), its root and this interpreter, as the tests give them."""
    env = {k: v for k, v in ENV.items() if k != "PYTHONPATH"}
    return {**env, f"SCRATCHNET_{name}_ROOT": str(root),
            f"SCRATCHNET_{name}_PYTHON": sys.executable}


def compile_bundle(folder: Path) -> None:
    """Byte-compile a bundle's grader when the checkout's is (see the module docstring)."""
    if bytecode_cached():
        import compileall

        compileall.compile_dir(folder, quiet=1)


def gradescope_run(work: Path, file: Path) -> Run:
    """Gradescope's run_autograder in a stand-in /autograder, as tests/test_gradescope.py's
    unpack, submit and run_autograder do; the bundle (--stage all) is built here, untimed."""
    bundle = work / "gradescope" / "autograder.zip"
    scratchnet("gradescope-bundle", "--stage", "all", "-o", str(bundle))
    root = work / "gradescope" / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "results").mkdir()
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():
            if info.external_attr >> 16 & stat.S_IXUSR:
                (root / "source" / info.filename).chmod(0o755)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    shutil.copy(file, root / "submission" / file.name)
    compile_bundle(root / "source")
    env = bundle_env("GRADESCOPE", root)
    results = root / "results" / "results.json"

    def run(k: int) -> tuple[float, float, str]:
        results.unlink(missing_ok=True)
        wall, cpu = timed([str(root / "run_autograder")], cwd=root, env=env)
        data = json.loads(results.read_text())
        if not 0 < data["score"] == data["max_score"]:
            raise Failed(f"{data['score']} / {data['max_score']}, not full marks")
        return wall, cpu, data["extra_data"]["isolation"]
    return run


def prairielearn_run(work: Path, file: Path) -> Run:
    """PrairieLearn's entry point (run.sh) in a stand-in /grade, as tests/test_prairielearn.py's
    stand_in and run_grader do; the question (--stage all) is built here, untimed."""
    bundle = work / "prairielearn"
    scratchnet("prairielearn-bundle", "--stage", "all", "-o", str(bundle))
    root = bundle / "grade"
    shutil.copytree(bundle / "question" / "tests", root / "tests")
    (root / "student").mkdir()
    shutil.copy(file, root / "student" / file.name)
    compile_bundle(root / "tests")
    env = bundle_env("PRAIRIELEARN", root)

    def run(k: int) -> tuple[float, float, str]:
        shutil.rmtree(root / "results", ignore_errors=True)
        wall, cpu = timed([str(root / "tests" / "run.sh")], cwd=root, env=env)
        data = json.loads((root / "results" / "results.json").read_text())
        if data.get("gradable") is not True or data.get("score") != 1.0:
            raise Failed(f"gradable {data.get('gradable')}, score {data.get('score')}, "
                         "not full marks")
        return wall, cpu, data["scratchnet"]["isolation"]
    return run


def bench_single(work: Path, repeat: int) -> None:
    """One five-stage submission, each the whole command, round robin: `scratchnet grade` on
    a folder and on one file, `pytest --submission FILE`, and the Gradescope and PrairieLearn
    entry points on the same file."""
    file = SAMPLES / "ada.py"
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--submission",
              str(file)]
    timed(pytest)  # once untimed: pytest caches the modules it rewrites

    def run_pytest(k: int) -> tuple[float, float, None]:
        return (*timed(pytest), None)  # exit 0: every check passed

    alone = Contender("scratchnet grade ada.py, one five-stage file", graded_alone(work, file))
    contenders = [Contender("scratchnet grade chen, one five-stage submission (5 notebooks)",
                            graded_alone(work, SAMPLES / "chen")),
                  alone,
                  Contender("pytest --submission ada.py (one five-stage file)", run_pytest)]
    entry_points = []
    missing = bwrap_missing()
    for label, make in (("Gradescope run_autograder on ada.py", gradescope_run),
                        ("PrairieLearn run.sh on ada.py", prairielearn_run)):
        if missing:
            print(f"{label}: skipped, bubblewrap does not work here ({missing})")
            continue
        try:
            entry_points.append(Contender(label, make(work, file), skippable=True))
        except (subprocess.CalledProcessError, OSError, zipfile.BadZipFile) as error:
            print(f"{label}: skipped, its bundle could not be built or set up ({error})")
    contenders += entry_points
    for k in range(max(3, repeat)):  # round robin, so that changing load hits all alike
        for contender in contenders:
            contender.once(k)
    for contender in contenders[:3]:
        line = figures(contender.label, contender.walls, contender.cpus)
        if contender.notes[0] is not None:
            line += f"; {statistics.median(contender.notes):.2f} s grading in results.json"
        print(line)
    print("  [target: under 0.8 s wall for each of these commands]")
    for contender in entry_points:
        if contender.skipped or not contender.walls:
            print(f"{contender.label}: skipped, a run failed ({contender.skipped})")
            continue
        print(figures(contender.label + " (bundle built untimed, full marks checked)",
                      contender.walls, contender.cpus)
              + f"; isolation {', '.join(sorted(set(contender.notes)))}")
        print(f"  ratio to scratchnet grade ada.py in the same run: "
              f"{contender.wall / alone.wall:.2f}x (target: within 1.5x)")


def floor_of(folder: Path, stage: str) -> None:
    """(Run in a child process.) Every submission in `folder` run in this process with no
    sandbox and checked by ``run_checks``; prints JSON: CPU seconds of the checks, of the
    cells, and the number of submissions. Only for the sample class's honest work."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import contextlib
    import io
    import types

    from autograder.checks.runner import run_checks
    from autograder.config import DEMO_SECRET
    from autograder.grading import grading_seed
    from autograder.loading import discover, load, parse_stage_option

    stages = parse_stage_option(stage)
    checks_cpu = cells_cpu = 0.0
    submissions = discover([folder])
    for submission in submissions:
        seed = grading_seed(DEMO_SECRET, submission.content_hash)
        for unit, unit_stages in load(submission, stages).runs:
            module = types.ModuleType("submission")
            started = time.process_time()
            for cell in unit.cells:
                try:
                    with contextlib.redirect_stdout(io.StringIO()):
                        exec(compile(cell, "<cell>", "exec"), module.__dict__)
                except Exception:  # a broken cell is skipped, as the sandbox does
                    pass
            cells_cpu += time.process_time() - started
            started = time.process_time()
            with contextlib.redirect_stdout(io.StringIO()):
                run_checks(module, unit_stages, seed)
            checks_cpu += time.process_time() - started
    print(json.dumps({"checks_cpu": checks_cpu, "cells_cpu": cells_cpu,
                      "n": len(submissions)}))


def bench_floor(work: Path, count: int, repeat: int, workers: int) -> None:
    """The floor against `scratchnet grade --stage 1-5` on the same class, round robin."""
    folder = work / "class-five-stage"
    make_class(folder, count, honest_only=True, five_stage=True)
    cores = len(os.sched_getaffinity(0))
    floors, cells, walls, cpus = [], [], [], []
    for k in range(repeat):
        found = subprocess.run([sys.executable, __file__, "--floor-of", str(folder)],
                               check=True, cwd=ROOT, capture_output=True, text=True)
        measured = json.loads(found.stdout.strip().splitlines()[-1])
        floors.append(measured["checks_cpu"])
        cells.append(measured["cells_cpu"])
        out = work / f"out-five-stage-{k}"
        wall, cpu = scratchnet("grade", str(folder), "--workers", str(workers), "--out",
                               str(out), "--format", "csv", "--stage", "1-5")
        if len(execution_times(out)) != count:
            raise SystemExit(f"five-stage class: {len(execution_times(out))} results for {count}")
        shutil.rmtree(out)
        walls.append(wall)
        cpus.append(cpu)
    floor = statistics.median(floors)
    print(f"floor, {count} five-stage submissions (correct and wrong), stages 1-5, in one "
          f"process, no sandbox: run_checks median {floor:.1f} s CPU "
          f"({', '.join(f'{f:.1f}' for f in floors)}; the cells themselves "
          f"{statistics.median(cells):.1f} s more), {floor / count:.3f} s per submission, "
          f"so at least {floor / cores:.1f} s of wall on {cores} cores")
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(figures(f"scratchnet grade --stage 1-5 on the same class, {workers} workers",
                   walls, cpus) + f" ({cpu / floor:.2f}x the floor's CPU)")
    print(f"  ratio to the floor: {wall / (floor / cores):.2f}x (wall / (floor CPU / cores); "
          f"target <= 1.5x); medians of {repeat} runs on a shared machine: the CPU figures "
          f"hardly depend on its load, the wall figures do")


class Batch:
    """One batch configuration: a folder of submissions and its timings."""

    def __init__(self, work: Path, label: str, count: int, honest_only: bool,
                 endless: int = 0) -> None:
        self.label, self.work = label, work
        self.folder = work / f"class-{label}"
        make_class(self.folder, count, honest_only)
        add_endless_training(self.folder, endless)
        self.n = count + endless
        self.walls: list[float] = []
        self.cpus: list[float] = []
        self.medians: list[float] = []
        self.worst: list[float] = []

    def run(self, workers: int, stage: str) -> None:
        out = self.work / f"out-{self.label}"
        wall, cpu = scratchnet("grade", str(self.folder), "--workers", str(workers), "--out",
                               str(out), "--format", "csv", "--stage", stage)
        times = execution_times(out)
        if len(times) != self.n:
            raise SystemExit(f"{self.label}: {len(times)} results for {self.n} submissions")
        self.walls.append(wall)
        self.cpus.append(cpu)
        self.medians.append(statistics.median(times))
        self.worst.append(max(times))
        shutil.rmtree(out)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    def report(self, workers: int, stage: str) -> None:
        runs = ", ".join(f"{w:.1f}" for w in self.walls)
        print(f"scratchnet grade --stage {stage}, {self.label}: {self.n} submissions, "
              f"{workers} workers: "
              f"median {self.wall:.1f} s wall ({runs}), {self.n / self.wall:.2f} "
              f"submissions/s; per-submission "
              f"latency median {statistics.median(self.medians):.2f} s, "
              f"max {max(self.worst):.2f} s")
        cpu = statistics.median(self.cpus)
        print(f"  CPU time (all processes): median {cpu:.1f} s, so at least {cpu / workers:.1f} s "
              f"of wall on {workers} otherwise idle cores")


def bench_nbgrader(work: Path, students: int, repeat: int) -> float | None:
    """Students per second for `nbgrader autograde` on all five stages, or None if absent."""
    missing = [s for s in STAGE_NOTEBOOKS if not (ASSIGNMENTS / "source" / s / f"{s}.ipynb")
               .is_file()]
    if missing or not (ASSIGNMENTS / "nbgrader_config.py").is_file():
        print(f"nbgrader comparison skipped: assignments/ lacks {missing or 'nbgrader_config.py'}")
        return None
    nbgrader = [str(BIN / "nbgrader")]
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    walls = []
    for run in range(repeat):
        course = work / f"course-{run}"
        course.mkdir()
        shutil.copy(ASSIGNMENTS / "nbgrader_config.py", course)
        shutil.copytree(ASSIGNMENTS / "source", course / "source")
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
            except subprocess.CalledProcessError as error:  # e.g. a cell over its timeout
                print(f"nbgrader autograde {stage} failed (exit {error.returncode}):\n"
                      + error.stderr.decode(errors="replace")[-1500:])
                return None
        walls.append(time.perf_counter() - started)
    wall = statistics.median(walls)
    rate = students / wall
    runs = ", ".join(f"{w:.1f}" for w in walls)
    print(f"nbgrader autograde: {students} students x 5 stage notebooks: median {wall:.1f} s "
          f"wall ({runs}), {rate:.3f} submissions/s, {wall / students:.2f} s per submission")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=200,
                        help="submissions per batch (parts 2-3), cycling through the sample "
                             "class")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per timing (median; part 1 runs at least 3)")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)),
                        help="--workers of the batches (parts 2-3)")
    parser.add_argument("--timeouts", type=int, default=0, metavar="K",
                        help="also grade the honest batch plus K submissions that time out")
    parser.add_argument("--nbgrader-students", type=int, metavar="S",
                        help="students of the nbgrader course (default: 2 for part 4, "
                             "11 for part 5, the notebooks part)")
    parser.add_argument("--copies", type=int, default=20, metavar="N",
                        help="part 5: copies of chen and of ada.py graded for the CPU per "
                             "student (default 20)")
    parser.add_argument("--stage", default="all", metavar="1-7|all",
                        help="the stages the batches are graded on (default all; 1-5 leaves "
                             "out the stage 6-7 work of the four students who did it)")
    parser.add_argument("--no-nbgrader", action="store_true",
                        help="leave out the parts that run nbgrader (4 and 5)")
    parser.add_argument("--only", choices=("single", "floor", "batch", "notebooks"),
                        help="run only part 1 (single), 3 (floor), 2 and 4 (batch) or 5 "
                             "(notebooks)")
    parser.add_argument("--source-only", action="store_true",
                        help="time the commands without cached bytecode (see above)")
    parser.add_argument("--floor-of", type=Path, help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.floor_of:
        floor_of(args.floor_of, "1-5")
        return
    print(f"checkout: {ROOT}; load average before: {os.getloadavg()[0]:.1f}; "
          + use_bytecode(not args.source_only))
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        work = Path(tmp)
        if args.only in (None, "single"):
            bench_single(work, args.repeat)
        if args.only in (None, "floor"):
            bench_floor(work, args.submissions, args.repeat, args.workers)
        if args.only in (None, "batch"):
            bench_batches(work, args)
        if args.only == "notebooks" or (args.only is None and not args.no_nbgrader):
            bench_notebooks(work, args.nbgrader_students or 11, args.repeat, args.copies)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def bench_batches(work: Path, args: argparse.Namespace) -> None:
    """Part 2, and part 4 unless --no-nbgrader."""
    n = args.submissions
    batches = [Batch(work, "whole class", n, False), Batch(work, "honest work", n, True)]
    if args.timeouts:
        batches.append(Batch(work, "honest work + timeouts", n, True, args.timeouts))
    for _ in range(args.repeat):  # round robin, so that changing load hits all alike
        for batch in batches:
            batch.run(args.workers, args.stage)
    for batch in batches:
        batch.report(args.workers, args.stage)
    whole, honest = batches[0].wall, batches[1].wall
    if args.timeouts:
        extra = batches[2].wall - honest
        print(f"  {args.timeouts} submissions that time out added {extra:.1f} s of wall "
              f"time ({extra / args.timeouts:.1f} s each, {args.workers} workers)")
    if not args.no_nbgrader:
        theirs = bench_nbgrader(work, args.nbgrader_students or 2, args.repeat)
        if theirs:
            print(f"throughput ratio scratchnet / nbgrader: whole class "
                  f"{n / whole / theirs:.1f}x, honest work {n / honest / theirs:.1f}x")


if __name__ == "__main__":
    main()
