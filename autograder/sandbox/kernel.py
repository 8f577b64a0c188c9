"""What the kernel confines without bubblewrap, and whether grading may start.

Without bubblewrap the child confines itself (``child.confine``): a network namespace of
its own and Landlock, under which it writes only beneath its scratch folder. Both need a
Linux kernel that offers them to the grader's user (Landlock since 5.13; user namespaces,
which some distributions restrict). Where neither bubblewrap nor that confinement works,
``scratchnet grade`` refuses to start unless told ``--unconfined``.

    kernel_confinement() -> str          the isolation a child without bubblewrap gets here
    why_unconfined() -> str | None       None when submissions will be confined
"""

from __future__ import annotations

import os
import shutil
from functools import cache

#: What a child without bubblewrap reports when all of its confinement took effect.
FULL = "rlimits + network namespace + landlock"


@cache
def kernel_confinement() -> str:
    """Start one child without bubblewrap and return the isolation it reported."""
    from autograder.sandbox.errors import SandboxError
    from autograder.sandbox.sandbox import Sandbox

    box = Sandbox(["pass"], bubblewrap=False, confine=True)
    try:
        with box:
            pass
    except SandboxError:
        return "rlimits only"
    return box.isolation


def why_unconfined() -> str | None:
    """None if submissions will be confined here (bubblewrap, or the kernel's own), else why
    not, naming what to install (for the instructor: English, as the command's errors)."""
    if shutil.which("bwrap") and os.environ.get("SCRATCHNET_SANDBOX", "") != "rlimits":
        return None  # bubblewrap (and where it fails at run time, the kernel's confinement)
    got = kernel_confinement()
    if got == FULL:
        return None
    return ("nothing here can confine the students' code: bubblewrap is not installed or "
            "is turned off (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install "
            f"bubblewrap`), and the kernel's own confinement is incomplete here (a child got: "
            f"{got}; it needs Landlock, Linux 5.13 or later, and user namespaces). Their code "
            "could write your files and reach the network. Install bubblewrap, or pass "
            "--unconfined to grade anyway.")
