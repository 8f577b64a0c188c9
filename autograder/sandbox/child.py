"""The child side of the sandbox: runs the student's cells, then serves the grader's calls.

This file is not imported by the grader. Its source text is sent to a fresh interpreter
(see ``launch.BOOTSTRAP``) together with ``wire.py``'s, so the child never needs, or sees,
the autograder package. It imports only the standard library and numpy, and takes its
references to both before any student code runs: a submission that monkeypatches numpy or
builtins changes what its own functions compute, never how values are sent.

Under bubblewrap the worker is the process bubblewrap starts, or, with warm starts, PID 2
of a namespace of its own forked from a zygote (see the last section of this file); PID 1
of its namespace plays the supervisor. Process layout without bubblewrap::

    supervisor (the interpreter the grader started; a subreaper)
      `-- decoy (waits for the worker; killing "the parent" kills only this)
            `-- worker (runs the student's code, talks to the grader over two pipes)

The supervisor outlives anything the student starts: orphans of the worker (a daemonised
sleeper, say) are re-parented to it, and it kills them all before it exits. It exits with
the worker's status (``128 + signal`` if the worker was killed), so the grader can say what
happened. The decoy makes ``os.kill(os.getppid(), 9)`` harmless: the worker simply carries on,
re-parented to the supervisor. (Under bubblewrap the parent is PID 1 of the sandbox, which
the kernel protects from signals sent inside it: the kill is always a no-op.)

Requests (``op``): ``load``, ``describe``, ``dir``, ``call``, ``getattr``, ``setattr``,
``repeat`` (a fixed sequence of method calls run many times, see ``Server.op_repeat``),
``stand_in`` and ``restore`` (see ``Server.op_stand_in``: names of the student's that call
back into the grader while a check is re-run, so a mistake is found in the function where
it lives).
Replies: ``{"ok": true, ...}``, ``{"ok": false, "error": {...}}`` or
``{"ok": false, "timeout": true}`` (the soft, in-child timeout fired; the worker lives on).
"""

import builtins
import dis
import os
import re
import resource
import signal
import sys
import time
import traceback
import types

import numpy as np

wire = sys.modules["_scratchnet_wire"]

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
MAX_STR = 1_000_000
MAX_INT_BITS = 10_000
MAX_REPR = 120
MAX_TRACEBACK = 2_000
#: Modules a zygote may import for later children once a child has shown it needs them.
WARMABLE = ("matplotlib", "matplotlib.pyplot")

_ndarray = np.ndarray
_generic = np.generic
_asarray = np.asarray
_view = np.ndarray.view
_SCALARS = frozenset(t for t in set(np.sctypeDict.values())
                     if issubclass(t, np.generic) and np.dtype(t).kind in wire.ALLOWED_KINDS)
_float_value = float.__float__
_int_value = int.__int__
_str_value = str.__str__
_complex_value = complex.__complex__
_list_iter = list.__iter__
_tuple_iter = tuple.__iter__
_dict_items = dict.items
_type_name = type.__dict__["__name__"].__get__


_MISSING = object()
#: Each loaded cell's lines, by its code's file name ("<cell 3>"), for error reports.
_SOURCES: dict[str, list[str]] = {}
_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
#: Python's own words for code nested deeper than its compiler goes.
_TOO_DEEP_TO_COMPILE = ("too many statically nested blocks", "too many levels of indentation",
                        "too many nested parentheses")
#: The note of a cell that could not be compiled for its depth (said again in the student's
#: language by autograder.i18n.notes).
TOO_DEEP_NOTE = ("is nested too deeply for Python to compile (blocks or expressions inside one "
                 "another too many levels deep)")
#: The errors a stand-in may raise for the grader's answer (anything else: RuntimeError).
_ANSWER_ERRORS = {"TypeError": TypeError, "ValueError": ValueError,
                  "IndexError": IndexError, "KeyError": KeyError}


class SoftTimeout(BaseException):
    """Raised in the student's code by SIGALRM when a call or cell runs too long."""


class Reported(Exception):
    """The student's code raised; ``report`` is what was made of it under the call's timer
    (its ``__str__`` is the student's code too, and may hang)."""

    def __init__(self, report):
        super().__init__()
        self.report = report


def _on_alarm(_signum, _frame):
    raise SoftTimeout()


def _prctl(option: int, value: int) -> None:
    import ctypes  # only without bubblewrap (it costs a few ms to import)

    try:
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


# ----------------------------------------------------------------------------- supervisor

def _children() -> list[int]:
    """Pids whose parent is this process (zombies included), from /proc."""
    me = os.getpid()
    try:
        with open(f"/proc/{me}/task/{me}/children", "rb") as listing:
            return [int(pid) for pid in listing.read().split()]
    except OSError:  # a kernel without CONFIG_PROC_CHILDREN: scan every process
        pass
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 1 and int(fields[1]) == me:
            found.append(int(entry))
    return found


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _kill_descendants() -> None:
    """Kill every process below this one (orphans come to us: we are a subreaper)."""
    for _ in range(2000):
        children = _children()
        if not children:
            return
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.001)
        _reap()


