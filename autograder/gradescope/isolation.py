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
3. resource limits only, with a warning in the results' output for the instructor.

The user switch wraps the sandbox's ``plain_plan`` (how a child without bubblewrap is
started) in this process only; the sandbox's own code is unchanged.
"""

from __future__ import annotations

import os
import pwd
import shutil
from pathlib import Path

from autograder.sandbox import probe_bwrap

BUBBLEWRAP = "bubblewrap"
RLIMITS_ONLY = "rlimits only"
_WORKDIR_PREFIX = "scratchnet-sandbox-"


def choose_isolation(sandbox_user: str | None) -> str:
    """Set up the best isolation available here and describe it."""
    if probe_bwrap() is not None:
        return BUBBLEWRAP
    if sandbox_user and os.geteuid() == 0:
        try:
            run_children_as(sandbox_user)
        except (KeyError, FileNotFoundError):
            return RLIMITS_ONLY
        return f"unprivileged user {sandbox_user}"
    return RLIMITS_ONLY


def run_children_as(user: str) -> None:
    """Start every sandbox child that runs without bubblewrap as `user` (root only).

    Raises KeyError if the user does not exist, FileNotFoundError without ``setpriv``.
    """
    import autograder.sandbox.sandbox as sandbox_module
    from autograder.sandbox.launch import Plan, plain_plan

    entry = pwd.getpwnam(user)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise FileNotFoundError("setpriv (util-linux) is not installed")
    drop = [setpriv, f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups",
            "--no-new-privs", "--"]

    def plan_as_user(workdir: str) -> Plan:
        plan = plain_plan(workdir)
        folder = Path(workdir)
        if folder.name.startswith(_WORKDIR_PREFIX) and folder.is_dir():
            os.chown(folder, entry.pw_uid, entry.pw_gid)
        return Plan([*drop, *plan.argv], plan.env, plan.cwd, plan.site)

    sandbox_module.plain_plan = plan_as_user
