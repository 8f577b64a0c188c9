"""How the child is started: the interpreter, its flags and environment, and bubblewrap.

The child is the grader's own Python interpreter started as ``python -s -S -P -B -c
BOOTSTRAP``: no site module (so no ``sitecustomize.py``, no ``.pth`` files, no editable
install of the course), no user site, and neither the working directory nor a script
directory on ``sys.path``, so a ``numpy.py`` planted in the working directory is never
imported. (``-I`` would also ignore the environment, but the environment is ours and fixes
``PYTHONHASHSEED`` so that grading is deterministic.) The bootstrap reads the sources of
the child's modules (``child.MODULES``: ``wire.py`` and ``child/``) from the request pipe,
adds exactly the site-packages directories that hold numpy and matplotlib to ``sys.path``,
runs each as a module of its own, in order, and hands over to the last one's ``main``.

Under bubblewrap the child sees a fresh root: ``/usr`` (and the interpreter's prefix)
read-only, those site-packages directories read-only at neutral paths (with the course's own
packages masked if they are installed there), ``/proc``, ``/dev``, and an empty in-memory
``/sandbox`` as its only writable place and working directory. No network, its own PID,
IPC, UTS and user namespaces, user "nobody" (65534) without capabilities, a new session,
and it dies with the grader.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("autograder.sandbox")

BOOTSTRAP = r"""
import builtins, json, os, struct, sys, types
r, w = int(sys.argv[1]), int(sys.argv[2])
def read(n):
    data = b""
    while len(data) < n:
        chunk = os.read(r, n - len(data))
        if not chunk:
            os._exit(70)
        data += chunk
    return data
boot = json.loads(read(struct.unpack(">I", read(4))[0]))
sys.path.extend(boot["path"])
for name, source in boot["sources"].items():
    module = types.ModuleType(name)
    for key, value in vars(builtins).items():
        if not key.startswith("__"):
            module.__dict__.setdefault(key, value)
    sys.modules[name] = module
    exec(compile(source, "<" + name + ">", "exec"), module.__dict__)
main = module.main
del read, name, source, module, key, value
main(r, w, boot)
"""

PYTHON_FLAGS = ["-s", "-S", "-P", "-B"]
#: Packages the child may import from site-packages (numpy, matplotlib and its dependencies).
RUNTIME_PACKAGES = ("numpy", "matplotlib", "mpl_toolkits", "PIL", "kiwisolver", "cycler",
                    "dateutil", "pyparsing", "contourpy", "fontTools", "packaging", "six")
#: The course's own top-level packages: never visible in the sandbox.
COURSE_PACKAGES = ("solutions", "autograder", "course_data", "tests", "assignments")
WORKDIR_IN_SANDBOX = "/sandbox"
#: The student's user inside bubblewrap: "nobody", never root (and a warm child can map it
#: into its own user namespace, which the kernel forbids for root without CAP_SETFCAP).
SANDBOX_UID = "65534"
SITE_IN_SANDBOX = "/pkgs"


def python_executable() -> str:
    """The real interpreter behind the grader's (a venv's ``python`` is a symlink to it)."""
    return os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)


def runtime_site_dirs() -> list[str]:
    """The directories that must be on the child's sys.path for numpy and matplotlib."""
    stdlib = {os.path.realpath(p) for p in sys.path if p and "site-packages" not in p
              and "dist-packages" not in p}
    dirs: list[str] = []
    for name in RUNTIME_PACKAGES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin:
            locations = list(spec.submodule_search_locations or []) if spec else []
            if not locations:
                continue
            origin = Path(locations[0]) / "__init__.py"
        else:
            origin = Path(spec.origin)
        top = origin.parent.parent if origin.name == "__init__.py" else origin.parent
        site = os.path.realpath(top)
        if site not in dirs and site not in stdlib:
            dirs.append(site)
    return dirs