def _exit_code(status: int) -> int:
    """A wait status as one exit code: the code itself, or 128 + the signal that killed it."""
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 125


def supervise(decoy: int, worker: int) -> None:
    """Wait for the worker, kill everything it left behind, exit with its exit code.

    The worker's exit code comes from the decoy (which waits for it and exits with the same
    code) or, if the student killed the decoy, from the worker itself, re-parented to us.
    """
    def stop(_signum, _frame):
        for pid in (worker, decoy):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        raise _Stopped()

    code = 125
    signal.signal(signal.SIGTERM, stop)
    try:
        while worker:
            pid, status = os.wait()
            if pid == worker or (pid == decoy and os.WIFEXITED(status)):
                code = _exit_code(status)
                break
            if pid == decoy:  # killed by the student: the worker is ours now, or gone
                code = _exit_code(status)
                try:
                    pid, status = os.waitpid(worker, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid:
                    code = _exit_code(status)
                    break
    except (_Stopped, ChildProcessError):
        pass
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _kill_descendants()
    os._exit(code)


class _Stopped(Exception):
    """The grader asked the supervisor to stop (SIGTERM)."""


def wait_as_decoy(worker: int) -> None:
    """The decoy: the worker's parent, so that killing "the parent" hurts nobody."""
    try:
        _, status = os.waitpid(worker, 0)
    except ChildProcessError:
        os._exit(125)
    os._exit(_exit_code(status))


# ----------------------------------------------------------------------------- values

def _opaque(value) -> dict:
    try:
        name = str(_type_name(type(value)))[:80]
    except Exception:
        name = "object"
    try:
        text = repr(value)
        text = text if type(text) is str else "?"
    except BaseException as error:
        if isinstance(error, SoftTimeout):
            raise
        text = "?"
    if len(text) > MAX_REPR:
        text = text[:MAX_REPR - 3] + "..."
    return {"u": [name, text]}


class Encoder:
    """Turns whatever the student's code returned into a node, without being fooled.

    Exact types are sent as they are; subclasses of float, int, str, complex, list, tuple,
    dict and ndarray are reduced to their true base value with the base class's own
    methods (a lying ``__float__``, ``__iter__`` or ``__array__`` is never called).
    Instances of the student's own classes become remote handles (unless ``handles`` is
    False: then they are opaque too); anything else is opaque.
    """

    def __init__(self, server: "Server", handles: bool = True):
        self.server = server
        self.handles = handles
        self.blobs: list = []

    def array(self, array: np.ndarray, tag: str = "a") -> dict:
        if array.dtype.kind not in wire.ALLOWED_KINDS or array.dtype.fields is not None:
            return _opaque(array)
        self.blobs.append(wire.sendable(array, copy=True))
        return {tag: len(self.blobs) - 1}

    def node(self, value, depth: int = 0):
        if depth > wire.MAX_DEPTH - 5:
            return _opaque(value)
        kind = type(value)
        if value is None or kind is bool or kind is float:
            return value
        if kind is int:
            return value if value.bit_length() <= MAX_INT_BITS else _opaque(value)
        if kind is str:
            return value if len(value) <= MAX_STR else _opaque(value)
        if kind is _ndarray:
            return self.array(value)
        if kind in _SCALARS:
            return self.array(_asarray(value), "s")
        if issubclass(kind, list):
            items = list(_list_iter(value))
            first = type(items[0]) if len(items) > 1 else None
            if first is not None and all(type(item) is first for item in items):
                # a long list of losses: one blob, not a node (or a blob) per number
                if first is float:
                    return self.array(_asarray(items, dtype=np.float64), "lf")
                if first in _SCALARS:
                    return self.array(_asarray(items, dtype=first), "l")
            return [self.node(item, depth + 1) for item in items]
        if issubclass(kind, tuple):
            return {"t": [self.node(item, depth + 1) for item in _tuple_iter(value)]}
        if issubclass(kind, dict):
            return {"d": [[self.node(k, depth + 1), self.node(v, depth + 1)]
                          for k, v in _dict_items(value)]}
        if issubclass(kind, _ndarray):
            return self.array(_view(value, _ndarray).copy())
        if issubclass(kind, float):
            return _float_value(value)
        if issubclass(kind, int):
            return self.node(_int_value(value), depth + 1)
        if issubclass(kind, str):
            return self.node(_str_value(value), depth + 1)
        if issubclass(kind, complex):
            return self.array(_asarray(_complex_value(value)), "s")
        if self.handles and self.server.is_student_class(kind):
            return {"h": self.server.new_handle(value)}
        return _opaque(value)


# ----------------------------------------------------------------------------- server

class Server:
    """The worker's request loop over the student's namespace."""

    def __init__(self, req: int, resp: int, boot: dict):
        self.req, self.resp = req, resp
        self.reader = wire.FrameReader(max_blob_bytes=boot["max_request_bytes"])
        self.module = types.ModuleType(boot["module_name"])
        self.module.__dict__["__builtins__"] = builtins
        sys.modules[boot["module_name"]] = self.module
        self.handles: dict[int, object] = {}
        self.stdout, self.stderr = sys.stdout, sys.stderr
        self.seed = int(boot.get("seed") or 0)
        self.helpers: list[types.ModuleType] = []  # the student's other files (own_modules)
        # (namespace number, name) -> what the student had there (see stand_in)
        self.replaced: dict[tuple[int, str], object] = {}
        signal.signal(signal.SIGALRM, _on_alarm)

    # -- plumbing

    def read(self) -> tuple[dict, list]:
        while True:
            frame = self.reader.next_frame()
            if frame is not None:
                return frame
            data = os.read(self.req, 1 << 16)
            if not data:
                os._exit(0)
            self.reader.feed(data)

    def send(self, header: dict, blobs: list = ()) -> None:
        self.send_bytes(wire.pack(header, blobs))

    def send_bytes(self, frame: bytes) -> None:
        data = memoryview(frame)
        try:
            while data:
                data = data[os.write(self.resp, data):]
        except OSError:
            os._exit(1)

    def flush(self) -> None:
        for stream in (self.stdout, self.stderr):
            try:
                stream.flush()
            except BaseException:
                pass

    def timed(self, seconds: float, func, report=None):
        """func() with SIGALRM armed: SoftTimeout if it runs longer than ``seconds``.

        If func raises, ``report(error)`` (default: ``error_reply``) is made while the timer
        still runs and raised as Reported: formatting the student's exception runs the
        student's code, so the same timeout covers it.
        """
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return func()
        except SoftTimeout:
            raise
        except BaseException as error:
            raise Reported((report or self.error_reply)(error)) from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    # -- handles and names

    def is_student_class(self, kind: type) -> bool:
        try:
            return getattr(kind, "__module__", None) in {
                m.__name__ for m in (self.module, *self.helpers)}
        except Exception:
            return False

    def new_handle(self, value) -> int:
        for key, known in self.handles.items():
            if known is value:
                return key
        key = len(self.handles) + 1
        self.handles[key] = value
        return key

    def handle(self, key) -> object:
        if type(key) is not int or key not in self.handles:
            raise LookupError(f"no remote object {key!r}")
        return self.handles[key]

    def describe(self, value) -> tuple[dict, list]:
        """How the parent should present ``value``: a function, a class or a value."""
        if isinstance(value, type):
            return {"ok": True, "kind": "class"}, []
        if callable(value) and not self.is_student_class(type(value)):
            return {"ok": True, "kind": "function"}, []
        encoder = Encoder(self)
        node = encoder.node(value)
        return {"ok": True, "kind": "value", "value": node}, encoder.blobs

    # -- error reports

    def error_reply(self, error: BaseException) -> dict:
        """The error reply for ``error``: class name, bounded message, student frames.

        Called under the call's timer (see ``timed``); if that timer fires meanwhile, the
        message is left out.
        """
        if isinstance(error, SoftTimeout):
            return {"ok": False, "timeout": True}
        if isinstance(error, Reported):
            return error.report
        try:
            name = str(_type_name(type(error)))[:80]
        except Exception:
            name = "Exception"
        try:
            message = str(error)[:500]
        except BaseException:
            message = ""
        return {"ok": False, "error": {"type": name, "message": message,
                                       "traceback": _student_traceback(error)}}

    # -- operations

    def op_load(self, header: dict, _blobs) -> tuple[dict, list]:
        _seed(self.seed)
        cells = header["cells"]
        spaces = self.own_modules(header.get("modules"), header.get("module_cells"), len(cells))
        notes = []
        for index, source in enumerate(cells, start=1):
            if source is None:
                continue
            _SOURCES[f"<cell {index}>"] = source.splitlines()
            self.send({"op": "cell", "index": index})
            note = self.run_cell(index, source, header["cell_timeout"], spaces[index - 1])
            self.flush()
            if note:
                notes.append([index, note])
        self.share_names()
        used = [name for name in WARMABLE if name in sys.modules]
        return {"ok": True, "notes": notes, "modules": used}, []

    def own_modules(self, names, sizes, count: int) -> list[dict]:
        """The namespace each cell runs in: each of the student's files is a module of its
        own, as Python would make it (a helper that uses ``np`` must import numpy itself).

        ``names`` are the files' module names in the order they run and ``sizes`` how many
        cells each holds; the last file (the one that imports the others) runs in the
        namespace the grader reads. ``import helpers`` finds helpers.py's module; never a
        name Python or numpy already uses.
        """
        main = self.module.__dict__
        if (type(names) is not list or type(sizes) is not list or len(names) != len(sizes)
                or not all(type(n) is int and n >= 0 for n in sizes) or sum(sizes) != count):
            return [main] * count
        spaces: list[dict] = []
        for number, (name, size) in enumerate(zip(names, sizes, strict=True), start=1):
            module = self.module
            if number < len(names):
                module = types.ModuleType(str(name))
                module.__dict__["__builtins__"] = builtins
                self.helpers.append(module)
            if (type(name) is str and name.isidentifier() and name not in sys.modules
                    and name not in sys.stdlib_module_names
                    and name not in ("numpy", "matplotlib", "scipy")):
                sys.modules[name] = module
            spaces += [module.__dict__] * size
        return spaces

    def share_names(self) -> None:
        """The grader reads one namespace: the last file's, with the names of the student's
        other files it does not have itself."""
        main = self.module.__dict__
        for module in self.helpers:
            for name, value in list(module.__dict__.items()):
                if type(name) is str and not name.startswith("__"):
                    main.setdefault(name, value)

    def run_cell(self, index: int, source: str, seconds: float, namespace: dict) -> str:
        """Compile and run one cell in ``namespace``; a note if it was skipped, else ""."""
        try:
            code = compile(source, f"<cell {index}>", "exec")
        except (SyntaxError, ValueError) as error:
            where = f" (line {error.lineno})" if getattr(error, "lineno", None) else ""
            text = getattr(error, "msg", None) or str(error)
            if text in _TOO_DEEP_TO_COMPILE and where:
                return f"cell {index} skipped: line {error.lineno} {TOO_DEEP_NOTE}"
            if text in _TOO_DEEP_TO_COMPILE:
                return f"cell {index} skipped: it {TOO_DEEP_NOTE}"
            return f"cell {index} skipped: {type(error).__name__}: {text}{where}"
        except (RecursionError, MemoryError):  # the compiler ran out of depth or memory
            return f"cell {index} skipped: it {TOO_DEEP_NOTE}"

        def note(error: BaseException) -> str:  # under the cell's timer (see ``timed``)
            if isinstance(error, SystemExit):
                return (f"cell {index} stopped: it called exit() (sys.exit), which grading "
                        "ignores")
            return f"cell {index} skipped: {_describe(error, index)}"

        try:
            self.timed(seconds, lambda: exec(code, namespace), note)
        except SoftTimeout:
            return (f"cell {index} stopped: still running after {seconds:g} s "
                    "(an endless loop?)")
        except Reported as reported:
            return reported.report
        return ""

    def op_describe(self, header, _blobs):
        name = header["name"]
        namespace = self.module.__dict__
        if type(name) is not str or name.startswith("__") or name not in namespace:
            return {"ok": True, "kind": "missing"}, []
        value = namespace[name]
        return self.timed(header["timeout"], lambda: self.describe(value))

    def op_dir(self, _header, _blobs):
        names = [n for n in self.module.__dict__ if type(n) is str and not n.startswith("__")]
        return {"ok": True, "names": names}, []

    def target(self, spec: dict):
        """The object a request names: a global, or an attribute of a remote object."""
        if "handle" in spec:
            obj = self.handle(spec["handle"])
            return getattr(obj, spec["attr"]) if "attr" in spec else obj
        namespace = self.module.__dict__
        if spec["name"] not in namespace:
            raise NameError(f"name {spec['name']!r} is not defined")
        return namespace[spec["name"]]

    def op_call(self, header, blobs):
        decoder = wire.Decoder(blobs, self.handle)
        args = decoder.decode(header["args"])
        kwargs = decoder.decode(header["kwargs"])
        for index in header.get("readonly", []):
            decoder.array(index).flags.writeable = False
        before = {index: (a.shape, a.dtype, a.tobytes()) for index, a in decoder.arrays.items()}
        encoder = Encoder(self)

        def run():
            result = self.target(header["target"])(*args, **kwargs)
            return encoder.node(result)

        node = self.timed(header["timeout"], run)
        mutated = []
        for index, array in decoder.arrays.items():
            shape, dtype, data = before[index]
            if array.shape == shape and array.dtype == dtype and array.tobytes() != data:
                mutated.append([index, encoder.array(array)["a"]])
        return {"ok": True, "value": node, "mutated": mutated}, encoder.blobs

    def op_getattr(self, header, _blobs):
        obj, name = self.handle(header["handle"]), header["attr"]

        def run():
            value = getattr(obj, name)
            reply, blobs = self.describe(value)
            if (type(value) is types.MethodType and value.__self__ is obj
                    and name not in getattr(obj, "__dict__", {})):
                reply["method"] = True  # a method of the class: the parent may remember it
            return reply, blobs

        return self.timed(header["timeout"], run)

    def op_setattr(self, header, blobs):
        obj = self.handle(header["handle"])
        value = wire.Decoder(blobs, self.handle).decode(header["value"])
        self.timed(header["timeout"], lambda: setattr(obj, header["attr"], value))
        return {"ok": True}, []

    def op_repeat(self, header, blobs):
        """Call methods of one object ``times`` rounds in a row, reading attributes on the way.

        header: ``handle``; ``steps``: [[method, kwargs node], ...] called in order each
        round; ``times``; ``reads``: [[round, step, attribute], ...] in loop order (read
        ``obj.attribute`` right after that step of that round). The whole loop runs under
        one timeout. Reply: ``values``, one node per read done (arrays and plain values;
        the student's objects are opaque, never handles), and ``stopped``: None, or where
        the loop stopped early, [round, step, phase ("method", "call" or "read"), name],
        with ``error``, the error reply of what stopped it.
        """
        obj = self.handle(header["handle"])
        decoder = wire.Decoder(blobs, self.handle)
        steps = [(str(name), decoder.decode(kwargs)) for name, kwargs in header["steps"]]
        if not all(type(kwargs) is dict for _, kwargs in steps):
            raise ValueError("invalid steps")
        reads = [(int(i), int(j), str(name)) for i, j, name in header["reads"]]
        times = int(header["times"])
        encoder = Encoder(self, handles=False)
        values = []
        where = [0, 0, "method", ""]

        def run():
            k = 0
            for i in range(times):
                for j, (name, kwargs) in enumerate(steps):
                    where[:] = [i, j, "method", name]
                    method = getattr(obj, name)
                    where[2] = "call"
                    method(**kwargs)
                    while k < len(reads) and reads[k][0] == i and reads[k][1] == j:
                        where[2:] = ["read", reads[k][2]]
                        values.append(encoder.node(getattr(obj, reads[k][2])))
                        k += 1

        try:
            self.timed(header["timeout"], run)
        except BaseException as error:
            return ({"ok": True, "values": values, "stopped": where,
                     "error": self.error_reply(error)}, encoder.blobs)
        return {"ok": True, "values": values, "stopped": None}, encoder.blobs

    def op_stand_in(self, header, _blobs):
        """Replace the student's global ``names`` with stand-ins that ask the grader.

        A stand-in sends ``{"op": "callback", "name", "args", "kwargs"}`` on the reply pipe
        and waits for the grader's answer on the request pipe: ``{"ok": true, "value"}`` or
        ``{"ok": false, "error": {"type", "message"}}`` (raised here as that error's kind).
        The grader computes the answer; nothing of it lives in this process. ``restore``
        puts the student's own names back.
        """
        names = header.get("names")
        if type(names) is not list or not all(type(n) is str for n in names):
            raise ValueError("invalid names")
        spaces = self.spaces()
        for name in names:
            stand_in = self.stand_in(name)
            for number, namespace in enumerate(spaces):
                if number and name not in namespace:  # a helper file reads only its own names
                    continue
                if (number, name) not in self.replaced:
                    self.replaced[number, name] = namespace.get(name, _MISSING)
                namespace[name] = stand_in
        return {"ok": True}, []

    def op_restore(self, _header, _blobs):
        spaces = self.spaces()
        for (number, name), value in self.replaced.items():
            if value is _MISSING:
                spaces[number].pop(name, None)
            else:
                spaces[number][name] = value
        self.replaced = {}
        return {"ok": True}, []

    def spaces(self) -> list[dict]:
        """Every namespace of the student's: the one the grader reads, then the helpers'."""
        return [self.module.__dict__] + [m.__dict__ for m in self.helpers]

    def stand_in(self, name: str):
        server = self

        def ask_the_grader(*args, **kwargs):
            encoder = Encoder(server, handles=False)
            question = {"op": "callback", "name": name, "args": encoder.node(args),
                        "kwargs": encoder.node(kwargs)}
            server.flush()
            server.send(question, encoder.blobs)
            header, blobs = server.read()
            if header.get("ok") is not True:
                error = header.get("error") if type(header.get("error")) is dict else {}
                kind = _ANSWER_ERRORS.get(error.get("type"), RuntimeError)
                raise kind(str(error.get("message", "")))
            return wire.Decoder(blobs, server.handle).decode(header.get("value"))

        ask_the_grader.__name__ = ask_the_grader.__qualname__ = name
        return ask_the_grader

    def serve(self) -> None:
        """Answer requests until the grader closes the request pipe."""
        operations = {"load": self.op_load, "describe": self.op_describe, "dir": self.op_dir,
                      "call": self.op_call, "getattr": self.op_getattr,
                      "setattr": self.op_setattr, "repeat": self.op_repeat,
                      "stand_in": self.op_stand_in, "restore": self.op_restore}
        # Built now: when memory has run out, even an error report may not fit.
        out_of_memory = wire.pack({"ok": False, "error": {
            "type": "MemoryError", "message": "out of memory while replying", "traceback": ""}})
        while True:
            header, blobs = self.read()
            if "op" not in header and "ok" in header:
                # the grader's answer to a stand-in whose call was stopped (its time ran out)
                # while it waited: nobody asks for it now, and a reply would be taken as the
                # answer to the grader's next request
                continue
            operation = operations.get(header.get("op"))
            try:
                if operation is None:
                    raise ValueError(f"unknown request {header.get('op')!r}")
                reply, out = operation(header, blobs)
                self.flush()
                self.send(reply, out)
            except BaseException as error:
                try:
                    self.flush()
                    self.send(self.error_reply(error))
                except BaseException:
                    self.send_bytes(out_of_memory)


def _seed(seed: int) -> None:
    """Seed ``random`` and numpy's global generator (before the student's code runs)."""
    import random

    random.seed(seed)
    np.random.seed(seed % 2**32)


def _describe(error: BaseException, index: int) -> str:
    """ "ZeroDivisionError: division by zero (line 3)" for an exception raised in cell ``index``."""
    try:
        message = str(error)[:300]
    except BaseException:
        message = ""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == f"<cell {index}>":
            line = frame.lineno
    text = type(error).__name__ + (f": {message}" if message else "")
    return text + (f" (line {line})" if line else "")


def _student_traceback(error: BaseException) -> str:
    """The frames of the traceback that are in the student's cells, newest last.

    After them, for the newest student frame: ``where: <its source line>`` and
    ``operands: name (array (4, 3) float64); ...`` for the local names that line uses, so
    the grader can say the error in the student's terms. Only types and shapes are read
    (no method of the student's values is called).
    """
    try:
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if f.filename.startswith("<cell ")]
        lines = [f"{f.filename[1:-1]}, line {f.lineno}, in {f.name}" for f in frames]
        lines += _where(error)
        return "\n".join(lines)[-MAX_TRACEBACK:]
    except BaseException:
        return ""


