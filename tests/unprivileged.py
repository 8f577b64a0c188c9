"""What a test that runs Python as an unprivileged user gives that user, wherever the
project was cloned.

A clone or a virtual environment may live where only its owner can read (a home folder of
mode 0700, as root's is): another user can then import neither this checkout's code nor
the environment's numpy. Such tests copy what the user's process needs into a folder of
their own that every user can read (mode 0755, in a world-reachable temporary folder) and
never make the checkout or the environment readable.

    with readable_folder() as folder:
        code = copy_checkout(folder / "code", ["autograder", "tests/__init__.py"])
        site = runtime_packages()      # numpy, matplotlib and theirs, copied once a session
        python = python_for(65534, [code, site])   # None: no interpreter the user can run
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.metadata
import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from autograder.sandbox.launch import RUNTIME_PACKAGES

REPO = Path(__file__).resolve().parent.parent


def _reachable(path: str) -> bool:
    """Whether every user can get to ``path`` (each folder down to it searchable by others)."""
    path = os.path.realpath(path)
    while True:
        try:
            if not os.stat(path).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent


def _temporary_root() -> str:
    for candidate in (tempfile.gettempdir(), "/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(candidate) and _reachable(candidate):
            return candidate
    raise RuntimeError("no temporary folder that every user can reach")


def new_readable_folder(prefix: str = "scratchnet-readable-") -> Path:
    """A new empty folder of mode 0755 that every user can reach; the caller removes it."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=_temporary_root()))
    folder.chmod(0o755)
    return folder


@contextlib.contextmanager
def readable_folder(prefix: str = "scratchnet-readable-") -> Iterator[Path]:
    """``new_readable_folder()``, removed afterwards."""
    folder = new_readable_folder(prefix)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _make_readable(top: Path) -> None:
    """Our copy readable by all: folders 0755, files a+r (a+x where the owner may run them)."""
    paths = [top] if not top.is_dir() else [top, *top.rglob("*")]
    for path in paths:
        if path.is_symlink():
            continue
        status = path.stat()
        mode = stat.S_IMODE(status.st_mode)
        if stat.S_ISDIR(status.st_mode):
            wanted = 0o755
        else:
            wanted = mode | 0o444 | (0o111 if mode & stat.S_IXUSR else 0)
        if wanted != mode:
            path.chmod(wanted)


def _copy(source: Path, target: Path, skip_bytecode: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        ignore = shutil.ignore_patterns("__pycache__") if skip_bytecode else None
        shutil.copytree(source, target, ignore=ignore)
    else:
        shutil.copy2(source, target)


def copy_checkout(target: Path, names: Iterable[str]) -> Path:
    """Copies of this checkout's files or folders ``names`` (paths relative to the
    checkout, e.g. "autograder", "tests/containment_probe.py") under ``target``, readable
    by all: ``target`` can go on another user's PYTHONPATH."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        _copy(REPO / name, target / name, skip_bytecode=True)
    _make_readable(target)
    return target


def _package_paths(name: str) -> list[Path]:
    """The top-level package or module ``name`` as this environment has it, and the
    folders of shared libraries its distribution ships beside it (``numpy.libs``)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return []
    if spec is None:
        return []
    if spec.submodule_search_locations:
        found = [Path(p) for p in spec.submodule_search_locations]
    elif spec.origin and os.path.isfile(spec.origin):
        found = [Path(spec.origin)]
    else:
        return []
    distributions = _distributions().get(name, [])
    wanted = {n.lower().replace("-", "_") for n in [name, *distributions]}
    for site in {p.parent for p in found}:
        found += [p for p in site.glob("*.libs")
                  if p.is_dir() and p.name[:-len(".libs")].lower().replace("-", "_") in wanted]
    return found


def _remove_if_ours(folder: Path, owner: int) -> None:
    if os.getpid() == owner:  # not in a forked child that happens to exit normally
        shutil.rmtree(folder, ignore_errors=True)


@functools.cache
def _distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


@functools.cache
def runtime_packages() -> Path:
    """A ``site-packages`` folder every user can read, with copies of the packages a
    sandbox child may import (``RUNTIME_PACKAGES``: numpy, matplotlib and theirs) as this
    environment has them. Made once a test session and removed at its end.

    Its name ends in ``site-packages`` on purpose: the grader gives its children the
    site-packages folders that hold numpy and matplotlib (``launch.runtime_site_dirs``).
    """
    folder = new_readable_folder("scratchnet-runtime-")
    atexit.register(_remove_if_ours, folder, os.getpid())
    site = folder / "site-packages"
    site.mkdir(mode=0o755)
    for name in RUNTIME_PACKAGES:
        for path in _package_paths(name):
            if not (site / path.name).exists():
                _copy(path, site / path.name, skip_bytecode=False)
    _make_readable(site)
    return site


def python_for(user: int | str, pythonpath: Iterable[Path | str],
               imports: str = "numpy, matplotlib") -> str | None:
    """An interpreter of this Python's version that ``user`` can run and that imports
    ``imports`` with ``pythonpath``, or None.

    This process's own interpreter may live where ``user`` cannot read (a pyenv under
    /root); then the system interpreter of the same version is tried (same version, same
    ABI as the copied packages).
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    own = os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)
    env = {"PYTHONPATH": os.pathsep.join(str(p) for p in pythonpath), "PATH": "/usr/bin:/bin"}
    for python in dict.fromkeys((own, f"/usr/bin/{version}", f"/usr/local/bin/{version}")):
        if not os.path.exists(python):
            continue
        probe = subprocess.run(
            ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", "--",
             python, "-s", "-c", f"import {imports}"],
            env=env, capture_output=True, cwd="/", timeout=120)
        if probe.returncode == 0:
            return python
    return None
