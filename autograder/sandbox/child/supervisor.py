"""The supervisor, without bubblewrap: what outlives the student's processes and ends them.
Loaded in the child as ``_scratchnet_supervisor``.

Process layout::

    supervisor (the interpreter the grader started; a subreaper)
      `-- decoy (waits for the worker; killing "the parent" kills only this)
            `-- worker (runs the student's code, talks to the grader over two pipes)

The supervisor outlives anything the student starts: orphans of the worker (a daemonised
sleeper, say) are re-parented to it, and it kills them all before it exits. It exits with
the worker's status (``128 + signal`` if the worker was killed), so the grader can say what
happened. The decoy makes ``os.kill(os.getppid(), 9)`` harmless: the worker simply carries on,
re-parented to the supervisor. (Under bubblewrap the parent is PID 1 of the sandbox, which
the kernel protects from signals sent inside it: the kill is always a no-op.)
"""

import os
import signal
import time

from _scratchnet_isolation import PR_SET_CHILD_SUBREAPER, PR_SET_PDEATHSIG, prctl


def _children() -> list[int]:
    """Pids whose parent is this process (zombies included), from /proc."""
    me = os.getpid()
    try:
        with open(f"/proc/{me}/task/{me}/children", "rb") as listing:
            return [int(pid) for pid in listing.read().split()]
    except OSError:  # a kernel without CONFIG_PROC_CHILDREN: scan every process
        pass
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 1 and int(fields[1]) == me:
            found.append(int(entry))
    return found


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _kill_descendants() -> None:
    """Kill every process below this one (orphans come to us: we are a subreaper)."""
    for _ in range(2000):
        children = _children()
        if not children:
            return
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.001)
        _reap()


def exit_code(status: int) -> int:
    """A wait status as one exit code: the code itself, or 128 + the signal that killed it."""
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 125


def supervise(decoy: int, worker: int) -> None:
    """Wait for the worker, kill everything it left behind, exit with its exit code.

    The worker's exit code comes from the decoy (which waits for it and exits with the same
    code) or, if the student killed the decoy, from the worker itself, re-parented to us.
    """
    def stop(_signum, _frame):
        for pid in (worker, decoy):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        raise _Stopped()

    code = 125
    signal.signal(signal.SIGTERM, stop)
    try:
        while worker:
            pid, status = os.wait()
            if pid == worker or (pid == decoy and os.WIFEXITED(status)):
                code = exit_code(status)
                break
            if pid == decoy:  # killed by the student: the worker is ours now, or gone
                code = exit_code(status)
                try:
                    pid, status = os.waitpid(worker, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid:
                    code = exit_code(status)
                    break
    except (_Stopped, ChildProcessError):
        pass
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _kill_descendants()
    os._exit(code)


class _Stopped(Exception):
    """The grader asked the supervisor to stop (SIGTERM)."""


def wait_as_decoy(worker: int) -> None:
    """The decoy: the worker's parent, so that killing "the parent" hurts nobody."""
    try:
        _, status = os.waitpid(worker, 0)
    except ChildProcessError:
        os._exit(125)
    os._exit(exit_code(status))


def become_supervised(req: int, resp: int, boot_parent: int | None = None) -> None:
    """Fork into supervisor, decoy and worker; return in the worker (see the docstring).

    Without bubblewrap only: under it, bubblewrap's own init (PID 1 of the sandbox's PID
    namespace, which the sandbox cannot signal) reaps orphans and the whole namespace dies
    when the grader ends it, so the child runs the student's code itself.
    """
    prctl(PR_SET_CHILD_SUBREAPER, 1)
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)  # the grader died: end everything (supervise)
    if boot_parent is not None and os.getppid() != boot_parent:
        os._exit(1)
    supervisor = os.getpid()
    pid_r, pid_w = os.pipe()
    decoy = os.fork()
    if decoy:
        for fd in (pid_w, req, resp):
            os.close(fd)
        worker = int(os.read(pid_r, 32) or b"0")
        os.close(pid_r)
        supervise(decoy, worker)
    os.close(pid_r)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != supervisor:
        os._exit(1)
    worker = os.fork()
    if worker:
        for fd in (req, resp):
            os.close(fd)
        os.write(pid_w, str(worker).encode())
        os.close(pid_w)
        wait_as_decoy(worker)
    os.close(pid_w)