def _where(error: BaseException) -> list[str]:
    tb, last = error.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.startswith("<cell "):
            last = tb
        tb = tb.tb_next
    if last is None:
        return []
    source = _SOURCES.get(last.tb_frame.f_code.co_filename, [])
    if not 0 < last.tb_lineno <= len(source):
        return []
    text = source[last.tb_lineno - 1].strip()[:160]
    local = last.tb_frame.f_locals
    seen, operands = set(), []
    for name in _NAME.findall(text):
        if name in local and name not in seen and type(name) is str:
            seen.add(name)
            operands.append(f"{name} ({_kind(local[name])})")
    arrays = []  # module-level arrays the function reads: state left by other calls
    code, scope = last.tb_frame.f_code, last.tb_frame.f_globals
    if last.tb_frame.f_locals is not scope:
        ops = [(i.opname, i.argval) for i in dis.get_instructions(code)]
        stored = {name for op, name in ops if op == "STORE_GLOBAL"}
        for name in dict.fromkeys(name for op, name in ops if op == "LOAD_GLOBAL"):
            if (type(name) is str and name not in stored and name in scope
                    and issubclass(type(scope[name]), _ndarray)):
                arrays.append(f"{name} ({_kind(scope[name])})")
    return ([f"where: {text}"] + (["operands: " + "; ".join(operands[:6])] if operands else [])
            + (["globals: " + "; ".join(arrays[:6])] if arrays else []))


