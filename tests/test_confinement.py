"""Without bubblewrap the kernel confines a submission (Landlock, a network namespace), and
`scratchnet grade` refuses to start where nothing can, unless told --unconfined."""

import os
import socket
from pathlib import Path

import pytest

from autograder.commands import grade as grade_command
from autograder.sandbox import Sandbox, StudentError, kernel
from autograder.sandbox.kernel import FULL, kernel_confinement

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
