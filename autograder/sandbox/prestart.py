"""The first sandbox's slow parts, begun early.

    prestart(limits)      # returns at once; grading starts whenever it is ready to
    prestart(limits, warm=("matplotlib", "matplotlib.pyplot"))   # and the zygote imports them

A grader's first sandbox waits for things later sandboxes find done: the choice of
containment (a trial cgroup), the bubblewrap probe (an interpreter in the sandbox's layout
that imports numpy) and a zygote's boot (another such interpreter), one after the other.
``prestart`` does them in a background thread while the command goes on importing its
modules and reading the submissions, and lets the zygote's boot stand for the probe: it
starts the same layout and imports numpy there (the probe itself runs only if the zygote
cannot boot). Each result is kept per process as before, so the first sandbox finds them
done, or waits for them instead of starting its own; whatever fails here is reported
again, with its message, when a sandbox needs it.
"""

from __future__ import annotations

import concurrent.futures
import os

from autograder.sandbox import containment, zygote
from autograder.sandbox.launch import probe_bwrap
from autograder.sandbox.limits import Limits
from autograder.sandbox.sandbox import child_sources, warm_allowed
from autograder.workers import Background

_thread = Background("scratchnet-prestart")


def prestart(limits: Limits | None = None, warm: tuple[str, ...] = ()
             ) -> concurrent.futures.Future:
    """Begin the containment choice, the probe and a zygote's boot in the background.

    warm: modules of ``zygote.WARMABLE`` the submissions will likely import (a notebook's
    matplotlib.pyplot, 0.4 s): the zygote imports them after its boot, while the grader
    starts, instead of the first child importing them while it is graded."""
    return _thread.submit(_prestart, limits or Limits(), warm)


def _prestart(limits: Limits, warm: tuple[str, ...] = ()) -> None:
    try:
        contained = containment.current()
    except containment.ContainmentError:
        return  # the sandbox refuses to start, and says why
    if not contained.bubblewrap:
        return
    prefix = tuple(contained.setpriv())
    proof = None
    if warm_allowed(limits) and os.environ.get("SCRATCHNET_SANDBOX", "") != "rlimits":
        caps = (limits.max_processes, limits.memory_bytes)

        def proof(bwrap: str) -> bool:
            return zygote.boot_idle(bwrap, child_sources(), limits.workspace_bytes, prefix,
                                    contained.home, caps, warm)
    probe_bwrap(prefix, proof)
