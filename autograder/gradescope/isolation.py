"""How a submission is isolated in a Gradescope container, best first.

    choose_isolation(sandbox_user) -> str

1. bubblewrap: the sandbox's own choice whenever bwrap can create its namespaces; the child
   then sees no /autograder at all.
2. an unprivileged user: Gradescope's containers may forbid the namespaces bubblewrap needs.
   If the grader runs as root and setup.sh created the sandbox user, every child started
   without bubblewrap is started through ``setpriv`` as that user (no supplementary groups,
   no new privileges), in a working folder it owns. setup.sh made the grader, the reference
   solution, the course secret and the results folder root's alone, so the child can
   neither read the reference nor write results.json.
3. the kernel's own confinement (``sandbox/kernel.py``: Landlock, writes only in the child's
   folder, and a network namespace) where it has it, else resource limits only, with a
   warning in the results' output for the instructor.

The user switch is the sandbox's own (``autograder/sandbox/containment.py``): every child
is started through ``setpriv`` as that user, in a working folder it owns, inside the
submission's cgroup where one can be made.
"""

from __future__ import annotations

import os

from autograder.sandbox import probe_bwrap
from autograder.sandbox.kernel import kernel_confinement

BUBBLEWRAP = "bubblewrap"
RLIMITS_ONLY = "rlimits only"


def choose_isolation(sandbox_user: str | None) -> str:
    """Set up the best isolation available here and describe it."""
    if probe_bwrap() is not None:
        return BUBBLEWRAP
    if sandbox_user and os.geteuid() == 0:
        try:
            run_children_as(sandbox_user)
        except (KeyError, FileNotFoundError):
            return kernel_confinement()
        return f"unprivileged user {sandbox_user}"
    return kernel_confinement()  # Landlock and a network namespace where the kernel has them


def run_children_as(user: str) -> None:
    """Start every sandbox child as `user` (root only; see ``containment.use_user``).

    Raises KeyError if the user does not exist, FileNotFoundError without ``setpriv``.
    """
    from autograder.sandbox.containment import use_user

    use_user(user)