def _kind(value) -> str:
    """'array (4, 3) float64', 'float', 'list of 3', 'function': type and shape only."""
    kind = type(value)
    if issubclass(kind, _ndarray):
        shape = _ndarray.shape.__get__(value)
        return f"array {tuple(shape)} {_ndarray.dtype.__get__(value)}"
    if issubclass(kind, list | tuple):
        size = list.__len__(value) if issubclass(kind, list) else tuple.__len__(value)
        return f"{'list' if issubclass(kind, list) else 'tuple'} of {size}"
    if isinstance(value, types.FunctionType | types.BuiltinFunctionType):
        return "function"
    return str(_type_name(kind))[:40]


def _pin_builtins() -> None:
    """Give the standard modules the child relies on their own copy of every builtin.

    A module's globals are searched before ``builtins``, so a submission that replaces
    ``builtins.isinstance`` (say) cannot break how replies are encoded.
    """
    import json.decoder
    import json.encoder
    import json.scanner
    import linecache

    for module in (json, json.encoder, json.decoder, json.scanner, traceback, linecache):
        for key, value in vars(builtins).items():
            if not key.startswith("__"):
                module.__dict__.setdefault(key, value)


def _no_input(*_args, **_kwargs):
    raise EOFError("input() is not available while grading")


# ----------------------------------------------------------------------------- entry

