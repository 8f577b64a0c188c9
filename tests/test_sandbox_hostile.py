"""Hostile submissions (tests/hostile/*.py): the grader survives, the submission loses only
what it broke, and nothing outside its sandbox is affected.

Each fixture is a script whose ``# %%`` lines separate cells; a ``# %% honest`` line marks
where the honest, correct submission (tests/hostile/honest.py) goes (default: first).
Checks are the real registry's, run through ``run_checks`` exactly as the grader does.
"""

import builtins
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from autograder.checks.runner import run_checks
from autograder.grading import grade_submission
from autograder.loading import discover
from autograder.sandbox import (
    CallTimeout,
    ChildDied,
    Limits,
    MemoryLimit,
    RemoteObject,
    Sandbox,
    StudentError,
    Unrepresentable,
    probe_bwrap,  # noqa: F401 (named in a skipif condition, evaluated at setup)
    zygote,
)
from autograder.sandbox.kernel import FULL, kernel_confinement  # noqa: F401 (a skipif's names)
from tests.lazy import LazyModule

pytestmark = pytest.mark.sandbox

make_samples = LazyModule("course_data.make_sample_submissions")  # imports nbformat
HOSTILE = Path(__file__).parent / "hostile"
REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "course_data" / "sample_submissions"
SEED = 20240601
FAST = Limits(call_timeout=1.0, total_timeout=60.0)
CORE = (1, 2, 3, 4, 5)  # the stages honest.py implements
ALLCLOSE = np.allclose

needs_bwrap = pytest.mark.bwrap
MODES = [pytest.param("rlimits", id="rlimits"),
         pytest.param("warm", id="bubblewrap", marks=needs_bwrap),
         pytest.param("fresh", id="bubblewrap-fresh", marks=needs_bwrap)]
#: Under bubblewrap, children forked from a warm zygote, or each in a fresh bubblewrap (the
#: fallback when a zygote cannot be used; what SCRATCHNET_SANDBOX_WARM=0 asks for).
STARTS = [pytest.param("warm", id="warm"), pytest.param("fresh", id="fresh")]


def _start(how: str, monkeypatch) -> None:
    if how == "fresh":
        monkeypatch.setenv("SCRATCHNET_SANDBOX_WARM", "0")
        monkeypatch.setattr(zygote, "acquire", lambda *_: pytest.fail("a zygote was asked for"))


@pytest.fixture(params=MODES)
def bubblewrap(request, monkeypatch):
    """False (resource limits only) or True (bubblewrap, warm or fresh: see STARTS)."""
    _start(request.param, monkeypatch)
    return request.param != "rlimits"


@pytest.fixture(params=STARTS)
def bubblewrap_start(request, monkeypatch):
    """For a test under bubblewrap: its children warm, or each in a fresh bubblewrap."""
    _start(request.param, monkeypatch)
    return request.param


def cells_of(name: str, **replace: str) -> list[str]:
    """The cells of tests/hostile/<name>.py, with the honest submission's cells spliced in."""
    text = (HOSTILE / f"{name}.py").read_text()
    for old, new in replace.items():
        text = text.replace(old, new)
    parts = re.split(r"^# %%(.*)$", text, flags=re.MULTILINE)
    cells: list[str] = []
    honest_placed = False
    for tag, body in zip(parts[1::2], parts[2::2], strict=True):
        if tag.strip() == "honest":
            cells += cells_of("honest") if name != "honest" else []
            honest_placed = True
        else:
            cells.append(body.removeprefix("\n"))
    if name != "honest" and not honest_placed:
        cells = cells_of("honest") + cells
    return cells


def grade(cells, bubblewrap, limits=FAST, stages=CORE):
    """(sandbox, {check name: result}) for the cells, through the real runner."""
    box = Sandbox(cells, limits, bubblewrap=bubblewrap)
    with box as impl:
        results = run_checks(impl, stages, seed=SEED)
    return box, {result.name: result for result in results}


def passed_stages(results) -> set[int]:
    stages = {r.stage for r in results.values()}
    return {s for s in stages if all(r.passed for r in results.values() if r.stage == s)}


def failed(results) -> dict[str, str]:
    return {name: r.message for name, r in results.items() if not r.passed}


@pytest.fixture(scope="module")
def honest_results():
    _, results = grade(cells_of("honest"), False)
    return results


def test_the_honest_baseline_earns_full_marks(honest_results):
    assert failed(honest_results) == {}
    assert passed_stages(honest_results) == {1, 2, 3, 4, 5}


