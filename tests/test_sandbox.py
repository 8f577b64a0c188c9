"""The sandbox's API: loading cells, calling functions, classes and objects, values, errors."""

import numpy as np
import pytest

import autograder.sandbox.sandbox as sandbox_module
from autograder.sandbox import (
    CallTimeout,
    ChildDied,
    Limits,
    ProtocolError,
    RemoteObject,
    Sandbox,
    SandboxError,
    StudentError,
    SubmissionTimeout,
    Unrepresentable,
)

pytestmark = pytest.mark.sandbox

SIGMOID = "import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"

NETWORK = '''
class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.ones((x.shape[1], 4))
        self.weights2 = np.ones((4, 1))
        self.y = y
        self.output = np.zeros(y.shape)

    def feedforward(self):
        self.layer1 = sigmoid(self.input @ self.weights1)
        self.output = sigmoid(self.layer1 @ self.weights2)
        return self.output

    def scale(self, factor=1.0):
        self.weights1 = self.weights1 * factor
'''

MODES = [pytest.param(False, id="rlimits"),
         pytest.param(True, id="bubblewrap", marks=pytest.mark.bwrap)]


@pytest.fixture(params=MODES)
def bubblewrap(request):
    return request.param


def sandbox(cells, bubblewrap, **limits):
    return Sandbox(cells, Limits(**limits), bubblewrap=bubblewrap)


def test_functions_run_in_the_child_and_values_come_back(bubblewrap):
    with sandbox([SIGMOID], bubblewrap) as impl:
        z = np.array([[-1.0, 0.0], [2.0, 3.0]])
        out = impl.sigmoid(z)
        assert isinstance(out, np.ndarray) and out.dtype == np.float64
        np.testing.assert_allclose(out, 1 / (1 + np.exp(-z)))
        assert impl.sigmoid(0.0) == 0.5
        assert type(impl.sigmoid(0.0)) is np.float64


def test_isolation_is_reported(bubblewrap):
    box = sandbox([SIGMOID], bubblewrap)
    with box:
        pass
    confined = ("rlimits only", "rlimits + network namespace", "rlimits + landlock",
                "rlimits + network namespace + landlock")
    assert box.isolation == "bubblewrap" if bubblewrap else box.isolation in confined


def test_broken_cells_are_skipped_with_notes_and_the_rest_still_load(bubblewrap):
    cells = [SIGMOID, "def broken(:\n    pass\n", "x = 1\ny = x / 0\n", "z = 3\n"]
    box = sandbox(cells, bubblewrap)
    with box as impl:
        assert impl.z == 3
        assert impl.x == 1
        with pytest.raises(AttributeError):
            _ = impl.broken
    assert box.notes == ["cell 2 skipped: SyntaxError: invalid syntax (line 1)",
                         "cell 3 skipped: ZeroDivisionError: division by zero (line 2)"]


def test_missing_name_is_an_attribute_error(bubblewrap):
    with sandbox([SIGMOID], bubblewrap) as impl:
        with pytest.raises(AttributeError, match="not defined"):
            _ = impl.feedforward
        assert not hasattr(impl, "train")
        assert "sigmoid" in dir(impl)


def test_exceptions_in_student_code_arrive_with_type_and_message(bubblewrap):
    cells = ["def todo(x):\n    raise NotImplementedError('fill me in')\n",
             "def bad(x):\n    return {}[x]\n", "def fine():\n    return 1\n"]
    with sandbox(cells, bubblewrap) as impl:
        with pytest.raises(NotImplementedError, match="fill me in"):
            impl.todo(1)
        with pytest.raises(StudentError) as caught:
            impl.bad("key")
        assert type(caught.value).__name__ == "KeyError"
        assert caught.value.type_name == "KeyError"
        assert "'key'" in caught.value.message
        assert "cell 2, line 2, in bad" in caught.value.traceback
        assert impl.fine() == 1  # the child lives on