def child_env(workdir: str) -> dict[str, str]:
    """The child's whole environment: nothing of the grader's leaks in."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": workdir,
        "TMPDIR": workdir,
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": os.path.join(workdir, ".matplotlib"),
        "PYTHONHASHSEED": "0",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
    }


@dataclass(frozen=True)
class Plan:
    """How to start one child: argv (fds appended later), environment, working directory.

    site: the site-packages paths as the child sees them (for the bootstrap's sys.path).
    """

    argv: list[str]
    env: dict[str, str]
    cwd: str
    site: list[str]


def plain_plan(workdir: str) -> Plan:
    """The child without bubblewrap: resource limits only, started in ``workdir``."""
    executable = python_executable()
    if not os.access(executable, os.X_OK):  # a path this user may not reach (under /root):
        executable = "/proc/self/exe"        # the interpreter running now, all the same
    argv = [executable, *PYTHON_FLAGS, "-c", BOOTSTRAP]
    return Plan(argv, child_env(workdir), workdir, runtime_site_dirs())


def _system_mounts() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for name in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/fonts"):
        args += ["--ro-bind-try", name, name]
    return args


def _python_prefixes(executable: str) -> list[str]:
    """The interpreter's installation directories outside /usr (outermost only)."""
    prefixes = sorted({os.path.realpath(sys.base_prefix), os.path.realpath(sys.base_exec_prefix),
                       os.path.dirname(os.path.dirname(executable))})
    kept: list[str] = []
    for prefix in prefixes:
        if prefix in ("/", "/usr") or prefix.startswith("/usr/"):
            continue
        if not any(prefix.startswith(outer + "/") for outer in kept):
            kept.append(prefix)
    return kept


def _visible(path: str, prefixes: list[str]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in ["/usr", *prefixes])


def _visible_package_dirs(prefixes: list[str]) -> list[str]:
    """Package directories the sandbox can see through its read-only system mounts."""
    found = {os.path.realpath(p) for p in sys.path if p}
    for prefix in ["/usr", "/usr/local", *prefixes]:
        for pattern in ("lib/python3*/site-packages", "lib/python3*/dist-packages",
                        "lib/python3/dist-packages"):
            try:
                found.update(str(p) for p in Path(prefix).glob(pattern))
            except OSError:  # a folder this user may not look into
                pass
    return sorted(p for p in found if os.path.isdir(p) and _visible(p, prefixes))


def bwrap_plan(bwrap: str, workspace_bytes: int) -> Plan:
    """The child under bubblewrap (see the module docstring for what it can see)."""
    executable = python_executable()
    args = [bwrap, "--unshare-all", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--uid", SANDBOX_UID, "--gid", SANDBOX_UID,
            "--hostname", "sandbox"]
    prefixes = _python_prefixes(executable)
    args += _system_mounts()
    for prefix in prefixes:
        args += ["--ro-bind", prefix, prefix]
    site = []
    for index, host in enumerate(runtime_site_dirs()):
        inside = f"{SITE_IN_SANDBOX}/{index}"
        args += ["--ro-bind", host, inside]
        site.append(inside)
    masks = [f"{inside}/{name}" for host, inside in zip(runtime_site_dirs(), site, strict=True)
             for name in COURSE_PACKAGES if os.path.isdir(os.path.join(host, name))]
    masks += [f"{folder}/{name}" for folder in _visible_package_dirs(prefixes)
              for name in COURSE_PACKAGES if os.path.isdir(os.path.join(folder, name))]
    for path in masks:  # the course's own packages, if installed beside numpy: hidden
        args += ["--tmpfs", path]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(workspace_bytes), "--tmpfs", WORKDIR_IN_SANDBOX,
             # bubblewrap's own root and /dev are writable tmpfs: make them read-only
             "--remount-ro", "/dev", "--remount-ro", "/",
             "--chdir", WORKDIR_IN_SANDBOX, "--", executable, *PYTHON_FLAGS, "-c", BOOTSTRAP]
    return Plan(args, child_env(WORKDIR_IN_SANDBOX), "/", site)


# ----------------------------------------------------------------------------- probing

_probe_lock = threading.Lock()
_probe_result: dict[tuple[str, ...], str | None] = {}


def probe_bwrap(prefix: tuple[str, ...] = (),
                proof: Callable[[str], bool] | None = None) -> str | None:
    """Path of a working ``bwrap``, or None (checked once per process, then remembered).

    Working means: our exact sandbox layout starts and numpy imports in it, started
    through ``prefix`` (``setpriv ...``: as the user submissions run as). proof: another
    way to show it, tried first, e.g. booting a zygote, which does just that: called with
    the path of ``bwrap``, True if it worked (else the probe itself runs).
    """
    with _probe_lock:
        if prefix not in _probe_result:
            _probe_result[prefix] = _probe(list(prefix), proof)
        return _probe_result[prefix]


def join_prefix(procs_files: list[str]) -> list[str]:
    """A command prefix that moves the process into a cgroup, then runs the rest.

    The shell writes its own pid to each ``cgroup.procs`` file and execs the command (same
    pid), so the child is in the cgroup before it can start anything. Exit status 97 if
    it cannot join.
    """
    if not procs_files:
        return []
    script = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 97; shift; done; shift; exec "$@"'
    return ["/bin/sh", "-c", script, "sh", *procs_files, "--"]


def _probe(prefix: list[str], proof: Callable[[str], bool] | None = None) -> str | None:
    if os.environ.get("SCRATCHNET_SANDBOX", "") == "rlimits":
        log.warning("scratchnet sandbox: SCRATCHNET_SANDBOX=rlimits, so submissions run "
                    "under resource limits only (no bubblewrap isolation)")
        return None
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        log.warning("scratchnet sandbox: bubblewrap (bwrap) is not installed, so submissions "
                    "run confined by the kernel alone where it can (Landlock: writes only in "
                    "their folder; a network namespace), and can read your files. Install "
                    "it with `apt-get install bubblewrap`.")
        return None
    try:
        plan = bwrap_plan(bwrap, 1024 * 1024)
    except OSError as error:
        log.warning("scratchnet sandbox: bubblewrap cannot be set up here (%s); submissions "
                    "run under resource limits only", error)
        return None
    if proof is not None and proof(bwrap):
        return bwrap
    script = ("import sys; sys.path.extend(sys.argv[1:]); import numpy; "
              "open('probe', 'w').write('ok')")
    argv = prefix + plan.argv[:plan.argv.index("-c") + 1] + [script, *plan.site]
    try:
        done = subprocess.run(argv, env=plan.env, cwd=plan.cwd, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=60, start_new_session=True)
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("scratchnet sandbox: bubblewrap does not work here (%s); submissions run "
                    "under resource limits only", error)
        return None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        log.warning("scratchnet sandbox: bubblewrap does not work here (%s); submissions run "
                    "under resource limits only", detail[-1] if detail else done.returncode)
        return None
    return bwrap
