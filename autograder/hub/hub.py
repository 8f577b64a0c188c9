"""A real JupyterHub on this machine with the course on it, for trying or testing.

    with CourseHub(workdir, repo, port=8000) as hub:
        print(hub.url, hub.accounts, hub.password)

What it sets up, and removes again when the block ends (even on an error):

- local Unix accounts (``accounts.py``): one instructor and the students, locked, homes
  under ``workdir/home``;
- the Python those accounts run (``runtime.py``), under ``workdir/runtime``;
- nbgrader's exchange, ``workdir/exchange``, mode 0777 (readable and writable by every
  user: what nbgrader's documentation asks of the exchange directory, and the mode its own
  ``release_assignment`` gives it);
- the instructor's course: ``~/course`` (the English course, ``assignments/``) and
  ``~/course/zh`` (the Chinese course); the instructor's default server runs formgrader on
  the English course, the named server ``zh`` on the Chinese one;
- per-role Jupyter configuration: students get the assignment list and Validate, the
  instructor formgrader as well (``jupyter labextension disable`` done as page_config.json,
  ``jupyter server extension disable`` as jpserver_extensions);
- JupyterHub (LocalProcessSpawner, SharedPasswordAuthenticator: one password for the
  listed accounts) behind configurable-http-proxy.

It is for trying the course and for tests: every account shares one password, and nothing
is kept. A course beyond one machine: docs/hub.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from autograder.hub import accounts
from autograder.hub.runtime import Runtime, build_runtime

#: The nbgrader labextensions and server extensions (nbgrader 0.9).
LAB_PLUGINS = ("formgrader", "assignment-list", "course-list", "create-assignment",
               "validate-assignment")
SERVER_EXTENSIONS = ("formgrader", "assignment_list", "course_list", "validate_assignment")
STUDENT_PLUGINS = ("assignment-list", "validate-assignment")
STUDENT_SERVER = ("assignment_list", "validate_assignment")

#: Course ids in the exchange, as the courses' nbgrader_config.py set them.
COURSES = {"en": "scratchnet", "zh": "scratchnet-zh"}


@contextlib.contextmanager
def stop_on_sigterm():
    """Inside the block, SIGTERM (and SIGHUP) raise SystemExit, so that a hub stopped by
    `kill` or a timeout still stops what it started (its `with` block's exit runs)."""

    def leave(signum, frame):
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, leave) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing_parts() -> list[str]:
    """What this machine lacks to run a hub: empty when it has everything."""
    missing = []
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        missing.append("jupyterhub (pip install jupyterhub)")
    if not shutil.which("configurable-http-proxy"):
        missing.append("configurable-http-proxy (npm install -g configurable-http-proxy)")
    for tool in ("useradd", "userdel", "setpriv"):
        if not shutil.which(tool):
            missing.append(tool)
    if os.geteuid() != 0:
        missing.append("root (the hub makes Unix accounts and starts servers as them)")
    return missing


@dataclass
class Account:
    name: str
    role: str  # "instructor" or "student"
    home: Path

    @property
    def course(self) -> Path:
        return self.home / "course"