def test_values_of_every_allowed_kind_round_trip(bubblewrap):
    cells = ["import numpy as np\n"
             "def echo(*args, **kwargs):\n    return args, kwargs\n"
             "data = [None, True, 3, 2.5, 'text', (1, 2), {'k': [1.0]}, {1: 'one'},"
             " np.float32(1.5), np.int64(7), np.bool_(True), np.arange(4).reshape(2, 2)]\n"]
    with sandbox(cells, bubblewrap) as impl:
        data = impl.data
        assert data[:8] == [None, True, 3, 2.5, "text", (1, 2), {"k": [1.0]}, {1: "one"}]
        assert type(data[8]) is np.float32 and data[8] == 1.5
        assert type(data[9]) is np.int64 and type(data[10]) is np.bool_
        np.testing.assert_array_equal(data[11], [[0, 1], [2, 3]])
        args, kwargs = impl.echo(np.eye(2), [1, (2.0,)], flag=False)
        np.testing.assert_array_equal(args[0], np.eye(2))
        assert args[1] == [1, (2.0,)] and kwargs == {"flag": False}
        assert impl.echo(float("nan"))[0][0] != impl.echo(float("nan"))[0][0]


def test_lists_of_numbers_keep_every_value_and_type(bubblewrap):
    """Long lists of one kind of number cross as one array; what arrives is the same list."""
    cells = ["import numpy as np\n"
             "class F(float):\n    pass\n"
             "lists = [[0.1, -0.0, float('nan'), 1e308, float('-inf')],"
             " [np.float64(i) / 3 for i in range(1500)], [np.float32(1), np.float32(2)],"
             " [np.int64(3), np.int64(-4)], [1.0, np.float64(2)], [F(1.5), F(2.5)],"
             " [1, 2], [True, False], [2.5], []]\n"]
    with sandbox(cells, bubblewrap) as impl:
        floats, scalars, singles, ints, mixed, subclassed, plain, flags, one, empty = impl.lists
        assert [type(x) for x in floats] == [float] * 5 and str(floats) == \
            "[0.1, -0.0, nan, 1e+308, -inf]"
        assert all(type(x) is np.float64 for x in scalars)
        assert scalars == [np.float64(i) / 3 for i in range(1500)]
        assert [type(x) for x in singles] == [np.float32] * 2 and singles == [1.0, 2.0]
        assert [type(x) for x in ints] == [np.int64] * 2 and ints == [3, -4]
        assert [type(x) for x in mixed] == [float, np.float64]
        assert [type(x) for x in subclassed] == [float, float] and subclassed == [1.5, 2.5]
        assert (plain, flags, one, empty) == ([1, 2], [True, False], [2.5], [])


@pytest.mark.parametrize("node, blob", [({"l": 0}, np.zeros((2, 2))),
                                        ({"lf": 0}, np.zeros((2, 2))),
                                        ({"lf": 0}, np.zeros(3, dtype=np.float32))])
def test_a_list_node_with_the_wrong_array_is_refused(node, blob):
    from autograder.sandbox import wire

    reader = wire.FrameReader(1 << 20)
    reader.feed(wire.pack({"value": node}, [blob]))
    header, arrays = reader.next_frame()
    decoder = wire.Decoder(arrays, lambda handle: None)
    with pytest.raises(wire.WireError):
        decoder.decode(header["value"])


def test_values_that_cannot_cross_arrive_as_unrepresentable(bubblewrap):
    cells = ["def gen():\n    return (i for i in range(3))\n",
             "import numpy as np\ndef objects():\n    return np.array([1, 'a'], dtype=object)\n"]
    with sandbox(cells, bubblewrap) as impl:
        value = impl.gen()
        assert isinstance(value, Unrepresentable) and value.type_name == "generator"
        with pytest.raises(TypeError, match="not a number or an array"):
            np.asarray(value, dtype=float)
        assert isinstance(impl.objects(), Unrepresentable)


def test_classes_and_objects_work_through_the_proxy(bubblewrap):
    with sandbox([SIGMOID, NETWORK], bubblewrap) as impl:
        x, y = np.ones((5, 3)), np.zeros((5, 1))
        nn = impl.NeuralNetwork(x, y)
        assert isinstance(nn, RemoteObject)
        assert nn.weights1.shape == (3, 4)
        nn.weights1 = np.zeros((3, 4))
        out = nn.feedforward()
        np.testing.assert_allclose(out, np.full((5, 1), 1 / (1 + np.exp(-2.0))))
        np.testing.assert_allclose(nn.output, out)
        nn.weights1 = np.ones((3, 4))
        nn.scale(factor=2.0)
        np.testing.assert_array_equal(nn.weights1, 2 * np.ones((3, 4)))
        with pytest.raises(AttributeError):
            _ = nn.no_such_attribute
        assert not hasattr(nn, "also_missing")
        other = impl.NeuralNetwork(x, y)
        assert other._handle != nn._handle


