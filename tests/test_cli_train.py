"""`scratchnet train` prints the article's result and draws it."""

import re
import subprocess
import sys

import pytest

from autograder.cli import main


def test_train_prints_falling_loss_and_predictions(capsys):
    assert main(["train"]) == 0
    out = capsys.readouterr().out
    losses = [float(x) for x in re.findall(r"loss (\d+\.\d+)", out)]
    assert len(losses) >= 5
    assert losses == sorted(losses, reverse=True)
    assert 1.0 < losses[0] < 1.6 and losses[-1] < 0.01
    rows = re.findall(r"^\s+([01])\s+(\d\.\d{4})$", out, flags=re.M)
    assert [int(t) for t, _ in rows] == [0, 1, 1, 0]
    assert all(abs(int(t) - float(p)) < 0.1 for t, p in rows)


def test_train_options_change_the_run(capsys):
    assert main(["train", "--iterations", "10", "--learning-rate", "0.5", "--seed", "3",
                 "--every", "5"]) == 0
    out = capsys.readouterr().out
    assert "10 iterations, learning rate 0.5, weight seed 3" in out
    assert len(re.findall(r"iteration\s+\d+\s+loss", out)) == 2


def test_train_plot_writes_a_png(tmp_path):
    png = tmp_path / "loss.png"
    assert main(["train", "--iterations", "50", "--plot", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("option, value, said", [
    ("--iterations", "0", "at least 1"), ("--every", "0", "at least 1"),
    ("--learning-rate", "nan", "finite"), ("--iterations", str(10**13), "too many")])
def test_train_rejects_bad_options_with_exit_2(capsys, option, value, said):
    assert main(["train", option, value]) == 2
    assert said in capsys.readouterr().err


def test_console_script_help_runs():
    out = subprocess.run([sys.executable, "-m", "autograder.cli", "train", "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "--plot" in out and "--learning-rate" in out


@pytest.mark.parametrize("plot, said", [("missing/dir/x.png", "its folder does not exist"),
                                        ("x.weird", "not an image format"),
                                        (".", "is a folder")])
def test_a_plot_path_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path, plot, said):
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "train", "--iterations", "5",
                           "--plot", str(tmp_path / plot)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert said in done.stderr and "Traceback" not in done.stderr