@pytest.mark.slow  # waits out a deadline or draws every figure: over 1 s
def test_endless_loop_at_import_costs_only_that_cell(bubblewrap, honest_results):
    box, results = grade(cells_of("loop_at_import"), bubblewrap, stages=[1, 2, 3, 4])
    assert failed(results) == {}
    assert box.notes[0] == "cell 1 stopped: still running after 1 s (an endless loop?)"


@pytest.mark.slow  # waits out a deadline or draws every figure: over 1 s
def test_uninterruptible_loop_at_import_is_killed_and_the_cell_skipped(bubblewrap):
    box, results = grade(cells_of("loop_at_import_unstoppable"), bubblewrap, stages=[1, 2])
    assert failed(results) == {}
    assert box.notes == ["cell 1 skipped: still running after 1 s and could not be "
                         "interrupted"]


@pytest.mark.slow  # waits out a deadline or draws every figure: over 1 s
def test_endless_loop_in_a_function_fails_only_its_checks(bubblewrap):
    _, results = grade(cells_of("loop_in_function"), bubblewrap)
    lost = failed(results)
    assert lost, "train never returns: its checks must fail"
    assert passed_stages(results) == {1, 2, 3, 4}
    assert all(results[name].stage == 5 and "still running" in message
               for name, message in lost.items())


@pytest.mark.slow
def test_memory_exhaustion_fails_cleanly(bubblewrap):
    limits = Limits(call_timeout=5.0, memory_bytes=512 * 1024**2)
    box, results = grade(cells_of("memory_hog"), bubblewrap, limits, stages=[1, 2, 3, 4])
    assert box.notes[0].startswith("cell 1 skipped: MemoryError: Unable to allocate")
    assert box.notes[1] == "cell 2 skipped: MemoryError (line 4)"
    lost = failed(results)
    assert {results[name].stage for name in lost} == {3}
    assert passed_stages(results) == {1, 2, 4}
    assert all("ran out of memory" in message for message in lost.values())
    with Sandbox(cells_of("memory_hog"), limits, bubblewrap=bubblewrap) as impl:
        with pytest.raises(MemoryLimit, match="the limit is 0.5 GiB"):
            impl.sse_loss(np.zeros((4, 1)), np.ones((4, 1)))
        assert impl.sigmoid(0.0) == 0.5  # the child lives on


def test_exit_and_keyboard_interrupt_stay_in_the_child(bubblewrap):
    box, results = grade(cells_of("exits"), bubblewrap, stages=[1, 2, 3, 4])
    assert box.notes[:2] == [
        "cell 1 stopped: it called exit() (sys.exit), which grading ignores",
        "cell 2 skipped: KeyboardInterrupt (line 1)"]
    assert passed_stages(results) == {2, 4}
    lost = failed(results)
    assert {results[name].stage for name in lost} == {1, 3}
    assert all("KeyboardInterrupt" in m or "SystemExit" in m or "exit" in m
               for m in lost.values())


def test_os_exit_in_a_function_fails_that_function(bubblewrap):
    _, results = grade(cells_of("hard_exit"), bubblewrap, stages=[1, 2, 3, 4])
    assert passed_stages(results) == {1, 2, 3}
    lost = failed(results)
    assert lost and all(results[n].stage == 4 and "exited with status 3" in m
                        for n, m in lost.items())