def test_arguments_modified_in_place_are_modified_for_the_caller(bubblewrap):
    cells = ["def update(w, dw):\n    w -= dw\n    return w\n",
             "def pure(w):\n    return w * 2\n"]
    with sandbox(cells, bubblewrap) as impl:
        w, dw = np.ones(3), np.full(3, 0.5)
        impl.update(w, dw)
        np.testing.assert_array_equal(w, [0.5, 0.5, 0.5])
        np.testing.assert_array_equal(dw, [0.5, 0.5, 0.5])
        before = w.copy()
        impl.pure(w)
        np.testing.assert_array_equal(w, before)
        frozen = np.ones(3)
        frozen.flags.writeable = False
        with pytest.raises(StudentError, match="read-only"):
            impl.update(frozen, dw)


def test_stdout_and_stderr_are_captured_and_capped(bubblewrap):
    cells = ["import sys\nprint('hello from the cell')\n",
             "def shout(n):\n    print('x' * n)\n    print('oops', file=sys.stderr)\n"]
    box = sandbox(cells, bubblewrap, output_cap=1000)
    with box as impl:
        impl.shout(5000)
    assert box.stdout.startswith("hello from the cell\nxxxx")
    assert "more bytes of output were not kept" in box.stdout
    assert len(box.stdout) < 1200
    assert "oops" in box.stderr


def test_input_is_disabled_and_matplotlib_uses_agg(bubblewrap):
    cells = ["name = input('your name? ')\n",
             "import matplotlib\nbackend = matplotlib.get_backend()\n"]
    box = sandbox(cells, bubblewrap)
    with box as impl:
        assert impl.backend.lower() == "agg"
    assert box.notes == ["cell 1 skipped: EOFError: input() is not available while grading "
                         "(line 1)"]


def test_a_slow_call_times_out_and_the_rest_still_works(bubblewrap):
    cells = ["def spin():\n    while True:\n        pass\n", "def fine():\n    return 2\n"]
    with sandbox(cells, bubblewrap, call_timeout=0.5) as impl:
        with pytest.raises(CallTimeout, match="still running after 0.5 s"):
            impl.spin()
        assert impl.fine() == 2
        with pytest.raises(CallTimeout):  # the same function fails at once now
            impl.spin()


def test_a_call_that_kills_the_child_costs_only_that_function(bubblewrap):
    cells = ["import os\ndef die():\n    os._exit(3)\n", "def fine():\n    return 2\n",
             "import numpy as np\nclass Thing:\n    pass\n"]
    box = sandbox(cells, bubblewrap)
    with box as impl:
        thing = impl.Thing()
        with pytest.raises(ChildDied, match="exited with status 3"):
            impl.die()
        assert impl.fine() == 2  # a fresh child, same cells
        with pytest.raises(ChildDied, match="exited with status 3"):
            impl.die()  # fails at once: it broke the child before
        with pytest.raises(ChildDied, match="lost"):
            thing.anything = 1  # an object of the old child is gone
    assert any("was restarted" in note for note in box.notes)


def test_every_death_is_followed_by_a_restart(bubblewrap):
    """Three functions that each kill the child (exit, SIGSEGV, SIGKILL) cost only themselves:
    a function that never calls them keeps working (issue 21, item 6)."""
    cells = ["import os, signal\n"
             "def one():\n    os._exit(1)\n"
             "def two():\n    os.kill(os.getpid(), signal.SIGSEGV)\n"
             "def three():\n    os.kill(os.getpid(), signal.SIGKILL)\n"
             "def fine():\n    return 2\n"]
    box = sandbox(cells, bubblewrap)
    with box as impl:
        for name in ("one", "two", "three"):
            with pytest.raises(ChildDied):
                getattr(impl, name)()
            assert impl.fine() == 2
    assert not isinstance(box.failure, ChildDied)  # closed normally, never given up


