"""Memory split over processes: ``hog(3, 1.5 GiB)`` forks 3 children that each fill
1.5 GiB (under the 2 GiB per-process limit, 4.5 GiB together). With a cgroup the
submission's processes together stay within ``Limits.memory_bytes`` (the kernel kills one
of them). Each child ends by itself after 20 s at the latest. (Pages are touched one by
one, in huge pages where the kernel allows: filling 1.5 GiB with numpy takes several
seconds on a slow virtual machine.)"""

# %%
import mmap
import os
import time


def fill(size):
    block = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    try:
        block.madvise(mmap.MADV_HUGEPAGE)
    except (AttributeError, OSError):
        pass
    for offset in range(0, size, 4096):
        block[offset] = 1
    return block


def hog(children, size, wait=30.0):
    """Fork the children; return (filled, living): how many said they had filled their
    memory, and how many are alive once each has filled or died (or ``wait`` s passed)."""
    read_end, write_end = os.pipe()
    pids = []
    for _ in range(children):
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            try:
                block = fill(size)
            except (MemoryError, OSError):
                os._exit(3)
            os.write(write_end, b"x")
            time.sleep(20)
            os._exit(block[0] - 1)
        pids.append(pid)
    os.close(write_end)
    os.set_blocking(read_end, False)
    filled, ended, deadline = 0, set(), time.monotonic() + wait
    while filled + len(ended) < children and time.monotonic() < deadline:
        try:
            filled += len(os.read(read_end, 16))
        except BlockingIOError:
            pass
        for pid in pids:
            if pid not in ended and os.waitpid(pid, os.WNOHANG)[0]:
                ended.add(pid)
        time.sleep(0.05)
    return filled, children - len(ended)
