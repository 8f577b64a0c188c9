"""Starts a child process at import and daemonises a sleeper (double fork + setsid) when
``daemonise()`` is called. Every one of them must be gone when the sandbox closes.
MARKER is replaced by the test with a unique word, so it can look for them."""

# %%
import os
import subprocess
import sys

SLEEPER = [sys.executable, "-c", "import time; time.sleep(300)", "MARKER"]
child = subprocess.Popen(SLEEPER)


def daemonise():
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, SLEEPER)
        os._exit(0)
    os.waitpid(pid, 0)
    return True