def become_supervised(req: int, resp: int, boot_parent: int | None = None) -> None:
    """Fork into supervisor, decoy and worker; return in the worker (see the docstring).

    Without bubblewrap only: under it, bubblewrap's own init (PID 1 of the sandbox's PID
    namespace, which the sandbox cannot signal) reaps orphans and the whole namespace dies
    when the grader ends it, so the child runs the student's code itself.
    """
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)  # the grader died: end everything (supervise)
    if boot_parent is not None and os.getppid() != boot_parent:
        os._exit(1)
    supervisor = os.getpid()
    pid_r, pid_w = os.pipe()
    decoy = os.fork()
    if decoy:
        for fd in (pid_w, req, resp):
            os.close(fd)
        worker = int(os.read(pid_r, 32) or b"0")
        os.close(pid_r)
        supervise(decoy, worker)
    os.close(pid_r)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != supervisor:
        os._exit(1)
    worker = os.fork()
    if worker:
        for fd in (req, resp):
            os.close(fd)
        os.write(pid_w, str(worker).encode())
        os.close(pid_w)
        wait_as_decoy(worker)
    os.close(pid_w)


def apply_rlimits(settings: list) -> None:
    """Set (resource, soft, hard) limits on this process, never above what it already has."""
    for which, soft, hard in settings:
        _, current_hard = resource.getrlimit(which)
        if current_hard != resource.RLIM_INFINITY:
            hard = min(hard, current_hard)
            soft = min(soft, hard)
        try:
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):
            pass


