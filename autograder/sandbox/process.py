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


class ChildProcess:
    """One started child: send frames, receive frames, capture output, end it for good."""

    def __init__(self, plan: Plan, output_cap: int, max_reply_bytes: int):
        req_r, self.req_w = os.pipe()
        self.resp_r, resp_w = os.pipe()
        self.out_r, out_w = os.pipe()
        self.err_r, err_w = os.pipe()
        try:
            self.popen = subprocess.Popen(
                [*plan.argv, str(req_r), str(resp_w)], env=plan.env, cwd=plan.cwd,
                stdin=subprocess.DEVNULL, stdout=out_w, stderr=err_w,
                pass_fds=(req_r, resp_w), start_new_session=True, close_fds=True)
        except BaseException:
            for fd in (req_r, self.req_w, self.resp_r, resp_w, self.out_r, out_w, self.err_r,
                       err_w):
                os.close(fd)
            raise
        for fd in (req_r, resp_w, out_w, err_w):
            os.close(fd)
        for fd in (self.req_w, self.resp_r, self.out_r, self.err_r):
            os.set_blocking(fd, False)
        try:
            self.pidfd: int | None = os.pidfd_open(self.popen.pid)
        except (AttributeError, OSError):
            self.pidfd = None
        self.pid = self.popen.pid
        self.watched: int | None = None
        self.poller = select.poll()
        self.open_streams = {self.out_r, self.err_r, self.resp_r}
        for fd in (self.out_r, self.err_r, self.resp_r, self.pidfd):
            if fd is not None:
                self.poller.register(fd, select.POLLIN)
        self.stdout = Capture(output_cap)
        self.stderr = Capture(output_cap)
        self.reader = wire.FrameReader(max_reply_bytes)
        self.replies_closed = False
        self.closed = False

    # -- waiting

    def _exited(self) -> bool:
        """Has the started process exited? (Not reaped, so its process group stays ours.)"""
        try:
            info = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return True
        return info is not None

    def _watched_gone(self) -> bool:
        """Has the watched process (the worker, once known; else the started one) ended?"""
        if self.watched is None:
            return self._exited()
        if self.pidfd is not None:
            return bool(select.select([self.pidfd], [], [], 0)[0])
        try:
            os.kill(self.watched, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        return False

    def watch(self, pid: int) -> None:
        """Watch ``pid`` (the worker) instead of the started process for the child's death.

        Without bubblewrap the started process is the supervisor, which the student can
        kill without stopping the worker; only the worker's death ends the child.
        """
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        if self.pidfd is not None:
            self.poller.unregister(self.pidfd)
            os.close(self.pidfd)
        self.pidfd, self.watched = pidfd, pid
        if pidfd is not None:
            self.poller.register(pidfd, select.POLLIN)

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
        slice_ms = remaining * 1000 if self.pidfd is not None else min(remaining * 1000, 50)
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
        if self.pidfd is None or any(fd == self.pidfd for fd, _ in events):
            if self._watched_gone():
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

    def receive(self, deadline: float) -> tuple[dict, list[bytes]]:
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
        """The child's return code (``-N`` if killed by signal N), waiting up to ``wait`` s."""
        deadline = time.monotonic() + wait
        while not self._exited() and time.monotonic() < deadline:
            time.sleep(0.002)
        return self.popen.poll()

    def close(self, graceful: bool = True) -> None:
        """End the child and everything it started; reap it; close the pipes. Idempotent.

        Graceful: close the request pipe (the worker exits), ask the supervisor to stop
        (SIGTERM), give it a moment to kill what the submission left behind; then, in any
        case, kill the whole process group.
        """
        if self.closed:
            return
        self.closed = True
        try:
            os.close(self.req_w)
        except OSError:
            pass
        if graceful and not self._exited():
            deadline = time.monotonic() + 1.0
            self._signal(signal.SIGTERM)
            while not self._exited() and time.monotonic() < deadline:
                time.sleep(0.001)
        self._signal(signal.SIGKILL, group=True)
        self.popen.wait()
        self.drain()
        for fd in (self.resp_r, self.out_r, self.err_r, self.pidfd):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass

    def _signal(self, sig: int, group: bool = False) -> None:
        """Signal the child (or its process group) unless it has already been reaped."""
        if self.popen.returncode is not None:
            return
        try:
            if group:
                os.killpg(self.pid, sig)
            else:
                os.kill(self.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
