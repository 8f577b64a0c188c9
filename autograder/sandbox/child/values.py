"""The child's side of sending a value: whatever the student's code returned, as a node.
Loaded in the child as ``_scratchnet_values``.
"""

import _scratchnet_wire as wire
import numpy as np
from _scratchnet_tracebacks import SoftTimeout, type_name

MAX_STR = 1_000_000
MAX_INT_BITS = 10_000
MAX_REPR = 120

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


def _opaque(value) -> dict:
    try:
        name = str(type_name(type(value)))[:80]
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

    def __init__(self, server, handles: bool = True):  # server: a server.Server
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
