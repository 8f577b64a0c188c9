"""Containment measured from outside the submission (issue 12, processes and timers).

Each hostile submission is bounded (1,000 forks, 3 children x 1.5 GiB, sleepers that end
by themselves) so it can never hurt the machine. What is asserted is the machine-level
effect: the peak number of the submission's processes and their memory, read from the
submission's cgroup (the kernel's counters) and sampled from /proc below this process
(``containment_probe``), and that none of its processes is left afterwards. Never
machine-wide totals: other programs share this machine.

Levels: "cgroup" (root with a writable cgroup hierarchy, as on CI), "user" with a root
grader (children switch to an unprivileged user, so RLIMIT_NPROC binds), and a grader
that is itself unprivileged (a subprocess run as nobody).
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from autograder.feedback.markdown import render_markdown
from autograder.grading import grade_submission
from autograder.loading import discover
from autograder.sandbox import (
    CallTimeout,
    Limits,
    Sandbox,
    StudentError,
    cgroup,
    containment,
    launch,
    zygote,
)
from tests import unprivileged
from tests.containment_probe import Sampler, alive, cells_of, children, descendants

pytestmark = pytest.mark.sandbox

REPO = Path(__file__).resolve().parent.parent
GiB = 1024**3
SLOW = Limits(call_timeout=40.0, total_timeout=150.0)
IS_ROOT = os.geteuid() == 0


def _cgroup_works() -> bool:
    try:
        return containment.choose("cgroup").level == "cgroup"
    except containment.ContainmentError:
        return False


HAS_CGROUP = _cgroup_works()
needs_cgroup = pytest.mark.skipif(not HAS_CGROUP, reason="no writable cgroup here")
needs_root = pytest.mark.skipif(not IS_ROOT, reason="needs a root grader")
MODES = [pytest.param({"bubblewrap": False}, id="plain"),
         pytest.param({"bubblewrap": True}, id="bubblewrap-warm",
                      marks=pytest.mark.bwrap),
         pytest.param({"bubblewrap": True, "warm": False}, id="bubblewrap-fresh",
                      marks=pytest.mark.bwrap)]


@pytest.fixture(params=MODES)
def mode(request):
    return request.param


def _left(before: set[int]) -> list[int]:
    """Processes below this one that were not there ``before``, other than idle zygotes
    (kept on purpose for the next submission)."""
    pooled: set[int] = set()
    for idle in list(zygote._idle.values()):
        for warm in idle:
            pooled |= {warm.popen.pid} | descendants(warm.popen.pid)
    return [p for p in descendants(os.getpid()) - before - pooled
            if alive(p) and not _multiprocessing_helper(p)]


def _multiprocessing_helper(pid: int) -> bool:
    """multiprocessing's fork server or resource tracker: our direct children, kept for
    this process's life (grade_batch's pool starts them)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            text = cmdline.read()
    except OSError:
        return False
    helper = b"multiprocessing.forkserver" in text or b"multiprocessing.resource_tracker" in text
    return helper and pid in children(os.getpid())


@pytest.fixture(autouse=True)
def nothing_left_behind():
    """Every test leaves no process below this one and no cgroup of a dead grader."""
    before = descendants(os.getpid())
    yield
    deadline = time.monotonic() + 5
    extra = _left(before)
    while extra and time.monotonic() < deadline:
        time.sleep(0.05)
        extra = _left(before)
    for pid in extra:  # do not leave them to the next test, but fail this one
        os.kill(pid, signal.SIGKILL)
    stale = _stale_cgroups()
    while stale and time.monotonic() < deadline:  # groups are removed in the background
        time.sleep(0.05)
        stale = _stale_cgroups()
    for folder in stale:
        cgroup._remove_tree(folder)
    assert not extra, f"processes left behind: {extra}"
    assert not stale, f"cgroups left behind: {stale}"


