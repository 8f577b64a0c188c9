"""What grade_throughput.py and its parts share: this checkout, the timed commands'
environment, and timing a whole command (wall, and CPU of it and every process under it).
Not collected by pytest; not run on its own."""

import ctypes
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "course_data" / "sample_submissions"
ASSIGNMENTS = ROOT / "assignments"
BIN = Path(sys.executable).parent

#: The environment of every timed command (see grade_throughput's docstring).
ENV = dict(os.environ)


def use_bytecode(cached: bool) -> str:
    """Set up the timed commands' bytecode: cached (byte-compile this checkout and let
    pytest cache its rewrites) or not (no PYTHONDONTWRITEBYTECODE change, nothing compiled
    here: the checkout may still hold __pycache__ from earlier runs). Says which."""
    if not cached:
        return "bytecode: as this machine leaves it (--source-only)"
    import compileall

    compileall.compile_dir(ROOT / "autograder", quiet=1)
    for package in ("solutions", "course_data"):  # not the sample class below course_data
        compileall.compile_dir(ROOT / package, quiet=1, maxlevels=0)
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    return ("bytecode: cached, as for an installed scratchnet (checkout byte-compiled, "
            "PYTHONDONTWRITEBYTECODE unset for the timed commands)")


def bytecode_cached() -> bool:
    return "PYTHONDONTWRITEBYTECODE" not in ENV


def timed(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None
          ) -> tuple[float, float]:
    """Run `command` (it must exit 0, else CalledProcessError): (wall seconds, CPU seconds
    of it and every process under it).

    The CPU time is user + system time of the command and every process under it (workers,
    zygotes, sandboxes, kernels), so it hardly depends on what else the machine is doing,
    unlike the wall time. This process is their subreaper: the ones orphaned when their
    parent ended (the worker pool's fork server, zygotes) are waited for here, so their
    time counts too.
    """
    _become_subreaper()
    before = _children_cpu()
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=ENV if env is None else env)
    wall = time.perf_counter() - started
    _reap_orphans()
    return wall, _children_cpu() - before


def scratchnet(*args: str) -> tuple[float, float]:
    """Run `scratchnet ARGS` from this checkout (it must exit 0): (wall seconds, CPU seconds)."""
    return timed([sys.executable, "-m", "autograder.cli", *args])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _become_subreaper() -> None:
    """Orphaned descendants become this process's children (Linux prctl)."""
    ctypes.CDLL(None, use_errno=True).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER


def _reap_orphans(patience: float = 10.0) -> None:
    """Wait for every remaining child (they end once the command has ended)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.01)


def execution_times(out: Path) -> list[float]:
    return [json.loads(p.read_text())["execution_time"] for p in out.glob("*/results.json")]


def full_marks(out: Path, students: int = 1) -> str | None:
    """None if `out` holds `students` results.json, each with full marks; else what is wrong
    (so that a broken run cannot pass for a fast one)."""
    found = sorted(out.glob("*/results.json"))
    if len(found) != students:
        return f"{len(found)} results for {students} students in {out}"
    for path in found:
        data = json.loads(path.read_text())
        if not 0 < data["score"] == data["max_score"]:
            return f"{path.parent.name}: {data['score']} / {data['max_score']}, not full marks"
    return None


def figures(label: str, walls: list[float], cpus: list[float]) -> str:
    runs = ", ".join(f"{w:.2f}" for w in walls)
    return (f"{label}: median of {len(walls)}: {statistics.median(walls):.2f} s wall ({runs}), "
            f"{statistics.median(cpus):.2f} s CPU")
