"""Beginning the first sandbox early: the containment, a zygote's boot standing for the
bubblewrap probe, and the checks' shared reference."""

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder.sandbox import launch

REPO = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: probe results, zygotes and the containment are per process.
FIRST_SANDBOX = textwrap.dedent("""
    import json, subprocess
    from autograder.sandbox import Limits, Sandbox, launch, prestart, zygote

    boots, probes = [], []
    real_init, real_run = zygote.Zygote.__init__, subprocess.run
    def init(self, *args, **kwargs):
        boots.append(1)
        real_init(self, *args, **kwargs)
    def run(argv, *args, **kwargs):
        probes.append(argv)
        return real_run(argv, *args, **kwargs)
    zygote.Zygote.__init__ = init
    launch.subprocess.run = run
    prestart(Limits()).result()
    ready = {"boots": len(boots), "probes": len(probes)}
    sandbox = Sandbox(["def f(x):\\n    return x + 1\\n"], limits=Limits())
    with sandbox as impl:
        value = impl.f(1)
    print(json.dumps({"ready": ready, "boots": len(boots), "probes": len(probes),
                      "value": value, "isolation": sandbox.isolation}))
""")


@pytest.mark.bwrap
def test_the_first_sandbox_forks_from_the_zygote_prestart_booted_and_no_probe_runs():
    done = subprocess.run([sys.executable, "-c", FIRST_SANDBOX], cwd=REPO, check=True,
                          capture_output=True, text=True, timeout=120)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["ready"] == {"boots": 1, "probes": 0}  # the boot stood for the probe
    assert seen["boots"] == 1 and seen["probes"] == 0  # the sandbox started no other
    assert seen["value"] == 2 and seen["isolation"] == "bubblewrap"


@pytest.mark.bwrap
def test_a_proof_that_fails_leaves_the_probe_to_decide():
    asked = []

    def proof(bwrap: str) -> bool:
        asked.append(bwrap)
        return False

    assert launch._probe([], proof) == shutil.which("bwrap")
    assert asked == [shutil.which("bwrap")]


def test_without_bubblewrap_no_proof_is_asked_for(monkeypatch):
    monkeypatch.setattr(launch.shutil, "which", lambda name: None)
    asked = []
    assert launch._probe([], lambda bwrap: asked.append(bwrap) or True) is None
    assert asked == []


def test_the_shared_reference_is_computed_in_the_background():
    """prepare_in_background fills course_reference's cache in a thread of its own with the
    reference's 1500 iterations on the course; the checks then use that result, computing
    nothing again."""
    import threading

    import numpy as np

    import solutions
    from autograder.checks import REGISTRY
    from autograder.checks.runner import prepare_in_background, run_check
    from autograder.checks.stage5_training import COURSE_X, COURSE_Y, course_reference
    from autograder.contract import reference
    from course_data import load_initial_weights

    course_reference.cache_clear()
    thread = prepare_in_background()
    assert thread is not threading.current_thread() and thread.daemon
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert course_reference.cache_info()[:2] == (0, 1)  # no hit, one miss: the thread's call
    W1, W2, losses, outputs = course_reference()
    assert course_reference.cache_info()[:2] == (1, 1)  # this call was the thread's result
    expected_W1, expected_W2, expected_losses = solutions.train(
        COURSE_X, COURSE_Y, *load_initial_weights(), iterations=1500, learning_rate=1.0)
    np.testing.assert_allclose(W1, expected_W1, rtol=1e-12)
    np.testing.assert_allclose(W2, expected_W2, rtol=1e-12)
    np.testing.assert_allclose(losses, expected_losses, rtol=1e-12)
    assert len(outputs) == 12 and outputs[-1].shape == COURSE_Y.shape
    check = next(c for c in REGISTRY if c.name == "network_training")
    assert run_check(check, reference(), 0).passed
    hits, misses = course_reference.cache_info()[:2]
    assert misses == 1 and hits > 1  # the check read the cached reference


WARM_FIRST = textwrap.dedent("""
    import json, sys
    from autograder.sandbox import Limits, Sandbox, prestart, zygote

    asked = []
    real = zygote.Zygote.preload
    def preload(self, modules):
        asked.append(list(modules))
        real(self, modules)
    zygote.Zygote.preload = preload
    prestart(Limits(), warm=("matplotlib", "matplotlib.pyplot")).result()
    cells = ["import matplotlib.pyplot as plt\\nimport sys\\n"
             "def loaded():\\n    return 'matplotlib.pyplot' in sys.modules\\n"]
    with Sandbox(cells, limits=Limits()) as impl:
        print(json.dumps({"asked": asked, "loaded": impl.loaded()}))
""")


@pytest.mark.bwrap
def test_a_zygote_prestarted_with_warm_modules_imports_them_for_the_first_child():
    done = subprocess.run([sys.executable, "-c", WARM_FIRST], cwd=REPO, check=True,
                          capture_output=True, text=True, timeout=120)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["asked"][0] == ["matplotlib", "matplotlib.pyplot"] and seen["loaded"]


def test_the_grader_warms_matplotlib_only_for_code_that_names_it(tmp_path):
    from autograder.loading import discover
    from autograder.workers import _likely_imports

    (tmp_path / "plots").mkdir()
    (tmp_path / "plots" / "a.py").write_text("import matplotlib.pyplot as plt\n")
    (tmp_path / "plain.py").write_text("import numpy as np\n")
    (tmp_path / "plots" / "b.py").symlink_to(tmp_path / "plots" / "a.py")
    assert _likely_imports(discover([tmp_path / "plots"])) == ("matplotlib",
                                                               "matplotlib.pyplot")
    assert _likely_imports(discover([tmp_path / "plain.py"])) == ()
    assert _likely_imports([]) == ()
