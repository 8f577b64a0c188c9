"""Local Unix accounts for a hub's instructor and students: made for one run, removed after.

Each account is locked (no password: nobody logs in to the machine with it; the hub's own
authenticator lets its owner into JupyterHub), has its home under the run's folder, and is
marked in its comment field, so that only accounts made here are ever removed here.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

MARK = "scratchnet hub account"


def exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def ours(name: str) -> bool:
    """Whether `name` is an account this module made (its comment carries the mark)."""
    try:
        return pwd.getpwnam(name).pw_gecos.startswith(MARK)
    except KeyError:
        return False


def create(name: str, home: Path) -> pwd.struct_passwd:
    """A locked account `name` with its home at `home` (mode 0700, as a home should be).

    An account of that name made by an earlier run that did not finish is removed first;
    one that is not ours is never touched (RuntimeError).
    """
    if exists(name):
        if not ours(name):
            raise RuntimeError(f"a user {name!r} exists and was not made by scratchnet: "
                               "choose other account names")
        remove(name)
    home.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--user-group",
                    "--shell", "/bin/bash", "--comment", f"{MARK} (remove with userdel)",
                    name], check=True, capture_output=True, text=True, timeout=60)
    home.chmod(0o700)
    return pwd.getpwnam(name)


def processes_of(uid: int) -> list[int]:
    """The ids of the processes running as `uid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat(f"/proc/{entry}").st_uid == uid:
                found.append(int(entry))
        except OSError:
            continue
    return found


def stop_processes(uid: int, grace: float = 5.0) -> None:
    """End every process of the account `uid` (its servers and kernels), each by its id:
    SIGTERM, then SIGKILL for what is left after `grace` seconds."""
    if uid == 0:
        raise ValueError("refusing to stop root's processes")
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 2.0)):
        pids = processes_of(uid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + wait
        while processes_of(uid) and time.monotonic() < deadline:
            time.sleep(0.1)


def remove(name: str) -> None:
    """Stop the account's processes, then remove it, its group and its home. Only an
    account this module made; a missing one is fine."""
    if not ours(name):
        return
    entry = pwd.getpwnam(name)
    stop_processes(entry.pw_uid)
    subprocess.run(["userdel", "--force", name], capture_output=True, text=True, timeout=60)
    subprocess.run(["groupdel", name], capture_output=True, text=True, timeout=60)
    if entry.pw_dir not in ("", "/") and os.path.isdir(entry.pw_dir):
        shutil.rmtree(entry.pw_dir, ignore_errors=True)