def test_after_the_most_restarts_every_call_fails_fast_with_the_same_reason(bubblewrap,
                                                                          monkeypatch):
    monkeypatch.setattr(sandbox_module, "MAX_RESTARTS", 2)
    cells = ["import os, signal\n"
             "def one():\n    os._exit(1)\n"
             "def two():\n    os._exit(2)\n"
             "def three():\n    os.kill(os.getpid(), signal.SIGKILL)\n"
             "def fine():\n    return 2\n"]
    box = sandbox(cells, bubblewrap)
    with box as impl:
        for name in ("one", "two"):
            with pytest.raises(ChildDied):
                getattr(impl, name)()
        with pytest.raises(ChildDied, match="killed by signal 9"):
            impl.three()
        with pytest.raises(ChildDied, match="killed by signal 9"):
            impl.fine()
    assert isinstance(box.failure, ChildDied)


def test_closed_sandbox_refuses_calls(bubblewrap):
    with sandbox([SIGMOID], bubblewrap) as impl:
        sigmoid = impl.sigmoid
    with pytest.raises(SandboxError):
        sigmoid(0.0)


@pytest.mark.slow  # waits out a deadline or draws every figure: over 1 s
def test_the_submission_total_time_limit_ends_it(bubblewrap):
    cells = ["import time\ndef nap():\n    time.sleep(0.6)\n    return 1\n"]
    with sandbox(cells, bubblewrap, call_timeout=5.0, total_timeout=1.5) as impl:
        assert impl.nap() == 1
        with pytest.raises(SubmissionTimeout, match="time limit of 1.5 s"):
            impl.nap()
            impl.nap()
        with pytest.raises(SubmissionTimeout):
            impl.nap  # noqa: B018 (every later use fails at once)


@pytest.mark.slow  # waits out a deadline or draws every figure: over 1 s
def test_the_cpu_time_limit_kills_a_busy_child(bubblewrap):
    cells = ["def burn():\n    while True:\n        pass\n", "def fine():\n    return 1\n"]
    with sandbox(cells, bubblewrap, cpu_seconds=1, call_timeout=20.0) as impl:
        with pytest.raises(ChildDied, match="CPU time limit of 1 s"):
            impl.burn()
        assert impl.fine() == 1  # a restarted child has its own CPU time


def test_the_file_size_limit_stops_big_files(bubblewrap):
    cells = ["def write(n):\n    with open('big.bin', 'wb') as f:\n        f.write(b'x' * n)\n"
             "    return n\n"]
    with sandbox(cells, bubblewrap, max_file_bytes=100_000) as impl:
        assert impl.write(50_000) == 50_000
        with pytest.raises(StudentError, match="File too large") as caught:
            impl.write(200_000)
        assert caught.value.type_name == "OSError"


def test_forged_frames_on_the_reply_pipe_are_rejected(bubblewrap):
    cells = ["import gc, os, struct\n"
             "def reply_fd():  # what a determined forger would do\n"
             "    return next(o for o in gc.get_objects() if type(o).__name__ == 'Server').resp\n"
             "def garbage():\n    os.write(reply_fd(), struct.pack('>I', 5) + b'{nope')\n"
             "def huge():\n    os.write(reply_fd(), struct.pack('>I', 2**31))\n"
             "def fine():\n    return 1\n"]
    box = sandbox(cells, bubblewrap)
    with box as impl:
        with pytest.raises(ProtocolError, match="not a valid value"):
            impl.garbage()
        assert impl.fine() == 1
        with pytest.raises(ProtocolError, match="too large"):
            impl.huge()
        assert impl.fine() == 1