def marked_processes(marker: str) -> list[int]:
    """Pids of live processes whose command line contains ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != "Z":
            found.append(int(entry))
    return found


def test_child_processes_and_daemons_are_gone_after_close(bubblewrap):
    marker = f"scratchnet-sleeper-{uuid.uuid4().hex}"
    with Sandbox(cells_of("child_processes", MARKER=marker), FAST,
                 bubblewrap=bubblewrap) as impl:
        assert impl.daemonise() is True
        deadline = time.monotonic() + 5
        while len(marked_processes(marker)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(marked_processes(marker)) == 2  # the Popen child and the daemon
    deadline = time.monotonic() + 5
    while marked_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marked_processes(marker) == []


def test_forged_output_and_result_files_change_nothing(bubblewrap, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    box = Sandbox(cells_of("forged_output"), FAST, bubblewrap=bubblewrap)
    with box as impl:
        assert {"results.json", "gradebook.csv"} <= set(impl.files_here())
        results = {r.name: r for r in run_checks(impl, [1, 2], seed=SEED)}
    assert failed(results) == {}
    assert '"score": 100.0' in box.stdout  # captured, never parsed
    assert list(tmp_path.iterdir()) == []


def test_monkeypatched_numpy_and_builtins_fool_nothing(bubblewrap):
    wrong = ["import numpy as np\ndef sigmoid(z):\n"
             "    return np.zeros_like(np.asarray(z, dtype=float)) + 0.5\n"]
    _, patched = grade(cells_of("monkeypatch_numpy"), bubblewrap, stages=[1])
    _, plain = grade(cells_of("honest") + wrong, bubblewrap, stages=[1])
    assert not patched["sigmoid_values"].passed
    assert not plain["sigmoid_values"].passed
    # The patches break the submission's own numpy in its child; they never help it.
    assert {n for n, r in patched.items() if r.passed} <= {n for n, r in plain.items()
                                                          if r.passed}
    assert np.allclose is ALLCLOSE and builtins.isinstance(1, str) is False


def test_lying_values_arrive_as_their_true_values(bubblewrap):
    with Sandbox(cells_of("lying_values"), FAST, bubblewrap=bubblewrap) as impl:
        out = impl.sigmoid(np.zeros(3))
        assert type(out) is np.ndarray and out.tolist() == [0.0, 0.0, 0.0]
        loss = impl.sse_loss(np.zeros((4, 1)), np.ones((4, 1)))
        assert type(loss) is float and loss == -1.0
        first, second = impl.feedforward(np.ones((4, 3)), np.ones((3, 4)), np.ones((4, 1)))
        assert isinstance(first, RemoteObject)  # the student's own class: stays remote
        with pytest.raises(TypeError, match="where a number or an array was expected"):
            np.asarray(first, dtype=float)
        generator = impl.make_generator()
        assert isinstance(generator, Unrepresentable) and generator.type_name == "generator"
        results = {r.name: r for r in run_checks(impl, [1, 2, 3], seed=SEED)}
    for name in ("sigmoid_values", "sse_loss_values", "sse_loss_zero_for_equal",
                 "feedforward_values"):
        assert not results[name].passed, name


def test_killing_its_parent_or_process_group_leaves_the_grader_alive(bubblewrap):
    me = os.getpid()
    _, results = grade(cells_of("kill_parent"), bubblewrap, stages=[1, 2, 3, 4])
    assert os.getpid() == me  # still here
    assert passed_stages(results) == {2, 4}
    for name, message in failed(results).items():
        if name.startswith("sigmoid_derivative"):  # killed its "parent", a decoy: got None
            assert "but it is None" in message
        else:  # killed its own process group
            assert name.startswith("sse_loss") and "killed by signal 9" in message
    assert results["sigmoid_values"].passed


def test_another_submission_is_graded_as_if_the_hostile_one_were_not_there(
        bubblewrap, honest_results):
    honest = Sandbox(cells_of("honest"), FAST, bubblewrap=bubblewrap)
    hostile = Sandbox(cells_of("kill_parent"), FAST, bubblewrap=bubblewrap)
    with honest as impl, hostile as evil:
        assert evil.sigmoid_derivative(0.0) is None
        with pytest.raises(ChildDied):
            evil.sse_loss(np.zeros((4, 1)), np.ones((4, 1)))
        results = {r.name: r for r in run_checks(impl, CORE, seed=SEED)}
    assert {n: (r.points, r.message) for n, r in results.items()} == {
        n: (r.points, r.message) for n, r in honest_results.items()}


def test_flooding_stdout_is_capped_and_harmless(bubblewrap):
    box, results = grade(cells_of("flood_stdout"), bubblewrap, stages=[1])
    assert failed(results) == {}
    assert 64 * 1024 <= len(box.stdout) < 65 * 1024
    assert "more bytes of output were not kept" in box.stdout


def test_planted_modules_in_the_working_directory_never_run(bubblewrap):
    box = Sandbox(cells_of("plant_files"), FAST, bubblewrap=bubblewrap)
    with box as impl:
        assert "planted_module.py" in impl.planted_here()
        where = impl.where_numpy()
        assert where.endswith("numpy/__init__.py") and not where.startswith("/sandbox")
        assert "scratchnet-sandbox-" not in where  # not the working directory's numpy.py
        results = {r.name: r for r in run_checks(impl, [1, 2], seed=SEED)}
    assert failed(results) == {}
    assert box.notes == ["cell 2 skipped: ModuleNotFoundError: No module named "
                         "'planted_module' (line 1)"]
    with Sandbox(["import os\nfiles = sorted(os.listdir('.'))\n"], FAST,
                 bubblewrap=bubblewrap) as fresh:
        assert fresh.files == []


def test_the_course_cannot_be_imported_and_the_environment_does_not_leak(
        bubblewrap, monkeypatch):
    monkeypatch.setenv("SCRATCHNET_TEST_SECRET", "do-not-leak")
    box = Sandbox(cells_of("read_solution"), FAST, bubblewrap=bubblewrap)
    with box as impl:
        assert "SCRATCHNET_TEST_SECRET" not in impl.environment()
    assert box.notes == [
        "cell 1 skipped: ModuleNotFoundError: No module named 'solutions' (line 1)",
        "cell 2 skipped: ModuleNotFoundError: No module named 'autograder' (line 1)"]


@needs_bwrap
def test_under_bubblewrap_the_course_and_other_submissions_are_invisible(tmp_path,
                                                                        bubblewrap_start):
    other = tmp_path / "submissions" / "other_student"
    other.mkdir(parents=True)
    (other / "work.py").write_text("secret = 1\n")
    with Sandbox(cells_of("read_solution"), FAST, bubblewrap=True) as impl:
        for path in (REPO / "solutions" / "activations.py",
                     REPO / "autograder" / "checks" / "runner.py", other / "work.py"):
            with pytest.raises(StudentError) as caught:
                impl.peek(str(path))
            assert caught.value.type_name == "FileNotFoundError"
        for folder in (REPO, REPO / "solutions", tmp_path):
            with pytest.raises(StudentError, match="No such file"):
                impl.listing(str(folder))
        assert impl.listing("/sandbox") == []


@needs_bwrap
def test_under_bubblewrap_files_outside_the_sandbox_cannot_be_deleted(tmp_path,
                                                                      bubblewrap_start):
    other = tmp_path / "other_student"
    other.mkdir()
    (other / "work.py").write_text("secret = 1\n")
    limits = Limits(call_timeout=30.0, total_timeout=60.0)
    with Sandbox(cells_of("delete_files"), limits, bubblewrap=True) as impl:
        with pytest.raises(StudentError) as caught:
            impl.delete(str(other))
        assert caught.value.type_name == "FileNotFoundError"
        assert impl.delete_everything() == 0
    assert (other / "work.py").read_text() == "secret = 1\n"


@needs_bwrap
def test_under_bubblewrap_there_is_no_network(bubblewrap_start):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    try:
        with Sandbox(cells_of("network"), FAST, bubblewrap=True) as impl:
            with pytest.raises(StudentError) as caught:
                impl.connect("127.0.0.1", port)
            assert caught.value.type_name in ("ConnectionRefusedError", "OSError",
                                              "TimeoutError")
            # No interface but its own loopback: no route off the machine either (shown
            # without sending a packet anywhere but to the test's own listener).
            assert impl.interfaces() == ["lo"]
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()


def listen_on_ivans_port() -> socket.socket:
    """A listener on the loopback port the sample class's hostile student phones home to."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", make_samples.PHONE_HOME_PORT))
    except OSError as error:
        listener.close()
        pytest.skip(f"port {make_samples.PHONE_HOME_PORT} is taken here: {error}")
    listener.listen(1)
    listener.settimeout(5)
    return listener


