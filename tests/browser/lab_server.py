"""Start a real, hermetic JupyterLab server for the browser tests.

Everything JupyterLab and the kernel write (config, data, runtime files, user settings,
workspaces, IPython and matplotlib caches) goes to a temporary home, and nothing in the
server or the page may reach the network: news and update checks are switched off.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 60.0  # seconds for `jupyter lab` to answer /api/status

# JupyterLab user settings that keep a first launch quiet and offline.
_USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

_SERVER_CONFIG = """\
c = get_config()  # noqa: F821
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.ServerApp.open_browser = False
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.port_retries = 0
c.ServerApp.allow_remote_access = False
c.ServerApp.terminals_enabled = False
c.ServerApp.allow_root = True  # CI runs as root
"""


@dataclass
class LabServer:
    """A running `jupyter lab`: its base URL, token, root directory and log file."""

    base_url: str
    token: str
    root_dir: Path
    log_path: Path
    process: subprocess.Popen

    def notebook_url(self, relative_path: str, workspace: str) -> str:
        """URL that opens `relative_path` (under root_dir) in a fresh, named workspace."""
        return (
            f"{self.base_url}/lab/workspaces/{workspace}/tree/{relative_path}"
            f"?reset&token={self.token}"
        )

    def log_text(self) -> str:
        """The server's combined stdout and stderr so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hermetic_env(home: Path) -> dict[str, str]:
    """Environment for the server and its kernels, with every Jupyter path under `home`."""
    dirs = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "lab-workspaces",
        "IPYTHONDIR": home / "ipython",
        "MPLCONFIGDIR": home / "matplotlib",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env.update({k: str(v) for k, v in dirs.items()})
    env["HOME"] = str(home)
    env.pop("MPLBACKEND", None)  # let the kernel use its inline backend
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # The kernel must be the interpreter running the tests (the project's venv).
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _write_config(env: dict[str, str]) -> None:
    """Server config and JupyterLab user settings that keep everything offline."""
    config_dir = Path(env["JUPYTER_CONFIG_DIR"])
    (config_dir / "jupyter_server_config.py").write_text(_SERVER_CONFIG)
    settings_dir = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    for name, values in _USER_SETTINGS.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def _wait_until_up(server: LabServer, timeout: float) -> None:
    """Poll /api/status until the server answers; raise with its log if it does not."""
    deadline = time.monotonic() + timeout
    url = f"{server.base_url}/api/status?token={server.token}"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited early:\n{server.log_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"jupyter lab did not start in {timeout:.0f}s:\n{server.log_text()[-4000:]}")


@contextmanager
def running_lab(root_dir: Path, home: Path) -> Iterator[LabServer]:
    """Run `jupyter lab` serving `root_dir` until the block ends; `home` holds its state."""
    env = hermetic_env(home)
    _write_config(env)
    token = secrets.token_hex(24)
    port = free_port()
    log_path = home / "jupyter-lab.log"
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=root_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    server = LabServer(f"http://127.0.0.1:{port}", token, root_dir, log_path, process)
    try:
        _wait_until_up(server, START_TIMEOUT)
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """Stop the server and the kernels it started (its whole process group)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout=10)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(process.pid, 9)
        except ProcessLookupError:
            pass
        process.wait(timeout=5)