@pytest.mark.bwrap
def test_course_packages_beside_numpy_are_masked(tmp_path, monkeypatch):
    from autograder.sandbox import launch

    site = tmp_path / "site-packages"
    (site / "solutions").mkdir(parents=True)
    (site / "solutions" / "__init__.py").write_text("ANSWER = 42\n")
    (site / "helper_module.py").write_text("VALUE = 7\n")
    real = launch.runtime_site_dirs()
    monkeypatch.setattr(launch, "runtime_site_dirs", lambda: [*real, str(site)])
    box = Sandbox(["import helper_module\nvalue = helper_module.VALUE\n",
                   "from solutions import ANSWER\n",
                   "import os\nlisting = os.listdir('/pkgs/1/solutions')\n"], bubblewrap=True,
                  warm=False)  # a fresh sandbox, laid out with the patched directories
    with box as impl:
        assert impl.value == 7  # the directory is there ...
        assert impl.listing == []  # ... but the course's package in it is an empty mask
    assert len(box.notes) == 1
    assert box.notes[0].startswith("cell 2 skipped: ImportError: cannot import name 'ANSWER'")


needs_bwrap = pytest.mark.bwrap


@needs_bwrap
def test_warm_children_share_nothing_with_each_other():
    plant = ["import os\n"
             "for folder in ('/sandbox', '/dev/shm'):\n"
             "    with open(os.path.join(folder, 'planted.txt'), 'w') as handle:\n"
             "        handle.write('from an earlier submission')\n"
             "def listing():\n"
             "    return sorted(os.listdir('/sandbox')), sorted(os.listdir('/dev/shm'))\n"]
    look = ["import os\n"
            "def listing():\n"
            "    return sorted(os.listdir('/sandbox')), sorted(os.listdir('/dev/shm'))\n"]
    from autograder.sandbox.process import PopenProcess

    first = Sandbox(plant, bubblewrap=True)
    with first as impl, Sandbox(look, bubblewrap=True) as other:  # at the same time
        assert impl.listing() == (["planted.txt"], ["planted.txt"])
        assert other.listing() == ([], [])
        assert not isinstance(first._child.process, PopenProcess)  # both warm
    later = Sandbox(look, bubblewrap=True)
    with later as impl:  # afterwards, from a zygote that served one of them
        assert impl.listing() == ([], [])
        assert not isinstance(later._child.process, PopenProcess)


@needs_bwrap
def test_a_warm_child_cannot_harm_the_zygote_or_gain_privileges():
    from autograder.sandbox.process import PopenProcess

    cells = ["import os, signal\n"
             "def attack():\n"
             "    me = os.getpid()\n"
             "    for entry in os.listdir('/proc'):\n"
             "        if entry.isdigit() and int(entry) != me:\n"
             "            try:\n"
             "                os.kill(int(entry), signal.SIGKILL)\n"
             "            except OSError:\n"
             "                pass\n"
             "    return 'still here'\n"
             "def status():\n"
             "    lines = open('/proc/self/status').read().splitlines()\n"
             "    return {l.split(':')[0]: l.split(':')[1].strip() for l in lines\n"
             "            if l.startswith(('CapEff', 'CapPrm', 'NoNewPrivs', 'Uid'))}\n"]
    box = Sandbox(cells, bubblewrap=True)
    with box as impl:
        status = impl.status()
        assert status["CapEff"] == status["CapPrm"] == "0000000000000000"
        assert status["NoNewPrivs"] == "1"
        assert status["Uid"].split()[0] != "0"
        try:
            impl.attack()
        except ChildDied:
            pass  # it may well have killed itself: only the zygote matters here
    again = Sandbox(["x = 1\n"], bubblewrap=True)
    with again as impl:
        assert impl.x == 1
        assert not isinstance(again._child.process, PopenProcess)  # still warm


@needs_bwrap
def test_warm_starts_can_be_turned_off(monkeypatch):
    from autograder.sandbox.process import PopenProcess

    monkeypatch.setenv("SCRATCHNET_SANDBOX_WARM", "0")
    box = Sandbox(["x = 1\n"], bubblewrap=True)
    with box as impl:
        assert impl.x == 1
        assert isinstance(box._child.process, PopenProcess)


WRITE_PROBE = '''import os
PLACES = ["/", "/dev", "/pkgs", "/etc", "/usr", "/proc", "/sandbox", "/dev/shm"]
def writable():
    found = []
    for folder in PLACES:
        try:
            with open(os.path.join(folder, "planted-by-test"), "w") as handle:
                handle.write("x")
            found.append(folder)
        except OSError:
            pass
    return found
def planted():
    return [f for f in PLACES if os.path.exists(os.path.join(f, "planted-by-test"))]
'''