def _stale_cgroups() -> list[str]:
    """scratchnet-<pid> folders of processes that are gone, and submission groups left
    in this process's own home (other than those idle zygotes wait in)."""
    found = []
    home = cgroup.current_home()
    waiting: set[str] = set()  # an idle zygote waits in the next submission's group
    for idle in list(zygote._idle.values()):
        for warm in idle:
            warm.settle()
            waiting |= set(warm.prepared.dirs) if warm.prepared else set()
    for top in home.dirs if home else []:
        found += [os.path.join(top, name) for name in os.listdir(top)
                  if os.path.isdir(os.path.join(top, name))
                  and os.path.join(top, name) not in waiting]
    for parent in {os.path.dirname(d) for d in (home.dirs if home else [])}:
        for name in os.listdir(parent):
            pid = name[len(cgroup.PREFIX):]
            if name.startswith(cgroup.PREFIX) and pid.isdigit() and not alive(int(pid)):
                found.append(os.path.join(parent, name))
    return found


@pytest.fixture
def level(monkeypatch):
    """Choose a containment level for this test only: level("user")."""
    def choose(name: str) -> containment.Containment:
        monkeypatch.setenv("SCRATCHNET_SANDBOX", name)
        monkeypatch.setattr(containment, "_chosen", {})
        return containment.current()
    yield choose


def warm_up(mode: dict) -> set[int]:
    """Start one honest sandbox (so an idle zygote exists), then the processes below us:
    whatever appears beyond them belongs to the next submission."""
    with Sandbox(cells_of("honest"), Limits(), **mode) as impl:
        assert impl.sigmoid(0.0) == 0.5
    return descendants(os.getpid())


def run_hostile(name: str, mode: dict, call, memory: bool = False):
    """(value of call(impl), sandbox, sampler) for honest + hostile ``name``."""
    baseline = warm_up(mode)
    box = Sandbox(cells_of("honest") + cells_of(name), SLOW, **mode)
    with Sampler(os.getpid(), baseline, memory=memory) as sampler:
        with box as impl:
            value = call(impl)
            sampler.sample()  # one whole look while they live (a loaded machine samples slowly)
            assert impl.sigmoid(0.0) == 0.5  # the honest part still answers
    assert sampler.left(wait=5.0) == []
    return value, box, sampler


# ----------------------------------------------------------------------------- processes

@pytest.mark.slow
@needs_cgroup
def test_a_fork_bomb_is_capped_by_its_cgroup(mode, level):
    assert level("cgroup").level == "cgroup"
    forked, box, sampler = run_hostile("fork_many", mode, lambda impl: impl.fork_many(1000))
    cap = Limits().max_processes
    assert 200 < forked < cap  # it really tried, and was stopped at the cap
    assert box.containment.startswith("cgroup v")
    assert box.usage.peak_processes <= cap  # the kernel's count, all its processes
    assert 200 < sampler.peak_processes <= cap  # and counted from outside


@pytest.mark.slow
@needs_root
def test_without_a_cgroup_a_root_grader_runs_children_as_a_user_and_nproc_binds(level,
                                                                                monkeypatch):
    chosen = level("user")
    assert chosen.level == "user" and chosen.user is not None and chosen.user.uid != 0
    # The children run as that user: give them numpy, matplotlib and an interpreter it can
    # read (this environment may be private to root, as a venv in a clone under /root is).
    site = unprivileged.runtime_packages()
    python = unprivileged.python_for(chosen.user.uid, [site])
    if python is None:
        pytest.skip(f"no Python with numpy that user {chosen.user.name} can run is installed")
    monkeypatch.setattr(launch, "runtime_site_dirs", lambda: [str(site)])
    monkeypatch.setattr(launch, "python_executable", lambda: python)
    monkeypatch.setattr(launch, "_probe_result", {})  # bubblewrap judged with these, here only
    mode = {"bubblewrap": None}
    forked, box, sampler = run_hostile("fork_many", mode, lambda impl: impl.fork_many(1000))
    cap = Limits().max_processes
    assert box.containment == f"unprivileged user {chosen.user.name}"
    assert box.usage.peak_processes is None  # no cgroup: nothing measured by the kernel
    assert 100 < forked <= cap
    assert 100 < sampler.peak_processes <= cap + 3  # + the child's own three processes
    assert sampler.owners == {chosen.user.uid}  # every process of the submission


