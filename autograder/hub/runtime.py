"""The Python that the hub's users run: an interpreter they can execute and a copy of the
packages they need, in a folder every user can read.

The environment scratchnet is installed in may live where other users cannot read (a venv
in a home folder of mode 0700, a pyenv under /root). The hub's users are real Unix accounts,
so they get their own view of it: the distributions their servers need (and, for the
instructor, scratchnet's) hard-linked or copied into ``<folder>/site-packages``, Jupyter's
data files (JupyterLab's static files, the labextensions, the kernel spec) into
``<folder>/share/jupyter``, and an interpreter of the same Python version that they can run
(the system's ``/usr/bin/python3.X`` when the environment's own is out of their reach).

The students' copy holds no scratchnet (neither the grader nor the reference solution):
only the instructor's PYTHONPATH adds the course's own packages.
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: What every user's server needs: the single-user server, JupyterLab, nbgrader, a kernel,
#: and what the course's notebooks import.
USER_DISTRIBUTIONS = ("jupyterhub", "jupyterlab", "nbgrader", "ipykernel", "numpy",
                      "matplotlib")
#: The instructor also grades: scratchnet's own dependencies.
INSTRUCTOR_DISTRIBUTIONS = ("scratchnet",)
#: The course's packages (from this checkout), on the instructor's PYTHONPATH only.
COURSE_PACKAGES = ("autograder", "solutions", "course_data")

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass
class Runtime:
    """An interpreter and the paths a hub user's server runs with."""

    python: str
    site: Path  #: packages every user may import
    course: Path  #: the instructor's extra packages (scratchnet's code)
    jupyter_data: Path  #: share/jupyter: JupyterLab's files, labextensions, kernel spec
    distributions: list[str] = field(default_factory=list)

    @property
    def bin(self) -> Path:
        """Commands for everyone: python, python3, jupyter, nbgrader, alembic."""
        return self.site.parent / "bin"

    @property
    def course_bin(self) -> Path:
        """The instructor's `scratchnet`."""
        return self.site.parent / "course-bin"

    def environment(self, instructor: bool) -> dict[str, str]:
        """PYTHONPATH, PATH and Jupyter's paths for a user's server, its kernels and its
        terminals."""
        paths = [str(self.course)] if instructor else []
        commands = [str(self.course_bin)] if instructor else []
        return {
            "PYTHONPATH": os.pathsep.join([*paths, str(self.site)]),
            "PYTHONNOUSERSITE": "1",
            "JUPYTER_PATH": str(self.jupyter_data),
            "JUPYTERLAB_DIR": str(self.jupyter_data / "lab"),
            "PATH": os.pathsep.join([*commands, str(self.bin), "/usr/local/bin", "/usr/bin",
                                     "/bin"]),
        }

    def write_commands(self) -> None:
        """Small scripts that run the users' interpreter, so that `python`, `nbgrader` and
        (for the instructor) `scratchnet` work in a JupyterLab terminal."""
        scripts = {self.bin / "python": "", self.bin / "python3": "",
                   self.bin / "jupyter": "-m jupyter", self.bin / "nbgrader": "-m nbgrader",
                   # nbgrader runs `alembic` to create and upgrade a gradebook
                   self.bin / "alembic": "-m alembic",
                   self.course_bin / "scratchnet": "-m autograder.cli"}
        for path, module in scripts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f'#!/bin/sh\nexec {self.python} {module} "$@"\n'.replace("  ", " "))
            path.chmod(0o755)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def dependency_closure(names: tuple[str, ...]) -> list[metadata.Distribution]:
    """The installed distributions `names` need, theirs, and so on (with the extras a
    requirement asks for, as in ``bleach[css]``)."""
    from packaging.markers import default_environment
    from packaging.requirements import InvalidRequirement, Requirement

    base_env = default_environment()
    seen: dict[str, metadata.Distribution] = {}
    done: set[tuple[str, str]] = set()
    todo: list[tuple[str, str]] = [(name, "") for name in names]
    while todo:
        name, extra = todo.pop()
        name = _canonical(name)
        if (name, extra) in done:
            continue
        done.add((name, extra))
        try:
            dist = seen.get(name) or metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist
        for text in dist.requires or []:
            try:
                requirement = Requirement(text)
            except InvalidRequirement:
                continue
            if requirement.marker and not requirement.marker.evaluate(
                    {**base_env, "extra": extra}):
                continue
            if not extra and requirement.marker and "extra" in str(requirement.marker):
                continue
            todo.append((requirement.name, ""))
            todo += [(requirement.name, e) for e in requirement.extras]
    return list(seen.values())


def _place(source: Path, target: Path) -> None:
    """Hard-link `source` at `target` (a copy across file systems, or when `source` is not
    readable by all), readable by every user."""
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = source.stat().st_mode
    if mode & stat.S_IROTH:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copy2(source, target)
    target.chmod(stat.S_IMODE(mode) | 0o444 | (0o111 if mode & stat.S_IXUSR else 0))


