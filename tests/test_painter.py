"""The painter: figures drawn in forked processes while grading goes on, and drawn here
whenever it cannot."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from autograder.figures.painter import Painter, fan_out

REPO = Path(__file__).resolve().parent.parent


def _pid_and_double(x: int) -> tuple[int, int]:
    return os.getpid(), 2 * x


def _fails_in_a_fork(parent: int, x: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("only in a fork")
    return x + 1


def test_call_and_map_run_in_the_painter_and_keep_their_order():
    with Painter() as painter:
        pid, value = painter.call(_pid_and_double, 3)
        assert value == 6 and pid != os.getpid()
        drawn = painter.map(_pid_and_double, [1, 2, 3, 4])
    assert [value for _, value in drawn] == [2, 4, 6, 8]
    assert os.getpid() not in {pid for pid, _ in drawn}


def test_fan_out_shares_the_jobs_among_this_process_and_its_forks():
    done = fan_out(_pid_and_double, [(k,) for k in range(5)], ways=3)
    assert [value for _, value in done] == [0, 2, 4, 6, 8]
    pids = {pid for pid, _ in done}
    assert len(pids) == 3 and os.getpid() in pids


def test_fan_out_of_nothing_is_nothing():
    assert fan_out(_pid_and_double, []) == []
    assert fan_out(_pid_and_double, [(1,)], ways=0) == [(os.getpid(), 2)]


def test_the_jobs_of_a_fork_that_fails_are_done_here():
    parent = os.getpid()
    assert fan_out(_fails_in_a_fork, [(parent, k) for k in range(4)], ways=2) == [1, 2, 3, 4]


def test_a_killed_painter_leaves_its_work_to_this_process():
    painter = Painter()
    try:
        pid, _ = painter.call(_pid_and_double, 1)
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        here, value = painter.call(_pid_and_double, 5)
        assert (here, value) == (os.getpid(), 10)
        assert [v for _, v in painter.map(_pid_and_double, [1, 2])] == [2, 4]
    finally:
        painter.close()


def test_a_painter_dies_with_the_grader():
    script = textwrap.dedent("""
        import os, sys, time
        from autograder.figures.painter import Painter
        painter = Painter()
        print(painter.call(os.getpid), flush=True)
        time.sleep(60)
    """)
    grader = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE,
                              text=True)
    try:
        painter = int(grader.stdout.readline())
        os.kill(grader.pid, signal.SIGKILL)
        grader.wait()
        deadline = time.monotonic() + 5
        while _alive(painter) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(painter)
    finally:
        grader.kill()
        grader.wait()


def _alive(pid: int) -> bool:
    """Whether `pid` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
