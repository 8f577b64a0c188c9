"""The grader's side of a stand-in: answering the student's call of a name we replaced.

While a check is re-run to find where a mistake lives
(``autograder.diagnose.attribution``), some of the student's names are stand-ins
(``Server.op_stand_in`` in ``child/server.py``): calling one sends ``{"op": "callback",
"name", "args", "kwargs"}`` to the grader instead of running the student's function.
``answer(header, blobs, respond)`` turns that question into the reply frame: the arguments
decoded as untrusted values (arrays, numbers, tuples; no objects of the student's),
``respond(name, args, kwargs)`` run here, its value sent back. An error of ``respond``
becomes an error reply, raised in the student's code as a TypeError or ValueError, as the
real function would raise it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.sandbox import wire

#: The most array elements one question may carry (the reference's work stays small).
MAX_ELEMENTS = 4_000_000

Respond = Callable[[str, tuple, dict], Any]


def _no_objects(*_: Any) -> Any:
    raise wire.WireError("a stand-in was passed something that is not a value")


def question(header: dict, blobs: list[np.ndarray]) -> tuple[str, tuple, dict]:
    """(name, args, kwargs) of a callback; WireError if it is malformed or too large."""
    name = header.get("name")
    if type(name) is not str:
        raise wire.WireError("a callback without a name")
    decoder = wire.Decoder(blobs, _no_objects, _no_objects)
    args, kwargs = decoder.decode(header.get("args")), decoder.decode(header.get("kwargs"))
    if type(args) is not tuple or type(kwargs) is not dict \
            or not all(type(k) is str for k in kwargs):
        raise wire.WireError("a callback with invalid arguments")
    if sum(a.size for a in decoder.arrays.values()) > MAX_ELEMENTS:
        raise wire.WireError("a callback with too large arguments")
    return name, args, kwargs


def answer(header: dict, blobs: list[np.ndarray], respond: Respond) -> bytes:
    """The reply frame to one callback; arguments that are not values get a TypeError."""
    try:
        name, args, kwargs = question(header, blobs)
        with np.errstate(all="ignore"):
            value = respond(name, args, kwargs)
        out: list[np.ndarray] = []
        node = wire.encode(value, out, _no_objects)
    except Exception as error:  # the reference refused these arguments, as the student's would
        kind = "TypeError" if isinstance(error, TypeError | wire.WireError) else "ValueError"
        return wire.pack({"ok": False, "error": {"type": kind, "message": str(error)[:300]}})
    return wire.pack({"ok": True, "value": node}, out)
