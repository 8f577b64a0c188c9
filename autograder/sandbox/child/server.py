"""The worker's request server: the student's namespace, and the grader's requests on it.
Loaded in the child as ``_scratchnet_server``.

Requests (``op``): ``load`` (see ``loading.py`` here), ``describe``, ``dir``, ``call``,
``getattr``, ``setattr``, ``repeat`` (a fixed sequence of method calls run many times, see
``Server.op_repeat``), ``stand_in`` and ``restore`` (see ``Server.op_stand_in``: names of
the student's that call back into the grader while a check is re-run, so a mistake is found
in the function where it lives).
Replies: ``{"ok": true, ...}``, ``{"ok": false, "error": {...}}`` or
``{"ok": false, "timeout": true}`` (the soft, in-child timeout fired; the worker lives on).
"""

import builtins
import os
import resource
import signal
import sys
import traceback
import types

import _scratchnet_wire as wire
from _scratchnet_isolation import CONFINED
from _scratchnet_loading import Loading
from _scratchnet_tracebacks import Reported, SoftTimeout, on_alarm, student_traceback, type_name
from _scratchnet_values import Encoder

_MISSING = object()
#: The errors a stand-in may raise for the grader's answer (anything else: RuntimeError).
_ANSWER_ERRORS = {"TypeError": TypeError, "ValueError": ValueError,
                  "IndexError": IndexError, "KeyError": KeyError}


class Server(Loading):
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
        self.answers = Answers()  # the grader's answers to stand-ins, by question
        signal.signal(signal.SIGALRM, on_alarm)

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
            name = str(type_name(type(error)))[:80]
        except Exception:
            name = "Exception"
        try:
            message = str(error)[:500]
        except BaseException:
            message = ""
        return {"ok": False, "error": {"type": name, "message": message,
                                       "traceback": student_traceback(error)}}

    # -- operations

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
        The grader computes the answer; only its values are kept here (``Answers``). ``restore``
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
            # only while standing in: a stand-in kept and called later still asks (and ends
            # the child: nobody asked for it)
            key = (server.answers.key(question, encoder.blobs)
                   if any(n == name for _, n in server.replaced) else None)
            header, blobs = server.answers.get(key)
            if header is None:
                server.flush()
                server.send(question, encoder.blobs)
                header, blobs = server.read()
                server.answers.keep(key, header, blobs)
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


def pin_builtins() -> None:
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


class Answers:
    """The grader's answers to stand-ins' questions, kept by question (name, arguments'
    structure, arrays' dtype, shape and bytes): the reference is a function of its
    arguments, so a question asked again (a check re-run trains on the same data from the
    same weights) is answered here without a round trip. Only values are kept, as the grader
    sent them; each use decodes fresh copies. At most MAX_BYTES of arguments and answers."""

    MAX_BYTES = 32 << 20

    def __init__(self) -> None:
        self.kept: dict[tuple, tuple[dict, list]] = {}
        self.size = 0

    @staticmethod
    def key(question: dict, blobs: list) -> tuple | None:
        try:
            shape = repr((question["name"], question["args"], question["kwargs"]))
            return (shape, *((b.dtype.str, b.shape, b.tobytes()) for b in blobs))
        except Exception:  # noqa: BLE001  (not kept: asked each time)
            return None

    def get(self, key: tuple | None) -> tuple[dict | None, list]:
        if key is None or key not in self.kept:
            return None, []
        return self.kept[key]

    def keep(self, key: tuple | None, header: dict, blobs: list) -> None:
        if key is None:
            return
        size = sum(len(part[2]) for part in key[1:]) + sum(b.nbytes for b in blobs) + 200
        if self.size + size <= self.MAX_BYTES:
            self.kept[key] = (header, [b.copy() for b in blobs])
            self.size += size