def main(req: int, resp: int, boot: dict) -> None:
    """Entry point of the child interpreter (called by the bootstrap)."""
    if boot.get("mode") == "zygote":
        os.close(req)
        zygote_main(resp, boot)
    apply_rlimits(boot["rlimits"])
    if boot.get("confine"):  # no bubblewrap: the kernel's own confinement, before any cell
        confine(str(boot["confine"]))
    _pin_builtins()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if boot["supervise"]:
        become_supervised(req, resp, boot.get("parent"))
    worker_main(req, resp, boot)


# ----------------------------------------------------------------------------- confinement
#
# Without bubblewrap the child confines itself with what the kernel offers any user: a
# network namespace of its own (nothing but a loopback that is not the grader's; made in a
# new user namespace when not root) and a Landlock ruleset under which it can write only
# beneath its scratch folder (and to /dev/null), and, where the kernel has the scope, reach
# no abstract unix socket outside its own. ``CONFINED`` says what took effect; the grader reports it
# and refuses to grade where nothing did (see sandbox.confinement).

CONFINED: list = []
LANDLOCK_CREATE_RULESET, LANDLOCK_ADD_RULE, LANDLOCK_RESTRICT_SELF = 444, 445, 446
LANDLOCK_CREATE_RULESET_VERSION, LANDLOCK_RULE_PATH_BENEATH = 1, 1
#: Landlock's write rights by the ABI that brought them: make, remove, write, refer, truncate.
FS_WRITE = {1: 0b1_1111_1111_0010, 2: 1 << 13, 3: 1 << 14}
FS_FILE_WRITE = (1 << 1) | (1 << 14)  # WRITE_FILE, TRUNCATE: the rights a file rule may hold
NET_TCP = 0b11  # BIND_TCP, CONNECT_TCP (ABI 4)
SCOPES = 0b01  # abstract unix sockets outside the domain (ABI 6); signals stay as the
#              hostile tests expect them (the decoy and the supervisor answer those)


