"""A bounded fork bomb: ``fork_many(1000)`` forks up to 1,000 processes that sleep, and
returns how many forks succeeded. With a cgroup at most ``Limits.max_processes`` of the
submission's processes exist at once; at the "user" level RLIMIT_NPROC stops it. Every
sleeper ends by itself after 20 s at the latest, so the machine is never hurt for long.
The grader must still get the honest answers, and nothing may be left afterwards."""

# %%
import os
import time


def fork_many(count, sleep=20.0):
    forked = 0
    for _ in range(count):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(sleep)
            os._exit(0)
        forked += 1
    return forked
