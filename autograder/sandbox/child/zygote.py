"""The zygote's loop, and the isolation of each child it forks. Loaded in the child as
``_scratchnet_zygote`` (the grader's side: ``sandbox/zygote.py``).

Under bubblewrap the grader may keep a warm "zygote": an interpreter in its own bubblewrap
sandbox with numpy and matplotlib already imported, which never runs student code itself.
For each submission it forks a child that isolates itself further before any student
code runs: new user, mount, PID, network, IPC and UTS namespaces, a private tmpfs on
/sandbox and /dev/shm, no capabilities, no new privileges, its own session and limits.
The child's PID namespace has a tiny init (PID 1); when the worker (PID 2) ends, the init
ends and the kernel kills everything left in the namespace.
"""

import os
import signal
import sys
import traceback

from _scratchnet_isolation import (
    PR_SET_DUMPABLE,
    PR_SET_PDEATHSIG,
    drop_privileges,
    isolate,
    prctl,
)
from _scratchnet_loading import WARMABLE
from _scratchnet_server import pin_builtins, worker_main
from _scratchnet_supervisor import exit_code

ISOLATION_FAILED = 97


def _report(error: BaseException) -> None:
    """Say on stderr why isolation failed (the grader logs it and stops forking)."""
    try:
        os.write(2, f"scratchnet zygote: isolation failed: {error!r}\n".encode())
        traceback.print_exception(error)
    except OSError:
        pass


def run_isolated(fds: list[int], spec: dict, control: int) -> None:
    """In a freshly forked child of the zygote: isolate, then become the worker."""
    try:
        os.close(control)
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        isolate(spec["workspace_bytes"])
    except BaseException as error:
        _report(error)
        os._exit(ISOLATION_FAILED)
    init = os.fork()  # PID 1 of the new namespace
    if init:
        for fd in fds:
            os.close(fd)
        _, status = os.waitpid(init, 0)
        os._exit(exit_code(status))
    # PID 1 dies with the process the zygote forked (killed when the submission ends):
    # the kernel then kills everything left in the namespace. (Its parent is outside the
    # namespace, so getppid() is 0 here and cannot tell whether it died already; the
    # cgroup, where there is one, covers that instant.)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    worker = os.fork()
    if worker:
        for fd in fds:
            os.close(fd)
        while True:  # PID 1: reap orphans until the worker ends, then end the namespace
            pid, status = os.wait()
            if pid == worker:
                os._exit(exit_code(status))
    try:
        req, resp, out, err = fds
        null = os.open("/dev/null", os.O_RDONLY)
        for fd, target in ((null, 0), (out, 1), (err, 2)):
            os.dup2(fd, target)
            os.close(fd)
        os.setsid()
        os.chdir("/sandbox")
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        drop_privileges()
    except BaseException as error:
        _report(error)
        os._exit(ISOLATION_FAILED)
    boot = dict(spec)
    boot["supervise"] = False
    worker_main(req, resp, boot)


def zygote_main(control: int, boot: dict) -> None:
    """The zygote: preload, then fork one isolated worker per spawn request (never returns).

    Control messages (JSON over a SOCK_SEQPACKET socket, descriptors as SCM_RIGHTS):
    in: ``{"op": "spawn", "id", ...spec}`` + [req, resp, stdout, stderr] and
    ``{"op": "kill", "id"}``; out: ``{"ready"}``, ``{"spawned": id}`` and
    ``{"exited": id, "code": c}``.
    """
    import json
    import select
    import socket

    pin_builtins()
    prctl(PR_SET_DUMPABLE, 0)  # nothing in the sandbox may read or trace the zygote

    def preload(names: list) -> None:
        for name in names:
            if name in ("numpy", "numpy.random", "random", *WARMABLE):
                try:
                    __import__(name)
                except Exception:
                    pass

    preload(boot.get("preload", []))
    sock = socket.socket(fileno=control)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    children: dict[int, int] = {}

    def tell(message: dict) -> None:
        try:
            sock.send(json.dumps(message).encode())
        except OSError:
            os._exit(0)

    tell({"ready": True})
    while True:
        select.select([sock, wake_r], [], [])
        try:
            os.read(wake_r, 512)
        except BlockingIOError:
            pass
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            tell({"exited": children.pop(pid, -1), "code": exit_code(status)})
        try:
            message, fds, _flags, _addr = socket.recv_fds(sock, 1 << 20, 8, socket.MSG_DONTWAIT)
        except BlockingIOError:
            continue
        except OSError:
            os._exit(0)
        if not message:
            os._exit(0)
        request = json.loads(message)
        if request.get("op") == "spawn" and len(fds) == 4:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            pid = os.fork()
            if pid == 0:
                os.close(wake_r)
                os.close(wake_w)
                run_isolated(fds, request, control)
            children[pid] = request["id"]
            tell({"spawned": request["id"]})
        elif request.get("op") == "preload" and type(request.get("modules")) is list:
            preload(request["modules"])
        elif request.get("op") == "kill":
            for pid, ident in list(children.items()):
                if ident == request.get("id"):
                    os.kill(pid, signal.SIGKILL)
        for fd in fds:
            os.close(fd)
