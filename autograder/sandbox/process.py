"""The child process seen from the grader: pipes, deadlines, captured output, ending it.

Four pipes connect the grader to the child: requests (grader -> child) and replies
(child -> grader) on dedicated descriptors, and the child's stdout and stderr, which are
only ever captured (up to a cap) and never parsed, so nothing the student prints can pose
as a reply. Every wait has a deadline; the child's exit is watched through a pidfd, so a
death is noticed at once even if a daemonised grandchild still holds a pipe open.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time

import numpy as np

from autograder.sandbox import wire
from autograder.sandbox.launch import Plan


class Gone(Exception):
    """The child exited (or closed its reply pipe) while a reply was awaited."""


class Timeout(Exception):
    """A deadline passed while waiting on the child."""


class Capture:
    """The first ``cap`` bytes of a stream; the rest is counted and dropped."""

    def __init__(self, cap: int):
        self.cap = cap
        self.data = bytearray()
        self.total = 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        room = self.cap - len(self.data)
        if room > 0:
            self.data += chunk[:room]

    def text(self) -> str:
        text = self.data.decode("utf-8", "replace")
        dropped = self.total - len(self.data)
        if dropped:
            text += f"\n[... {dropped} more bytes of output were not kept]"
        return text


class PopenProcess:
    """A child started as a process of our own (``subprocess.Popen``).

    ``gone()``: the worker has ended (the started process until ``watch`` names the worker).
    ``finished()``: the started process has exited (not reaped: its group stays ours).
    """

    def __init__(self, popen: subprocess.Popen):
        self.popen = popen
        self.pid = popen.pid
        self.watched: int | None = None
        try:
            self.pidfd: int | None = os.pidfd_open(popen.pid)
        except (AttributeError, OSError):
            self.pidfd = None

    def finished(self) -> bool:
        try:
            info = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return True
        return info is not None

    def gone(self) -> bool:
        if self.watched is None:
            return self.finished()
        if self.pidfd is not None:
            return bool(select.select([self.pidfd], [], [], 0)[0])
        try:
            os.kill(self.watched, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        return False

    def watch(self, pid: int) -> int | None:
        """Watch ``pid`` (the worker) instead of the started process; the new pidfd.

        Without bubblewrap the started process is the supervisor, which the student can
        kill without stopping the worker; only the worker's death ends the child.
        """
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        if self.pidfd is not None:
            os.close(self.pidfd)
        self.pidfd, self.watched = pidfd, pid
        return pidfd

    def returncode(self, wait: float) -> int | None:
        """The started process's return code (-N if killed by signal N), waiting ``wait`` s."""
        deadline = time.monotonic() + wait
        while not self.finished() and time.monotonic() < deadline:
            time.sleep(0.002)
        return self.popen.poll()

    def stop(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL, group=True)

    def reap(self) -> None:
        self.popen.wait()
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None

    def _signal(self, sig: int, group: bool = False) -> None:
        """Signal the process (or its process group) unless it has already been reaped."""
        if self.popen.returncode is not None:
            return
        try:
            if group:
                os.killpg(self.pid, sig)
            else:
                os.kill(self.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


class ChildProcess:
    """One child: send frames, receive frames, capture output, end it for good.

    process: a PopenProcess, or a zygote's child (``zygote.ZygoteProcess``).
    fds: our ends of the pipes (requests to write; replies, stdout, stderr to read).
    """

    def __init__(self, process, fds: tuple[int, int, int, int], output_cap: int,
                 max_reply_bytes: int):
        self.process = process
        self.req_w, self.resp_r, self.out_r, self.err_r = fds
        for fd in fds:
            os.set_blocking(fd, False)
        self.poller = select.poll()
        self.open_streams = {self.out_r, self.err_r, self.resp_r}
        for fd in (self.out_r, self.err_r, self.resp_r, process.pidfd):
            if fd is not None:
                self.poller.register(fd, select.POLLIN)
        self.stdout = Capture(output_cap)
        self.stderr = Capture(output_cap)
        self.reader = wire.FrameReader(max_reply_bytes)
        self.replies_closed = False
        self.closed = False

    @classmethod
    def start(cls, plan: Plan, output_cap: int, max_reply_bytes: int,
              prefix: list[str] | None = None) -> ChildProcess:
        """Start ``plan`` as a new process (argv gets the child's two pipe fds appended).

        prefix: a command the plan's argv is run through (joining a cgroup, switching user).
        """
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        try:
            popen = subprocess.Popen(
                [*(prefix or []), *plan.argv, str(req_r), str(resp_w)], env=plan.env,
                cwd=plan.cwd,
                stdin=subprocess.DEVNULL, stdout=out_w, stderr=err_w,
                pass_fds=(req_r, resp_w), start_new_session=True, close_fds=True)
        except BaseException:
            for fd in (req_r, req_w, resp_r, resp_w, out_r, out_w, err_r, err_w):
                os.close(fd)
            raise
        for fd in (req_r, resp_w, out_w, err_w):
            os.close(fd)
        return cls(PopenProcess(popen), (req_w, resp_r, out_r, err_r), output_cap,
                   max_reply_bytes)

    @classmethod
    def fork_from(cls, zygote, spec: dict, output_cap: int, max_reply_bytes: int,
                  group=None) -> ChildProcess:
        """A child forked by ``zygote`` (see zygote.py), already booted, in cgroup ``group``
        (a ``cgroup.Group``) if one is given."""
        from autograder.sandbox.zygote import ZygoteProcess

        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        theirs = [req_r, resp_w, out_w, err_w]
        try:
            ident = zygote.spawn(spec, theirs, group)
        except BaseException:
            for fd in (req_w, resp_r, out_r, err_r):
                os.close(fd)
            raise
        finally:
            for fd in theirs:
                os.close(fd)
        process = ZygoteProcess(zygote, ident)
        if group is not None:
            process.home, process.caps = group.home, group.caps
        return cls(process, (req_w, resp_r, out_r, err_r), output_cap, max_reply_bytes)

    def watch(self, pid: int) -> None:
        """Watch the worker ``pid`` for the child's death (processes of our own only)."""
        old = self.process.pidfd
        if old is not None:
            self.poller.unregister(old)
        new = self.process.watch(pid)
        if new is not None:
            self.poller.register(new, select.POLLIN)

    # -- waiting

    def _pump(self, deadline: float, writing: bool = False) -> bool:
        """Wait (until ``deadline``) for something to happen and handle it.

        Reads replies and output as they come; raises Gone when the child has exited or
        closed its replies, Timeout at the deadline. Returns whether the request pipe is
        writable (when ``writing``).
        """
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Timeout()
        if writing:
            self.poller.register(self.req_w, select.POLLOUT)
        pidfd = self.process.pidfd
        slice_ms = remaining * 1000 if pidfd is not None else min(remaining * 1000, 50)
        try:
            events = self.poller.poll(max(1, int(slice_ms)))
        finally:
            if writing:
                self.poller.unregister(self.req_w)
        writable = False
        for fd, event in events:
            if fd == self.req_w:
                writable = True
                if event & (select.POLLERR | select.POLLHUP):
                    raise Gone()
            elif fd in (self.out_r, self.err_r, self.resp_r):
                self._read(fd)
        if pidfd is None or any(fd == pidfd for fd, _ in events):
            if self.process.gone():
                self.drain()
                raise Gone()
        return writable

    def _read(self, fd: int) -> None:
        try:
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        if not data:
            self._closed_stream(fd)
            if fd == self.resp_r:
                raise Gone()
            return
        if fd == self.resp_r:
            self.reader.feed(data)
        elif fd == self.out_r:
            self.stdout.add(data)
        else:
            self.stderr.add(data)

    def drain(self) -> None:
        """Read whatever replies and output are waiting, without blocking."""
        for fd in (self.resp_r, self.out_r, self.err_r):
            for _ in range(4096):
                if fd not in self.open_streams:
                    break
                try:
                    data = os.read(fd, 1 << 16)
                except (BlockingIOError, OSError):
                    break
                if not data:
                    self._closed_stream(fd)
                    break
                if fd == self.resp_r:
                    self.reader.feed(data)
                else:
                    (self.stdout if fd == self.out_r else self.stderr).add(data)

    def _closed_stream(self, fd: int) -> None:
        """The writing end of ``fd`` is closed: stop watching it (it would poll forever)."""
        if fd in self.open_streams:
            self.open_streams.discard(fd)
            self.poller.unregister(fd)
        if fd == self.resp_r:
            self.replies_closed = True

    # -- messages

    def send(self, data: bytes, deadline: float) -> None:
        """Write one frame; Timeout if the child does not read it in time, Gone if dead."""
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(self.req_w, view):]
                continue
            except BlockingIOError:
                pass
            except (BrokenPipeError, OSError):
                raise Gone() from None
            self._pump(deadline, writing=True)

    def receive(self, deadline: float) -> tuple[dict, list[np.ndarray]]:
        """The next reply frame (wire.WireError if malformed, Gone, Timeout)."""
        while True:
            frame = self.reader.next_frame()
            if frame is not None:
                return frame
            try:
                self._pump(deadline)
            except Gone:
                frame = self.reader.next_frame()
                if frame is not None:
                    return frame
                raise

    # -- the end

    def exit_status(self, wait: float = 1.0) -> int | None:
        """The child's return code (``-N`` or ``128 + N`` if killed by signal N)."""
        return self.process.returncode(wait)

    def close(self, graceful: bool = True) -> None:
        """End the child and everything it started; reap it; close the pipes. Idempotent.

        Graceful: close the request pipe (the worker exits), ask the child to stop, give it
        a moment to kill what the submission left behind; then, in any case, kill it all.
        """
        if self.closed:
            return
        self.closed = True
        try:
            os.close(self.req_w)
        except OSError:
            pass
        if graceful and not self.process.finished():
            deadline = time.monotonic() + 1.0
            self.process.stop()
            while not self.process.finished() and time.monotonic() < deadline:
                time.sleep(0.001)
        self.process.kill()
        self.process.reap()
        self.drain()
        for fd in (self.resp_r, self.out_r, self.err_r):
            try:
                os.close(fd)
            except OSError:
                pass