@needs_bwrap
@pytest.mark.parametrize("warm", [False, True], ids=["fresh", "warm"])
def test_under_bubblewrap_only_the_sandbox_folder_is_writable(warm):
    for _ in range(2):  # the second child must not see what the first planted
        with Sandbox([WRITE_PROBE], bubblewrap=True, warm=warm) as impl:
            assert impl.planted() == []
            assert impl.writable() == (["/sandbox", "/dev/shm"] if warm else ["/sandbox"])


@needs_bwrap
def test_warm_children_that_cannot_isolate_fall_back_to_fresh_sandboxes(monkeypatch, caplog):
    from autograder.sandbox import sandbox as sandbox_module
    from autograder.sandbox import zygote
    from autograder.sandbox.process import PopenProcess

    sources = dict(sandbox_module.child_sources())
    isolation = "_scratchnet_isolation"
    sources[isolation] = sources[isolation].replace(
        '    _ctypes, libc = _libc()\n',
        '    raise PermissionError("namespaces are forbidden here")\n', 1)
    assert sources[isolation] != sandbox_module.child_sources()[isolation]
    monkeypatch.setattr(sandbox_module, "child_sources", lambda: sources)
    pool: dict = {}
    monkeypatch.setattr(zygote, "_idle", pool)
    monkeypatch.setattr(zygote, "_broken", set())
    try:
        for _ in range(2):
            box = Sandbox(["x = 1\n"], bubblewrap=True)
            with box as impl:
                assert impl.x == 1
                assert isinstance(box._child.process, PopenProcess)
        assert "warm starts are off" in caplog.text
    finally:
        for zygotes in pool.values():
            for warm in zygotes:
                warm.close()


@needs_bwrap
def test_the_zygote_preloads_pyplot_once_a_child_used_it():
    with Sandbox(["import matplotlib.pyplot as plt\n"], bubblewrap=True) as impl:
        assert "plt" in dir(impl)
    check = ["import sys\npreloaded = 'matplotlib.pyplot' in sys.modules\n",
             "import matplotlib.pyplot as plt\nbackend = plt.get_backend()\n"]
    with Sandbox(check, bubblewrap=True) as impl:
        assert impl.preloaded is True
        assert impl.backend.lower() == "agg"


def test_replaying_answers_a_slow_call_made_before_without_running_it_again(bubblewrap):
    cells = ["import time\nimport numpy as np\ncalls = []\n",
             "def slow(x, scale=1.0):\n    calls.append(1)\n    time.sleep(0.02)\n"
             "    return x * scale, len(calls)\n",
             "def fast(x):\n    calls.append(1)\n    return len(calls)\n",
             "def count():\n    return len(calls)\n"]
    box = sandbox(cells, bubblewrap)
    with box as impl:
        x = np.arange(3.0)
        first = impl.slow(x, scale=2.0)
        impl.fast(x)
        assert impl.slow(x, scale=2.0)[1] == 3  # outside replaying(): runs again
        with box.replaying():
            again = impl.slow(x.copy(), scale=2.0)
            assert impl.count() == 3  # the remembered reply: the student's code did not run
            np.testing.assert_array_equal(again[0], first[0] * 1.0)
            assert again[1] == 3  # the latest reply to exactly this call
            assert impl.slow(x, scale=3.0)[1] == 4  # other arguments: runs
            assert impl.fast(x) == 5  # fast calls are not remembered: runs
            again[0][:] = -1  # a replayed value is a fresh copy
            np.testing.assert_array_equal(impl.slow(x, scale=2.0)[0], [0.0, 2.0, 4.0])
        assert impl.count() == 5


def test_a_function_is_described_once_and_each_call_runs_what_its_name_holds(bubblewrap):
    cells = ["def f():\n    global f\n    f = lambda: 2\n    return 1\n", "value = 3\n"]
    box = sandbox(cells, bubblewrap)
    with box as impl:
        ops = []
        request = box._request
        box._request = lambda header, *rest: (ops.append(header["op"]), request(header, *rest))[1]
        assert [impl.f() for _ in range(3)] == [1, 2, 2]  # the name now holds the lambda
        assert impl.value == 3 and impl.value == 3  # values are read each time
        assert ops == ["describe", "call", "call", "call", "describe", "describe"]