NON_ROOT_SCRIPT = """
import json, os
from tests.containment_probe import Sampler, cells_of, descendants
from autograder.sandbox import Limits, Sandbox
with Sandbox(cells_of("honest"), Limits()) as impl:
    impl.sigmoid(0.0)
baseline = descendants(os.getpid())
box = Sandbox(cells_of("honest") + cells_of("fork_many"), Limits(call_timeout=40))
with Sampler(os.getpid(), baseline) as sampler:
    with box as impl:
        forked = impl.fork_many(1000)
print(json.dumps({"forked": forked, "peak": sampler.peak_processes, "uid": os.getuid(),
                  "containment": box.containment, "left": sampler.left(5.0)}))
"""
#: What the unprivileged grader imports of this checkout (copied: it may not read the clone).
NON_ROOT_CODE = ["autograder", "tests/__init__.py", "tests/containment_probe.py",
                 "tests/hostile"]


@pytest.mark.slow
@needs_root
def test_an_unprivileged_grader_caps_processes_with_rlimit_nproc():
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("no setpriv")
    with unprivileged.readable_folder() as folder:
        code = unprivileged.copy_checkout(folder / "code", NON_ROOT_CODE)
        site = unprivileged.runtime_packages()
        python = unprivileged.python_for(65534, [code, site], imports="numpy, autograder")
        if python is None:
            pytest.skip("no Python with numpy that user 65534 can run is installed")
        home = folder / "home"  # its home, temporary folder and working directory
        home.mkdir()
        os.chown(home, 65534, 65534)
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", python,
                   "-s", "-c", NON_ROOT_SCRIPT]
        env = {"PATH": os.environ["PATH"], "HOME": str(home), "TMPDIR": str(home),
               "PYTHONPATH": os.pathsep.join([str(code), str(site)])}
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env,
                              cwd=home)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["uid"] == 65534
    assert report["containment"] == "unprivileged user nobody"
    cap = Limits().max_processes
    assert 100 < report["forked"] <= cap
    assert report["peak"] <= cap + 3
    assert report["left"] == []
    assert "containment: unprivileged user nobody" in done.stderr


# ----------------------------------------------------------------------------- memory