def confine(scratch: str) -> None:
    """Enter a network namespace and restrict writes to ``scratch``; record what worked."""
    steps = (("network namespace", _own_network), ("landlock", lambda: _landlock(scratch)))
    for name, step in steps:
        try:
            step()
            CONFINED.append(name)
        except OSError:
            pass


def _own_network() -> None:
    libc = _libc()[1]
    uid, gid = os.getuid(), os.getgid()
    if uid == 0:
        _check(libc.unshare(CLONE_NEWNET), "unshare")
        return
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNET), "unshare")
    _map_to_self(uid, gid)


def _map_to_self(uid: int, gid: int) -> None:
    """In a new user namespace: the same user and group inside as outside, no setgroups."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                       ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)


def _landlock(scratch: str) -> None:
    ctypes, libc = _libc()
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                       ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    if abi < 1:
        raise OSError(ctypes.get_errno(), "no landlock")
    fs = sum(bits for version, bits in FS_WRITE.items() if abi >= version)
    fields = [fs, NET_TCP if abi >= 4 else 0, SCOPES if abi >= 6 else 0]
    size = 8 * (3 if abi >= 6 else 2 if abi >= 4 else 1)
    attr = (ctypes.c_uint64 * 3)(*fields)
    ruleset = libc.syscall(LANDLOCK_CREATE_RULESET, attr, ctypes.c_size_t(size),
                           ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for path, rights in ((scratch, fs), ("/dev/null", fs & FS_FILE_WRITE)):
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            try:
                rule = (ctypes.c_uint8 * 12)()
                ctypes.memmove(rule, ctypes.byref(ctypes.c_uint64(rights)), 8)
                ctypes.memmove(ctypes.byref(rule, 8), ctypes.byref(ctypes.c_int32(fd)), 4)
                if libc.syscall(LANDLOCK_ADD_RULE, ctypes.c_int(ruleset),
                                ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH), rule,
                                ctypes.c_uint32(0)) != 0:
                    raise OSError(ctypes.get_errno(), "landlock_add_rule failed")
            finally:
                os.close(fd)
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
        if libc.syscall(LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)


# ----------------------------------------------------------------------------- zygote
#
# Under bubblewrap the grader may keep a warm "zygote": an interpreter in its own bubblewrap
# sandbox with numpy and matplotlib already imported, which never runs student code itself.
# For each submission it forks a child that isolates itself further before any student
# code runs: new user, mount, PID, network, IPC and UTS namespaces, a private tmpfs on
# /sandbox and /dev/shm, no capabilities, no new privileges, its own session and limits.
# The child's PID namespace has a tiny init (PID 1); when the worker (PID 2) ends, the init
# ends and the kernel kills everything left in the namespace.

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x4000, 0x40000
PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 4, 24, 38
ISOLATION_FAILED = 97


def _libc():
    import ctypes

    return ctypes, ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        import ctypes

        raise OSError(ctypes.get_errno(), f"{what} failed")


def isolate(workspace_bytes: int) -> None:
    """Enter fresh namespaces with a private /sandbox (in the process that will fork PID 1)."""
    _ctypes, libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET
                        | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
    _map_to_self(uid, gid)
    _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "making / private")
    options = f"size={workspace_bytes},mode=0755".encode()
    _check(libc.mount(b"tmpfs", b"/sandbox", b"tmpfs", MS_NOSUID | MS_NODEV, options),
           "mounting /sandbox")
    if os.path.isdir("/dev/shm"):
        _check(libc.mount(b"tmpfs", b"/dev/shm", b"tmpfs", MS_NOSUID | MS_NODEV,
                          b"size=1048576"), "mounting /dev/shm")


def drop_privileges() -> None:
    """No capabilities (not even in our own user namespace) and no way to gain any."""
    ctypes, libc = _libc()
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    for cap in range(64):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            break
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this pid
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable (x2): all empty
    _check(libc.capset(header, data), "capset")


def _report(error: BaseException) -> None:
    """Say on stderr why isolation failed (the grader logs it and stops forking)."""
    try:
        os.write(2, f"scratchnet zygote: isolation failed: {error!r}\n".encode())
        traceback.print_exception(error)
    except OSError:
        pass


def run_isolated(fds: list[int], spec: dict, control: int) -> None:
    """In a freshly forked child of the zygote: isolate, then become the worker."""
    try:
        os.close(control)
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        isolate(spec["workspace_bytes"])
    except BaseException as error:
        _report(error)
        os._exit(ISOLATION_FAILED)
    init = os.fork()  # PID 1 of the new namespace
    if init:
        for fd in fds:
            os.close(fd)
        _, status = os.waitpid(init, 0)
        os._exit(_exit_code(status))
    # PID 1 dies with the process the zygote forked (killed when the submission ends):
    # the kernel then kills everything left in the namespace. (Its parent is outside the
    # namespace, so getppid() is 0 here and cannot tell whether it died already; the
    # cgroup, where there is one, covers that instant.)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    worker = os.fork()
    if worker:
        for fd in fds:
            os.close(fd)
        while True:  # PID 1: reap orphans until the worker ends, then end the namespace
            pid, status = os.wait()
            if pid == worker:
                os._exit(_exit_code(status))
    try:
        req, resp, out, err = fds
        null = os.open("/dev/null", os.O_RDONLY)
        for fd, target in ((null, 0), (out, 1), (err, 2)):
            os.dup2(fd, target)
            os.close(fd)
        os.setsid()
        os.chdir("/sandbox")
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        drop_privileges()
    except BaseException as error:
        _report(error)
        os._exit(ISOLATION_FAILED)
    boot = dict(spec)
    boot["supervise"] = False
    worker_main(req, resp, boot)


def worker_main(req: int, resp: int, boot: dict) -> None:
    """Run the worker: limits, then the request loop (never returns)."""
    apply_rlimits(boot["rlimits"])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    builtins.input = _no_input
    server = Server(req, resp, boot)
    server.send({"op": "ready", "pid": os.getpid(), "confined": CONFINED})
    server.serve()


def zygote_main(control: int, boot: dict) -> None:
    """The zygote: preload, then fork one isolated worker per spawn request (never returns).

    Control messages (JSON over a SOCK_SEQPACKET socket, descriptors as SCM_RIGHTS):
    in: ``{"op": "spawn", "id", ...spec}`` + [req, resp, stdout, stderr] and
    ``{"op": "kill", "id"}``; out: ``{"ready"}``, ``{"spawned": id}`` and
    ``{"exited": id, "code": c}``.
    """
    import json
    import select
    import socket

    _pin_builtins()
    _prctl(PR_SET_DUMPABLE, 0)  # nothing in the sandbox may read or trace the zygote

    def preload(names: list) -> None:
        for name in names:
            if name in ("numpy", "numpy.random", "random", *WARMABLE):
                try:
                    __import__(name)
                except Exception:
                    pass

    preload(boot.get("preload", []))
    sock = socket.socket(fileno=control)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    children: dict[int, int] = {}

    def tell(message: dict) -> None:
        try:
            sock.send(json.dumps(message).encode())
        except OSError:
            os._exit(0)

    tell({"ready": True})
    while True:
        select.select([sock, wake_r], [], [])
        try:
            os.read(wake_r, 512)
        except BlockingIOError:
            pass
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            tell({"exited": children.pop(pid, -1), "code": _exit_code(status)})
        try:
            message, fds, _flags, _addr = socket.recv_fds(sock, 1 << 20, 8, socket.MSG_DONTWAIT)
        except BlockingIOError:
            continue
        except OSError:
            os._exit(0)
        if not message:
            os._exit(0)
        request = json.loads(message)
        if request.get("op") == "spawn" and len(fds) == 4:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            pid = os.fork()
            if pid == 0:
                os.close(wake_r)
                os.close(wake_w)
                run_isolated(fds, request, control)
            children[pid] = request["id"]
            tell({"spawned": request["id"]})
        elif request.get("op") == "preload" and type(request.get("modules")) is list:
            preload(request["modules"])
        elif request.get("op") == "kill":
            for pid, ident in list(children.items()):
                if ident == request.get("id"):
                    os.kill(pid, signal.SIGKILL)
        for fd in fds:
            os.close(fd)
