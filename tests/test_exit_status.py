"""Every command ends with the documented exit status (autograder/commands/status.py) and a
sentence, never a traceback, whatever a user types: missing files, folders for files, files
for folders, empty folders, wrong suffixes, pipes, broken configurations, bad values."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.cli import build_parser, main
from autograder.commands.status import EXIT_STATUS

ROOT = Path(__file__).resolve().parents[1]
ADA = ROOT / "course_data" / "sample_submissions" / "ada.py"


@pytest.fixture(scope="module")
def graded_once(tmp_path_factory) -> Path:
    """A folder `scratchnet grade` wrote (one student)."""
    out = tmp_path_factory.mktemp("graded")
    assert main(["grade", str(ADA), "--out", str(out), "--workers", "1"]) == 0
    return out


@pytest.fixture()
def place(tmp_path, monkeypatch, graded_once):
    """A folder with one of everything a user might point a command at."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(graded_once, tmp_path / "graded")
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("not a submission\n")
    (tmp_path / "bad.toml").write_text("course_secret = [\n")
    (tmp_path / "nan.toml").write_text("timeout = nan\n")
    (tmp_path / "roster.csv").write_text("student,name,email\nada,Ada,ada@example.org\n")
    os.mkfifo(tmp_path / "pipe.csv")
    results = tmp_path / "unreadable" / "ada"
    results.mkdir(parents=True)
    (results / "results.json").write_text("{")  # unreadable results only
    return tmp_path


CASES = [
    # grade: input errors are 2, and nothing is graded
    (["grade", "missing.py"], 2, "no such file or folder"),
    (["grade", "empty"], 2, "no submissions found in empty"),
    (["grade", "notes.txt"], 2, "is not a notebook (.ipynb), a Python file (.py)"),
    (["grade", str(ADA), "--config", "empty"], 2, "it is not a file"),
    (["grade", str(ADA), "--config", "bad.toml"], 2, "not valid TOML"),
    (["grade", str(ADA), "--config", "nan.toml"], 2, "positive number"),
    (["grade", str(ADA), "--timeout", "nan"], 2, "positive number"),
    (["grade", str(ADA), "--nbgrader-assignment", "01_sigmoid"], 2, "no nbgrader course"),
    (["grade", str(ADA), "--out", "notes.txt"], 1, "cannot write in notes.txt"),
    # report
    (["report", "missing"], 2, "no such folder"),
    (["report", "notes.txt"], 2, "is a file, not the folder"),
    (["report", "empty"], 2, "no results in empty"),
    (["report", "unreadable"], 2, "no results in unreadable"),
    # similarity
    (["similarity", "missing"], 2, "no such file or folder"),
    (["similarity", "empty"], 2, "nothing to compare: 0 students"),
    (["similarity", "notes.txt", str(ADA)], 2, "is not a notebook"),
    (["similarity", str(ADA), "--stage", "9"], 2, "stages run from 1 to 7"),
    # export
    (["export", "missing", "--to", "csv", "--roster", "roster.csv"], 2, "no such folder"),
    (["export", "empty", "--to", "csv", "--roster", "roster.csv"], 2, "no results in empty"),
    (["export", "unreadable", "--to", "csv", "--roster", "roster.csv"], 2,
     "no readable results in unreadable: the results.json of ada could not be read"),
    (["export", "graded", "--to", "csv", "--roster", "missing.csv"], 2, "no such file"),
    (["export", "graded", "--to", "csv", "--roster", "empty"], 2, "is a folder"),
    (["export", "graded", "--to", "csv", "--roster", "pipe.csv"], 2, "not a regular file"),
    (["export", "graded", "--to", "csv", "--roster", "roster.csv", "-o", "empty"], 2,
     "-o empty is a folder"),
    # the bundles
    (["gradescope-bundle", "-o", "empty"], 2, "-o empty is a folder"),
    (["gradescope-bundle", "--config", "bad.toml"], 2, "not valid TOML"),
    (["gradescope-bundle", "--stage", "0"], 2, "stages run from 1 to 7"),
    (["prairielearn-bundle", "-o", "notes.txt"], 2, "-o notes.txt is a file"),
    (["prairielearn-bundle", "--image", "", "-o", "pl"], 2, "--image must name"),
    (["prairielearn-bundle", "--timeout", "0", "-o", "pl"], 2, "the timeout must be"),
]


@pytest.mark.parametrize("argv, status, said", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_each_input_error_has_its_status_and_a_sentence(place, capsys, argv, status, said):
    assert main(argv) == status
    err = capsys.readouterr().err
    assert said in err and f"scratchnet {argv[0]}" in err


def test_nothing_is_written_when_a_command_stops_at_its_input(place, capsys):
    assert main(["grade", "empty"]) == 2
    assert main(["grade", str(ADA), "--nbgrader-assignment", "01_sigmoid"]) == 2
    assert not (place / "scratchnet-out").exists()


@pytest.mark.parametrize("argv", [["grade", str(ADA), "--lang", "xx"],
                                  ["report", "graded", "--lang", "xx"],
                                  ["export", "graded", "--to", "xls", "--roster", "r.csv"],
                                  ["train", "--iterations", "many"], []])
def test_a_bad_command_line_is_argparse_status_2(place, argv):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2


def test_ctrl_c_is_130_without_a_traceback(monkeypatch, capsys):
    from autograder.commands import train

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(train, "run", interrupted)
    assert main(["train"]) == 130
    assert "scratchnet train: interrupted" in capsys.readouterr().err


def test_a_closed_pipe_ends_the_program_quietly(tmp_path):
    command = [sys.executable, "-m", "autograder.cli", "train", "--iterations", "20000",
               "--every", "1"]
    reader = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL)
    done = subprocess.run(command, stdout=reader.stdin, stderr=subprocess.PIPE, text=True,
                          timeout=120, cwd=ROOT)
    reader.stdin.close()
    reader.wait()
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]


def test_every_help_states_the_convention():
    parser = build_parser()
    assert EXIT_STATUS in parser.format_help()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert set(commands) == {"train", "grade", "report", "similarity", "gradescope-bundle",
                             "export", "prairielearn-bundle", "hub"}
    for name, sub in commands.items():
        assert EXIT_STATUS in sub.format_help(), name


def test_the_readmes_state_the_convention():
    english = (ROOT / "README.md").read_text()
    chinese = (ROOT / "README.zh-CN.md").read_text()
    assert "## Exit status" in english and "## 退出状态" in chinese
    for code in ("`0`", "`1`", "`2`", "`130`"):
        assert code in english.split("## Exit status")[1].split("\n## ")[0], code
        assert code in chinese.split("## 退出状态")[1].split("\n## ")[0], code
