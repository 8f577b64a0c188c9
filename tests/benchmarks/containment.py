"""What hostile submissions reach at each containment level, measured from outside them.

    python tests/benchmarks/containment.py [--skip-memory] [--repeat N]

Prints, for each level that can be had here (see autograder/sandbox/containment.py):
- a 1,000-fork submission (tests/hostile/fork_many.py): forks that succeeded, and the peak
  number of its processes (the cgroup's pids.peak where there is one; sampled from /proc
  below this process in every case);
- a 3 x 1.5 GiB submission (tests/hostile/memory_children.py): children that filled their
  memory, and the peak memory of its processes together (memory.max_usage_in_bytes or
  memory.peak; the sum of their PSS sampled from /proc);
then the time from `kill -9` of `scratchnet grade` (2 workers, mid-batch) to the last of
its processes gone, and what a cgroup adds to starting a warm child (median of N starts
with and without one). Root and a writable cgroup hierarchy give all the rows; the
"no cgroup" rows switch children to the unprivileged user. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from autograder.sandbox import Limits, Sandbox, containment  # noqa: E402
from tests.containment_probe import Sampler, alive, cells_of, descendants  # noqa: E402

GiB = 1024**3
SLOW = Limits(call_timeout=60.0, total_timeout=200.0)


def use(level: str) -> containment.Containment | None:
    """Make ``level`` this process's containment (None if it cannot be had here)."""
    os.environ["SCRATCHNET_SANDBOX"] = level
    containment._chosen.clear()
    try:
        return containment.current()
    except containment.ContainmentError as error:
        print(f"  ({level}: {error})")
        return None


def hostile(name: str, call, memory: bool) -> tuple[object, Sandbox, Sampler]:
    with Sandbox(cells_of("honest"), Limits()) as impl:  # the zygote is up and idle
        impl.sigmoid(0.0)
    baseline = descendants(os.getpid())
    box = Sandbox(cells_of("honest") + cells_of(name), SLOW)
    with Sampler(os.getpid(), baseline, memory=memory,
                 interval=0.25 if memory else 0.02) as sampler:  # PSS reads slow page faults
        with box as impl:
            value = call(impl)
    left = sampler.left(wait=5.0)
    if left:
        print(f"  !! {len(left)} processes left after the sandbox closed")
    return value, box, sampler


def fork_row(level: str) -> None:
    if use(level) is None:
        return
    forked, box, sampler = hostile("fork_many", lambda impl: impl.fork_many(1000), False)
    kernel = box.usage.peak_processes
    print(f"  {box.containment:<32} 1,000 forks: {forked:>4} succeeded; peak processes "
          f"{sampler.peak_processes:>4} sampled, "
          f"{'-' if kernel is None else kernel} from the cgroup")


def memory_row(level: str) -> None:
    if use(level) is None:
        return
    (filled, living), box, sampler = hostile(
        "memory_children", lambda impl: impl.hog(3, 3 * GiB // 2, 55.0), True)
    kernel = box.usage.peak_memory
    print(f"  {box.containment:<32} 3 x 1.5 GiB: {filled} filled, {living} alive; peak "
          f"memory {sampler.peak_memory / GiB:.2f} GiB (PSS sampled), "
          f"{'-' if kernel is None else f'{kernel / GiB:.2f} GiB'} from the cgroup "
          f"({box.usage.oom_kills} killed by the kernel)")


def kill_row() -> None:
    with tempfile.TemporaryDirectory() as folder:
        honest = (REPO / "tests" / "hostile" / "honest.py").read_text()
        hang = honest + "\n# %%\nimport time\ndef train(*a, **k):\n    while True:\n" \
                        "        time.sleep(0.01)\n"
        for student in "abcd":
            Path(folder, f"{student}.py").write_text(hang)
        env = dict(os.environ, PYTHONPATH=str(REPO))
        env.pop("SCRATCHNET_SANDBOX", None)
        grader = subprocess.Popen(
            [sys.executable, "-m", "autograder.cli", "grade", folder, "--workers", "2",
             "--out", os.path.join(folder, "out")], env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        seen: set[int] = set()
        started = time.monotonic()
        while time.monotonic() < started + 60:
            seen |= descendants(grader.pid)
            if sum(_bwrap(p) for p in seen if alive(p)) >= 2:
                break
            time.sleep(0.05)
        time.sleep(1.0)
        seen |= descendants(grader.pid)
        count = len([p for p in seen if alive(p)])
        os.kill(grader.pid, signal.SIGKILL)
        killed = time.monotonic()
        grader.wait()
        while [p for p in seen if alive(p)] and time.monotonic() < killed + 30:
            time.sleep(0.005)
        gone = time.monotonic() - killed
        left = [p for p in seen if alive(p)]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        print(f"  kill -9 of scratchnet grade with {count} processes below it: the last one "
              f"was gone {gone:.2f} s later" + (f" ({len(left)} LEFT)" if left else ""))


def _bwrap(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().startswith(b"/usr/bin/bwrap")
    except OSError:
        return False


def start_cost(repeat: int) -> None:
    cells = cells_of("honest")

    def median_start() -> float:
        times = []
        for _ in range(repeat + 1):
            started = time.perf_counter()
            with Sandbox(cells, Limits()):
                pass
            times.append(time.perf_counter() - started)
        return statistics.median(times[1:])  # the first one starts the zygote

    rows = []
    if use("cgroup") is not None:
        rows.append(("cgroup per submission", median_start()))
    containment._chosen.clear()
    containment._chosen[os.getpid()] = containment.Containment("rlimits")  # bwrap, no cgroup
    rows.append(("no cgroup (same bubblewrap)", median_start()))
    for name, seconds in rows:
        print(f"  warm start + load + close, {name:<28} {seconds * 1000:6.1f} ms "
              f"(median of {repeat})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print("processes:")
    for level in ("cgroup", "user", "rlimits"):
        fork_row(level)
    if not args.skip_memory:
        print("memory:")
        for level in ("cgroup", "user"):
            memory_row(level)
    print("grader death:")
    kill_row()
    print("start cost:")
    start_cost(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