def test_ivan_phones_home_for_real_when_nothing_stops_him(tmp_path):
    """The sample hostile student's network attempt is a real one: his phone-home lines, run
    by a plain Python, reach a listener on his port (so the test below means something)."""
    source = (SAMPLES / "ivan.py").read_text()
    phone_home = source[source.index("# Phone home"):source.index("# Make every comparison")]
    with listen_on_ivans_port() as listener:
        done = subprocess.run([sys.executable, "-c", "import socket\n" + phone_home],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        connection, _ = listener.accept()
        with connection:
            connection.settimeout(5)
            assert connection.recv(64) == b"ivan was here"


@pytest.mark.skipif("probe_bwrap() is None and kernel_confinement() != FULL",  # at setup
                    reason="neither bubblewrap nor the kernel can confine the network here")
def test_ivan_graded_as_the_grader_grades_him_cannot_phone_home():
    """Graded as `scratchnet grade` grades him, the same attempt reaches nothing: the
    sandbox's loopback is not the grader's."""
    ivan = next(s for s in discover([SAMPLES]) if s.student == "ivan")
    with listen_on_ivans_port() as listener:
        result = grade_submission(ivan)
        listener.settimeout(0.5)
        with pytest.raises(socket.timeout):
            listener.accept()
    assert result.score == 0


def test_a_call_timeout_is_reported_once_then_fails_fast(bubblewrap):
    with Sandbox(cells_of("loop_in_function"), FAST, bubblewrap=bubblewrap) as impl:
        started = time.monotonic()
        with pytest.raises(CallTimeout):
            impl.train(np.ones((4, 3)), np.ones((4, 1)), np.ones((3, 4)), np.ones((4, 1)))
        with pytest.raises(CallTimeout):
            impl.train(np.ones((4, 3)), np.ones((4, 1)), np.ones((3, 4)), np.ones((4, 1)))
        assert time.monotonic() - started < 10
        assert impl.sigmoid(0.0) == 0.5