def _copy_distribution(dist: metadata.Distribution, site: Path) -> None:
    """The files a distribution installed into site-packages (its RECORD), under `site`."""
    base = Path(dist.locate_file(""))
    for entry in dist.files or []:
        parts = Path(str(entry)).parts
        if not parts or parts[0] == ".." or entry.name.endswith(".pth"):
            continue  # scripts and data outside site-packages; .pth files act nowhere here
        source = base / entry
        if source.is_file() and not (site / entry).exists():
            _place(source, site / entry)


def _copy_tree(source: Path, target: Path, skip=("__pycache__",)) -> None:
    for path in source.rglob("*"):
        if any(part in skip for part in path.relative_to(source).parts):
            continue
        if path.is_file() and not path.is_symlink():
            _place(path, target / path.relative_to(source))


def _jupyter_data_dirs() -> list[Path]:
    """Where this environment keeps Jupyter's data files (share/jupyter), the environment's
    own first."""
    dirs = [Path(sys.prefix) / "share" / "jupyter"]
    from jupyter_core.paths import jupyter_path

    dirs += [Path(p) for p in jupyter_path()]
    return [d for d in dict.fromkeys(dirs) if d.is_dir()]


def _open_up(folder: Path) -> None:
    """Every folder below `folder` (and itself) readable and searchable by all."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def build_runtime(folder: Path, repo: Path, users: list[str]) -> Runtime:
    """Lay out the hub users' packages, Jupyter data and course code under `folder` (which
    every user can reach) and find an interpreter each of `users` can run."""
    folder.mkdir(parents=True, exist_ok=True)
    site = folder / "site-packages"
    everyone = dependency_closure(USER_DISTRIBUTIONS)
    instructor = [d for d in dependency_closure(INSTRUCTOR_DISTRIBUTIONS + USER_DISTRIBUTIONS)
                  if _canonical(d.metadata["Name"]) != "scratchnet"]
    names = []
    for dist in {id(d): d for d in everyone + instructor}.values():
        _copy_distribution(dist, site)
        names.append(dist.metadata["Name"])
    course = folder / "course-code"
    for package in COURSE_PACKAGES:
        _copy_tree(repo / package, course / package)
    data = folder / "share" / "jupyter"
    for source in _jupyter_data_dirs():
        for sub in ("lab", "labextensions", "kernels", "nbconvert"):
            if (source / sub).is_dir():
                _copy_tree(source / sub, data / sub, skip=())
    # JupyterLab's settings for everyone: no news, no update checks (nothing may go online).
    overrides = data / "lab" / "settings" / "overrides.json"
    overrides.parent.mkdir(parents=True, exist_ok=True)
    overrides.write_text('{"@jupyterlab/apputils-extension:notification": '
                         '{"fetchNews": "false", "checkForUpdates": false}}\n')
    _open_up(folder)
    python = interpreter_for(users, site)
    _check_python_versions(python, [d for d in {id(d): d for d in everyone + instructor}
                                    .values()])
    runtime = Runtime(python, site, course, data, sorted(names, key=str.lower))
    runtime.write_commands()
    _open_up(folder)
    return runtime


def interpreter_for(users: list[str], site: Path) -> str:
    """An interpreter of this Python's version that every one of `users` can run and that
    imports JupyterLab and nbgrader from `site`; RuntimeError naming what was tried."""
    from jupyterhub.spawner import set_user_setuid

    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    own = os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)
    tried = []
    for python in dict.fromkeys((own, f"/usr/bin/{version}", f"/usr/local/bin/{version}")):
        if not os.path.exists(python):
            continue
        ok = True
        for user in users:
            # started as JupyterHub's LocalProcessSpawner starts a server: setuid, then exec
            try:
                probe = subprocess.run(
                    [python, "-s", "-c", "import jupyterlab, nbgrader, numpy, matplotlib"],
                    env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": "/"},
                    preexec_fn=set_user_setuid(user, chdir=False), capture_output=True,
                    cwd="/", timeout=120, text=True)
                failure = probe.stderr.strip()[-300:] if probe.returncode else ""
            except OSError as error:  # the user may not execute it (a pyenv under /root)
                failure = str(error)
            if failure:
                tried.append(f"{python} as {user}: {failure}")
                ok = False
                break
        if ok:
            return python
    raise RuntimeError(f"no {version} that the hub's users can run imports JupyterLab and "
                       "nbgrader:\n" + "\n".join(tried))


def _check_python_versions(python: str, distributions: list[metadata.Distribution]) -> None:
    """RuntimeError naming each distribution whose Requires-Python excludes `python` (the
    system's interpreter may be older than the environment's own)."""
    from packaging.specifiers import SpecifierSet

    version = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                             capture_output=True, text=True, timeout=60).stdout.strip()
    refused = [f"{d.metadata['Name']} {d.version} (Python {d.metadata['Requires-Python']})"
               for d in distributions
               if d.metadata["Requires-Python"]
               and not SpecifierSet(d.metadata["Requires-Python"]).contains(version)]
    if refused:
        raise RuntimeError(f"the hub's users run {python} (Python {version}), which these "
                           "packages refuse: " + ", ".join(refused) + "; install versions "
                           "that support it (pip install -e '.[hub]' pins them)")