@pytest.mark.slow
@needs_cgroup
def test_memory_split_over_children_is_capped_by_the_cgroup(mode, level):
    level("cgroup")
    (filled, living), box, sampler = run_hostile(
        "memory_children", mode, lambda impl: impl.hog(3, 3 * GiB // 2), memory=True)
    cap = Limits().memory_bytes
    assert filled <= 1 and living <= 1  # 2 x 1.5 GiB cannot fit in 2 GiB together
    assert box.usage.oom_kills >= 1
    assert box.usage.peak_memory <= cap  # the kernel's peak over all its processes
    assert sampler.peak_memory <= cap + 64 * 1024**2  # PSS summed from outside


# ----------------------------------------------------------------------------- kills

STUCK = '''
import os, signal, time

def stuck():
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM, signal.SIGINT})
    if os.fork() == 0:
        os.setsid()
        time.sleep(60)
        os._exit(0)
    time.sleep(60)
'''


@pytest.mark.slow  # waits out a deadline or draws every figure: over 1 s
@pytest.mark.parametrize("with_cgroup", [pytest.param(True, marks=needs_cgroup, id="cgroup"),
                                         pytest.param(False, id="no-cgroup")])
def test_a_timed_out_call_leaves_no_process_of_the_submission(mode, with_cgroup, monkeypatch):
    if not with_cgroup:  # the namespace's init (bubblewrap) or the supervisor must do it
        monkeypatch.setattr(containment, "_chosen",
                            {os.getpid(): containment.Containment("rlimits")})
    baseline = warm_up(mode)
    limits = Limits(call_timeout=1.0, total_timeout=60.0)
    box = Sandbox(cells_of("honest") + [STUCK], limits, **mode)
    with Sampler(os.getpid(), baseline, interval=0.01) as sampler:
        with box as impl:
            with pytest.raises(CallTimeout):
                impl.stuck()
            gone_by = time.monotonic() + 1.0
            left = sampler.left(wait=1.0)  # within a second of the timeout, not at close
            assert left == [] and time.monotonic() <= gone_by + 0.5
            assert impl.sigmoid(0.0) == 0.5  # restarted for the remaining checks
    assert sampler.peak_processes >= 4  # the worker and its sleeper were seen
    assert (box.usage.peak_processes is not None) == with_cgroup


# ----------------------------------------------------------------------------- timers

@pytest.mark.slow
def test_hanging_str_and_repr_stay_under_the_call_timeout(mode):
    limits = Limits(call_timeout=1.0, total_timeout=60.0)
    box = Sandbox(cells_of("hanging_str") + ["raise Endless()"], limits, **mode)
    with box as impl:
        with pytest.raises(StudentError) as raised:  # message lost to the timer, type kept
            impl.raise_endless()
        assert raised.value.type_name == "Endless" and raised.value.message == ""
        with pytest.raises(CallTimeout):
            impl.return_opaque()
        with pytest.raises(CallTimeout):
            getattr(impl, "sneaky")  # noqa: B009 (the lookup itself is the test)
        assert box.generation == 0  # the child was never killed: every timer was its own
    assert box.notes == ["cell 2 skipped: Endless (line 1)"]


# ----------------------------------------------------------------------------- seeding

def test_unseeded_randomness_is_seeded_from_the_grading_seed(mode):
    def draws(seed):
        with Sandbox(cells_of("unseeded"), Limits(), seed=seed, **mode) as impl:
            return impl.draws()

    first, again, other = draws(7), draws(7), draws(8)
    assert first == again
    assert first != other


UNSEEDED_SUBMISSION = '''
import numpy as np

def sigmoid(z):
    noise = np.random.rand(*np.shape(z)) * 1e-3
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float))) + noise
'''


def test_grading_twice_gives_the_same_feedback_for_unseeded_randomness(tmp_path):
    (tmp_path / "rand.py").write_text(UNSEEDED_SUBMISSION)
    [submission] = discover([tmp_path / "rand.py"])
    first = render_markdown(grade_submission(submission, (1,)))
    second = render_markdown(grade_submission(submission, (1,)))
    assert "0.5" in first or "sigmoid" in first
    assert first == second


# ----------------------------------------------------------------------------- the batch

def _class_folder(folder: Path, hostile: dict[str, str]) -> None:
    honest = (REPO / "tests" / "hostile" / "honest.py").read_text()
    (folder / "ann.py").write_text(honest)
    for student, name in hostile.items():
        call = {"fork_many": "fork_many(1000)",
                "memory_children": "hog(3, 3 * 1024**3 // 2, wait=8.0)"}[name]
        (folder / f"{student}.py").write_text(
            honest + "\n" + (REPO / "tests" / "hostile" / f"{name}.py").read_text()
            + f"\n# %%\n{call}\n")


def _points(outcome) -> dict[str, list[tuple[str, int]]]:
    return {r.student: [(c.name, c.points) for c in r.checks] for r in outcome.results}


@pytest.mark.slow
@needs_cgroup
def test_honest_classmates_get_the_scores_they_get_alone(tmp_path, level):
    from autograder.batch import grade_batch

    level("cgroup")
    alone_dir, class_dir = tmp_path / "alone", tmp_path / "class"
    alone_dir.mkdir()
    class_dir.mkdir()
    (alone_dir / "ann.py").write_text((REPO / "tests" / "hostile" / "honest.py").read_text())
    _class_folder(class_dir, {"bob": "fork_many", "cat": "memory_children"})
    alone = grade_batch(discover([alone_dir]), tmp_path / "out-alone", workers=1)
    together = grade_batch(discover([class_dir]), tmp_path / "out-class", workers=2)
    assert not together.failures
    assert _points(together)["ann"] == _points(alone)["ann"]
    assert sum(p for _, p in _points(alone)["ann"]) > 0


# ----------------------------------------------------------------------------- grader death

@pytest.mark.slow
@pytest.mark.bwrap
def test_kill_9_of_the_grader_leaves_none_of_its_processes(tmp_path):
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    hanging = (REPO / "tests" / "hostile" / "honest.py").read_text() + textwrap.dedent('''
        # %%
        import time
        def train(*args, **kwargs):
            while True:
                time.sleep(0.01)
        ''')
    for student in ("a", "b", "c", "d"):
        (class_dir / f"{student}.py").write_text(hanging)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    grader = subprocess.Popen(
        [sys.executable, "-m", "autograder.cli", "grade", str(class_dir), "--workers", "2",
         "--out", str(tmp_path / "out")], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:  # until both workers run a sandbox
            seen |= descendants(grader.pid)
            sandboxes = [p for p in seen if alive(p) and _is_bwrap(p)]
            if len(sandboxes) >= 2:
                break
            time.sleep(0.05)
        time.sleep(1.0)
        seen |= descendants(grader.pid)
        assert len([p for p in seen if alive(p) and _is_bwrap(p)]) >= 2
        os.kill(grader.pid, signal.SIGKILL)
        grader.wait()
        killed = time.monotonic()
        while [p for p in seen if alive(p)] and time.monotonic() < killed + 5.0:
            time.sleep(0.02)
        left = [p for p in seen if alive(p)]
    finally:
        for pid in seen | descendants(grader.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    assert left == [], f"{len(left)} processes of the grader left 5 s after kill -9"
    # Its cgroup folders may outlive it, empty; the next grader to start removes them:
    home = cgroup.find_home()
    for parent in {os.path.dirname(folder) for folder in home.dirs}:
        cgroup.sweep(parent)


def _is_bwrap(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().startswith(b"/usr/bin/bwrap")
    except OSError:
        return False


# ----------------------------------------------------------------------------- detection

MOUNTINFO_V1 = """\
30 25 0:26 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
31 25 0:27 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
32 25 0:28 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
"""
CGROUPS_V1 = "8:pids:/\n4:memory:/process_api/abc\n0::/\n"


def test_v1_hierarchies_are_found_from_the_mount_table_and_membership():
    mounts = cgroup._mounts(MOUNTINFO_V1)
    members = cgroup._memberships(CGROUPS_V1)
    assert cgroup._v1_dirs(mounts, members) == {
        "pids": "/sys/fs/cgroup/pids/", "memory": "/sys/fs/cgroup/memory/process_api/abc"}
    assert cgroup._v2_dir(mounts, members) is None or "pids" in open(
        "/sys/fs/cgroup/unified/cgroup.controllers").read()


def test_v2_is_used_only_where_it_offers_pids_and_memory(tmp_path):
    own = tmp_path / "user.slice" / "grader.scope"
    own.mkdir(parents=True)
    mountinfo = f"40 1 0:30 / {tmp_path} rw - cgroup2 cgroup2 rw\n"
    members = cgroup._memberships("0::/user.slice/grader.scope\n")
    (own / "cgroup.controllers").write_text("cpu io\n")
    assert cgroup._v2_dir(cgroup._mounts(mountinfo), members) is None
    (own / "cgroup.controllers").write_text("cpu memory pids\n")
    assert cgroup._v2_dir(cgroup._mounts(mountinfo), members) == str(own)
    leaf = own / cgroup.LEAF  # a worker of a grader that moved itself into its leaf
    leaf.mkdir()
    members = cgroup._memberships(f"0::/user.slice/grader.scope/{cgroup.LEAF}\n")
    assert cgroup._v2_dir(cgroup._mounts(mountinfo), members) == str(own)


@needs_cgroup
def test_folders_of_a_killed_grader_are_swept_by_the_next(level):
    home = level("cgroup").home
    parent = os.path.dirname(home.dirs[0])
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = os.path.join(parent, f"{cgroup.PREFIX}{dead.pid}")
    os.makedirs(os.path.join(stale, "s1"))
    cgroup.sweep(parent)
    assert not os.path.exists(stale)
    assert os.path.isdir(home.dirs[0])  # a living grader's folder stays


def test_a_forced_level_that_cannot_be_had_is_a_start_error(monkeypatch):
    monkeypatch.setattr(cgroup, "find_home", lambda: (_ for _ in ()).throw(
        cgroup.CgroupError(13, "not writable")))
    with pytest.raises(containment.ContainmentError, match="SCRATCHNET_SANDBOX=cgroup"):
        containment.choose("cgroup")
    assert containment.choose("auto").level in ("user", "rlimits")


def test_the_level_is_said_once_per_grader(monkeypatch, caplog):
    monkeypatch.delenv(containment.SAID, raising=False)
    monkeypatch.setattr(containment, "_chosen", {})
    with caplog.at_level("WARNING", logger="autograder.sandbox"):
        for _ in range(3):
            with Sandbox(["x = 1"], Limits()) as impl:
                assert impl.x == 1
    said = [r.getMessage() for r in caplog.records if "containment:" in r.getMessage()]
    assert len(said) == 1