class CourseHub:
    """JupyterHub with the course, an instructor and students; a context manager."""

    def __init__(self, workdir: Path, repo: Path, *, instructor: str = "instructor",
                 students: tuple[str, ...] = ("student1", "student2"), ip: str = "127.0.0.1",
                 port: int | None = None, password: str | None = None,
                 stages: tuple[str, ...] | None = None) -> None:
        self.workdir = Path(workdir)
        self.repo = Path(repo)
        self.ip = ip
        self.port = port or free_port()
        self.password = password or secrets.token_urlsafe(9)
        self.stages = stages
        home = self.workdir / "home"
        self.instructor = Account(instructor, "instructor", home / instructor)
        self.students = [Account(s, "student", home / s) for s in students]
        self.exchange = self.workdir / "exchange"
        self.hub_dir = self.workdir / "hub"
        self.log_path = self.hub_dir / "jupyterhub.log"
        self.runtime: Runtime | None = None
        self.process: subprocess.Popen | None = None
        self._made: list[str] = []

    # -- what a person needs -------------------------------------------------------------

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0") else self.ip
        return f"http://{host}:{self.port}"

    @property
    def accounts(self) -> list[Account]:
        return [self.instructor, *self.students]

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # -- starting and stopping -----------------------------------------------------------

    def __enter__(self) -> CourseHub:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 120.0) -> None:
        missing = missing_parts()
        if missing:
            raise RuntimeError("cannot start a hub here; missing: " + ", ".join(missing))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.workdir.chmod(0o755)  # the accounts reach their homes, the runtime, the exchange
        closed = [p for p in self.workdir.resolve().parents
                  if not os.stat(p).st_mode & stat.S_IXOTH]
        if closed:
            raise RuntimeError(f"the hub's users cannot reach {self.workdir}: {closed[0]} is "
                               "closed to other users; choose a work folder under /tmp")
        (self.workdir / "home").mkdir(exist_ok=True)
        (self.workdir / "home").chmod(0o755)
        for account in self.accounts:
            self._made.append(account.name)
            accounts.create(account.name, account.home)
        self.runtime = build_runtime(self.workdir / "runtime", self.repo,
                                     [a.name for a in self.accounts])
        self.exchange.mkdir(exist_ok=True)
        self.exchange.chmod(0o777)
        self._lay_out_course()
        self._write_role_configs()
        self._start_hub(timeout)

    def stop(self) -> None:
        """Stop the hub and its proxy, every process of the accounts, remove the accounts
        and the work folder. Safe to call twice, and after a failed start."""
        if self.process is not None and self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGTERM)  # the hub stops the users' servers
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # the proxy, if it stayed
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)
        for name in self._made:
            accounts.remove(name)
        self._made = []
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- the course, the exchange, the roles ---------------------------------------------

    def _lay_out_course(self) -> None:
        """The English and the Chinese course in the instructor's ~/course, theirs."""
        assignments = self.repo / "assignments"
        course = self.instructor.course
        for source, target in ((assignments, course), (assignments / "zh", course / "zh")):
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(source / "nbgrader_config.py", target / "nbgrader_config.py")
            for stage in sorted((source / "source").iterdir()):
                if stage.is_dir() and (self.stages is None or stage.name in self.stages):
                    shutil.copytree(stage, target / "source" / stage.name,
                                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        _chown_tree(self.instructor.home, self.instructor.name)

    def config_dir(self, role: str) -> Path:
        """The Jupyter config folder of a role: "student", "instructor-en", "instructor-zh"."""
        return self.workdir / "runtime" / "config" / role

    def _write_role_configs(self) -> None:
        common = {
            "LabApp": {"news_url": None,
                       "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"},
        }
        for role in ("student", "instructor-en", "instructor-zh"):
            folder = self.config_dir(role)
            (folder / "labconfig").mkdir(parents=True, exist_ok=True)
            student = role == "student"
            server = {f"nbgrader.server_extensions.{name}":
                      (not student or name in STUDENT_SERVER) for name in SERVER_EXTENSIONS}
            server.update({"jupyterlab": True, "jupyter_server_terminals": True,
                           "notebook_shim": True})
            config = {**common, "ServerApp": {"jpserver_extensions": server}}
            if not student:
                # JupyterLab shows formgrader in an iframe of the instructor's own server;
                # JupyterHub's single-user servers forbid every frame unless told otherwise.
                config["ServerApp"]["tornado_settings"] = {
                    "headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}
            (folder / "jupyter_server_config.json").write_text(json.dumps(config, indent=1))
            disabled = {f"@jupyter/nbgrader:{p}": True for p in LAB_PLUGINS
                        if student and p not in STUDENT_PLUGINS}
            (folder / "labconfig" / "page_config.json").write_text(
                json.dumps({"disabledExtensions": disabled}, indent=1))
            lines = ["c = get_config()  # noqa: F821"]
            if not student:
                lang = role.split("-")[1]
                course = self.instructor.course / ("zh" if lang == "zh" else "")
                lines.append(f"load_subconfig({str(course / 'nbgrader_config.py')!r})  "
                             "# noqa: F821")
            lines += [f"c.Exchange.root = {str(self.exchange)!r}",
                      "# two courses have a 01_sigmoid: fetch each into its course's folder",
                      "c.Exchange.path_includes_course = True"]
            (folder / "nbgrader_config.py").write_text("\n".join(lines) + "\n")
            for path in [folder, *folder.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)

    def environment(self, account: Account, lang: str = "en") -> dict[str, str]:
        """The environment `account`'s server runs with (the instructor's for the English
        course, or with lang="zh" the Chinese one), for running commands as them."""
        assert self.runtime is not None
        instructor = account.role == "instructor"
        role = f"instructor-{lang}" if instructor else "student"
        return {**self.runtime.environment(instructor=instructor),
                "JUPYTER_CONFIG_PATH": str(self.config_dir(role)),
                "HOME": str(account.home), "USER": account.name, "LOGNAME": account.name,
                "LANG": os.environ.get("LANG", "C.UTF-8")}

    def run_as(self, account: Account, args: list[str], cwd: Path, lang: str = "en",
               timeout: float = 600) -> subprocess.CompletedProcess:
        """Run `args` as `account` (``python`` stands for the users' interpreter), in
        `cwd`, with the environment of their server; the output is captured."""
        from jupyterhub.spawner import set_user_setuid

        assert self.runtime is not None
        argv = [self.runtime.python if a == "python" else a for a in args]
        return subprocess.run(argv, cwd=cwd, env=self.environment(account, lang),
                              preexec_fn=set_user_setuid(account.name, chdir=False),
                              capture_output=True, text=True, timeout=timeout)

    # -- JupyterHub ----------------------------------------------------------------------

    def _hub_config(self) -> str:
        assert self.runtime is not None
        environments = {
            "student": {**self.runtime.environment(instructor=False),
                        "JUPYTER_CONFIG_PATH": str(self.config_dir("student"))},
            "instructor-en": {**self.runtime.environment(instructor=True),
                              "JUPYTER_CONFIG_PATH": str(self.config_dir("instructor-en"))},
            "instructor-zh": {**self.runtime.environment(instructor=True),
                              "JUPYTER_CONFIG_PATH": str(self.config_dir("instructor-zh"))},
        }
        users = [a.name for a in self.accounts]
        return f'''\
# Written by scratchnet's autograder/hub: a hub for trying the course, not for production.
import json

c = get_config()  # noqa: F821
c.JupyterHub.ip = {self.ip!r}
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = "sqlite:///{self.hub_dir / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(self.hub_dir / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(self.hub_dir / "jupyterhub.pid")!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.allow_named_servers = True  # the instructor's "zh" server: the Chinese course
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {self.password!r}
c.Authenticator.allowed_users = set({users!r})
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [{self.runtime.python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.env_keep = ["LANG", "LC_ALL"]

INSTRUCTOR = {self.instructor.name!r}
ENVIRONMENTS = json.loads({json.dumps(json.dumps(environments))})


def pre_spawn_hook(spawner):
    """Students get the students' extensions; the instructor formgrader on the English
    course, or on the Chinese one in the server named "zh"."""
    if spawner.user.name != INSTRUCTOR:
        role = "student"
    else:
        role = "instructor-zh" if spawner.name == "zh" else "instructor-en"
    spawner.environment.update(ENVIRONMENTS[role])


c.Spawner.pre_spawn_hook = pre_spawn_hook
'''

    def _start_hub(self, timeout: float) -> None:
        self.hub_dir.mkdir(parents=True, exist_ok=True)
        self.hub_dir.chmod(0o700)
        config = self.hub_dir / "jupyterhub_config.py"
        config.write_text(self._hub_config())
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON"))}
        env["CONFIGPROXY_AUTH_TOKEN"] = secrets.token_hex(32)
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(config)],
                cwd=self.hub_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited early:\n{self.log_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"JupyterHub did not answer in {timeout:.0f}s:\n"
                           f"{self.log_text()[-4000:]}")


def _chown_tree(top: Path, user: str) -> None:
    for path in [top, *top.rglob("*")]:
        shutil.chown(path, user, user)
