"""Without bubblewrap the kernel confines a submission (Landlock, a network namespace), and
`scratchnet grade` refuses to start where nothing can, unless told --unconfined."""

import os
import socket
from pathlib import Path

import pytest

from autograder.commands import grade as grade_command
from autograder.sandbox import Sandbox, StudentError, kernel
from autograder.sandbox.kernel import FULL, kernel_confinement

pytestmark = pytest.mark.sandbox

REPO = Path(__file__).resolve().parent.parent
WRITER = '''
import os, socket

def write(path):
    with open(path, "w") as handle:
        handle.write("planted")
    return "written"

def connect(port):
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return "connected"

def here():
    return os.getcwd()
'''
needs_kernel = pytest.mark.skipif(kernel_confinement() != FULL,
                                  reason="this kernel offers no Landlock or user namespaces")


@needs_kernel
def test_without_bubblewrap_a_submission_writes_only_in_its_folder(tmp_path):
    outside = tmp_path / "planted.txt"
    os.chmod(tmp_path, 0o777)  # the child could write here but for the confinement
    with Sandbox([WRITER], bubblewrap=False) as impl:
        assert impl._sandbox.isolation == FULL
        with pytest.raises(StudentError) as raised:
            impl.write(str(outside))
        assert raised.value.type_name == "PermissionError"
        assert impl.write(impl.here() + "/inside.txt") == "written"
    assert not outside.exists()


@needs_kernel
def test_without_bubblewrap_a_submission_reaches_no_network():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    try:
        with Sandbox([WRITER], bubblewrap=False) as impl:
            with pytest.raises(StudentError):
                impl.connect(listener.getsockname()[1])
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()


def test_unconfined_only_when_told(tmp_path, monkeypatch, capsys):
    """Grading refuses where nothing confines the code, names what to install, and starts
    with --unconfined."""
    monkeypatch.setattr(kernel.shutil, "which", lambda name: None)
    monkeypatch.setattr(kernel, "kernel_confinement", lambda: "rlimits only")
    student = tmp_path / "class" / "ada.py"
    student.parent.mkdir()
    student.write_text((REPO / "course_data/sample_submissions/ada.py").read_text())
    parser = __import__("argparse").ArgumentParser()
    grade_command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["grade", str(student.parent), "--out", str(tmp_path / "out"),
                              "--stage", "1"])
    assert grade_command.run(args) == 2
    said = capsys.readouterr().err
    assert "apt-get install bubblewrap" in said and "--unconfined" in said
    assert not (tmp_path / "out").exists()
    args = parser.parse_args(["grade", str(student.parent), "--out", str(tmp_path / "out"),
                              "--stage", "1", "--unconfined"])
    assert grade_command.run(args) == 0


UNPRIVILEGED_SCRIPT = """
import json, sys
from autograder.sandbox import Sandbox
outside, port = sys.argv[1], int(sys.argv[2])
said = {}
with Sandbox([sys.stdin.read()], bubblewrap=False) as impl:
    for name, call in (("write", lambda: impl.write(outside)),
                       ("connect", lambda: impl.connect(port))):
        try:
            said[name] = call()
        except Exception as error:
            said[name] = type(error).__name__
    said["isolation"] = impl._sandbox.isolation
print(json.dumps(said))
"""


@pytest.mark.slow
@needs_kernel
@pytest.mark.skipif(os.geteuid() != 0, reason="switching to another user needs root")
def test_an_unprivileged_grader_without_bubblewrap_confines_its_children_too():
    import json
    import shutil
    import subprocess

    from tests import unprivileged

    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("no setpriv")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    with listener, unprivileged.readable_folder() as folder:
        code = unprivileged.copy_checkout(folder / "code", ["autograder"])
        site = unprivileged.runtime_packages()
        python = unprivileged.python_for(65534, [code, site], imports="numpy, autograder")
        if python is None:
            pytest.skip("no Python with numpy that user 65534 can run is installed")
        home, shared = folder / "home", folder / "shared"
        for made in (home, shared):
            made.mkdir()
        os.chown(home, 65534, 65534)
        os.chmod(shared, 0o777)  # 65534 may write here; its children may not
        env = {"PATH": os.environ["PATH"], "HOME": str(home), "TMPDIR": str(home),
               "SCRATCHNET_SANDBOX": "rlimits",
               "PYTHONPATH": os.pathsep.join([str(code), str(site)])}
        done = subprocess.run(
            [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", python, "-s", "-c",
             UNPRIVILEGED_SCRIPT, str(shared / "planted.txt"), str(listener.getsockname()[1])],
            input=WRITER, capture_output=True, text=True, timeout=300, env=env, cwd=home)
        assert done.returncode == 0, done.stderr[-3000:]
        said = json.loads(done.stdout.strip().splitlines()[-1])
        assert said == {"write": "PermissionError", "connect": said["connect"],
                        "isolation": FULL}, said
        assert said["connect"] != "connected"
        assert not (shared / "planted.txt").exists()
        with pytest.raises(socket.timeout):
            listener.accept()
