"""Where a submission's grading CPU goes: in-process against the sandbox, and the figures.

    python tests/benchmarks/grade_profile.py [--repeat 5] [--student ada ...]

For each five-stage student of the sample class (or those named), graded on stages 1-5
with a warm sandbox (the first grading of each is not timed):
- in-process: its cells and the registry's run_checks in this process, no sandbox (the
  floor of grade_throughput.py, plus the cells),
- sandbox: the same through a Sandbox forked from a zygote: this process's CPU (the
  checks, the reference, the proxy) and the zygote's tree (the student's code, the child's
  side of every round trip, the fork and its end), and the wall time,
- figures: drawing its feedback figures from the values observed, with the kept
  backgrounds (as for the next student whose axes are the same) and with them drawn again
  (as for one whose axes differ: the gradient figure's usually do).
The zygote tree's CPU is read from /proc in clock ticks (10 ms here): per student it is
coarse, in all it is not. Per student and in all (CPU milliseconds), so the gap between
a class's grading and its floor can be read off by part. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import statistics
import sys
import time
import types
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from autograder.checks.runner import run_checks  # noqa: E402
from autograder.config import DEMO_SECRET  # noqa: E402
from autograder.feedback import figures  # noqa: E402
from autograder.feedback.figures import figures_for  # noqa: E402
from autograder.feedback.observe import Observations, observe_loaded  # noqa: E402
from autograder.grading import grading_seed  # noqa: E402
from autograder.loading import discover, load, parse_stage_option  # noqa: E402
from autograder.sandbox import Limits, Sandbox, zygote  # noqa: E402

SAMPLES = ROOT / "course_data" / "sample_submissions"
FIVE_STAGE = ["ada", "ben", "chen", "dara", "eli", "fay", "gus", "kim", "mia", "noor", "rosa",
              "sam"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _tree_cpu(pid: int) -> float:
    """CPU seconds of `pid` and every process below it, including those it has reaped."""
    total, tick, stack = 0.0, os.sysconf("SC_CLK_TCK"), [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / tick  # utime stime cutime cstime
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def _zygote_pids() -> list[int]:
    return [z.popen.pid for zs in zygote._idle.values() for z in zs]


def in_process(plan, seed: int) -> None:
    for unit, stages in plan.runs:
        module = types.ModuleType("submission")
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in unit.cells:
                try:
                    exec(compile(cell, "<cell>", "exec"), module.__dict__)
                except Exception:  # a broken cell is skipped, as the sandbox does
                    pass
            run_checks(module, stages, seed)


def sandboxed(plan, seed: int, found: Observations | None = None) -> None:
    for unit, stages in plan.runs:
        if not unit.cells:
            continue
        sandbox = Sandbox(unit.cells, limits=Limits(), seed=seed)
        with sandbox as impl:
            results = run_checks(impl, stages, seed)
            if found is not None:
                with sandbox.replaying():
                    observe_loaded(impl, stages, results, found, unit.label)


def measure(name: str, repeat: int) -> dict[str, float]:
    submission = discover([next(SAMPLES.glob(f"{name}*"))])[0]
    plan = load(submission, parse_stage_option("1-5"))
    seed = grading_seed(DEMO_SECRET, submission.content_hash)
    found = Observations()
    in_process(plan, seed)
    sandboxed(plan, seed, found)  # warm: the zygote, the caches, the fonts
    figures_for(found)
    inside, main, child, walls, drawing, fresh = [], [], [], [], [], []
    for _ in range(repeat):
        started = _cpu()
        in_process(plan, seed)
        inside.append(_cpu() - started)
        pids = _zygote_pids()
        before_tree = sum(_tree_cpu(p) for p in pids)
        started, wall = _cpu(), time.perf_counter()
        sandboxed(plan, seed)
        walls.append(time.perf_counter() - wall)
        main.append(_cpu() - started)
        child.append(sum(_tree_cpu(p) for p in pids) - before_tree)
        started = _cpu()
        figures_for(found)
        drawing.append(_cpu() - started)
        for kept in figures._KEPT.values():
            kept.layers.backgrounds.clear()
        started = _cpu()
        figures_for(found)
        fresh.append(_cpu() - started)
    return {key: 1000 * statistics.median(values) for key, values in (
        ("in-process", inside), ("grader", main), ("child", child), ("wall", walls),
        ("figures", drawing), ("fresh", fresh))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--student", action="append", choices=FIVE_STAGE)
    args = parser.parse_args()
    rows = {name: measure(name, args.repeat) for name in args.student or FIVE_STAGE}
    print(f"{'student':8} {'in-process':>10} {'grader':>8} {'child':>8} {'sandbox':>8} "
          f"{'ratio':>6} {'wall':>8} {'figures':>8} {'redrawn':>8}   (CPU ms, median of "
          f"{args.repeat})")
    for name, row in rows.items():
        both = row["grader"] + row["child"]
        print(f"{name:8} {row['in-process']:10.1f} {row['grader']:8.1f} {row['child']:8.1f} "
              f"{both:8.1f} {both / max(row['in-process'], 0.1):6.2f} {row['wall']:8.1f} "
              f"{row['figures']:8.1f} {row['fresh']:8.1f}")
    total = {key: sum(row[key] for row in rows.values()) for key in next(iter(rows.values()))}
    both = total["grader"] + total["child"]
    print(f"{'all':8} {total['in-process']:10.1f} {total['grader']:8.1f} {total['child']:8.1f} "
          f"{both:8.1f} {both / total['in-process']:6.2f} {total['wall']:8.1f} "
          f"{total['figures']:8.1f} {total['fresh']:8.1f}")
    print("sandbox = grader + child; ratio = sandbox / in-process; figures: the feedback's, "
          "over kept backgrounds, then redrawn whole")


if __name__ == "__main__":
    main()
