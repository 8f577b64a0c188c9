"""The wire format between the grader and the child: frames, raw arrays, value trees.

This module runs on both sides of the boundary, so it imports only the standard library and
numpy (the child gets its source text, never the autograder package).

A frame is ``len(header)`` as 4 big-endian bytes, a UTF-8 JSON header, then the raw bytes
of the arrays the header lists under ``"arrays"``, one after another. Each array is
described there as ``[dtype, shape]``: a dtype string from an allow-list (bool, ints and
unsigned ints, floats, complex, in this machine's byte order: ``"<f8"``, ``"|b1"``...) and
a list of dimensions; its bytes are C-ordered, ``itemsize * prod(shape)`` of them, so the
header alone says how long the frame is, and the total is checked against the reader's
limit before a byte of it is read. Nothing in a frame can carry code: JSON holds plain data,
and arrays are made with ``np.frombuffer`` from a dtype that was looked up, never parsed
(no pickle, no object or structured dtypes).

A value is sent as a JSON *node*:

==========================  =============================================
``null``/bool/number/str    None, bool, int, float, str
``[n, ...]``                list
``{"t": [n, ...]}``         tuple
``{"d": [[k, v], ...]}``    dict (keys and values are nodes)
``{"a": i}``                ndarray i of the frame
``{"s": i}``                numpy scalar (0-d array i)
``{"l": i}``                list of numpy scalars of one dtype (1-d array i)
``{"lf": i}``               list of floats (1-d float64 array i)
``{"h": k}``                remote object k living in the child
``{"u": [type, repr]}``     a value the child could not send (child to parent only)
==========================  =============================================
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

#: dtype kinds that may cross: bool, signed and unsigned ints, floats, complex.
ALLOWED_KINDS = frozenset("biufc")
#: The dtype strings a frame may name: every bool, int, float and complex type, native order.
ALLOWED_DTYPES = {name: np.dtype(name) for name in
                  {np.dtype(code).str for code in "?bhilqBHILQefdgFDG"}}
MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_DIMS = 32
MAX_DEPTH = 100
MAX_NODES = 1_000_000

# Bound now, before any student code can monkeypatch numpy in the child.
_frombuffer = np.frombuffer
_ndarray = np.ndarray
_generic = np.generic
_asarray = np.asarray
_astype = np.ndarray.astype
_copy = np.ndarray.copy
_dumps = json.dumps
_loads = json.loads
_pack_len = struct.Struct(">I")
#: The dtypes of allowed arrays seen so far, and their names (see ``_name``).
_names: dict[np.dtype, str] = {dtype: name for name, dtype in ALLOWED_DTYPES.items()}


class WireError(ValueError):
    """Bytes that are not a valid frame, array or value node."""


# ----------------------------------------------------------------------------- frames

def pack(header: dict, arrays: Sequence[np.ndarray] = ()) -> bytes:
    """One frame: header (a JSON-able dict; "arrays" is set here) followed by the arrays'
    bytes. ``arrays``: native-order, C-contiguous arrays of allowed dtypes (``sendable``)."""
    header["arrays"] = [[_name(a.dtype), list(a.shape)] for a in arrays]
    text = _dumps(header, separators=(",", ":")).encode("utf-8")
    return b"".join([_pack_len.pack(len(text)), text, *arrays])


def _name(dtype: np.dtype) -> str:
    """``dtype.str``, remembered (computing it costs more than the rest of a small array)."""
    name = _names.get(dtype)
    if name is None:
        name = _names[dtype] = dtype.str
    return name


def sendable(array: np.ndarray, copy: bool = False) -> np.ndarray:
    """``array`` as it crosses: a plain ndarray, C-ordered, in native byte order (a copy if
    ``copy`` or if it is not so already). WireError for a dtype that may not cross."""
    array = _asarray(array)
    dtype = array.dtype
    if dtype not in _names:
        check_dtype(dtype)
    if copy or not dtype.isnative or not array.flags.c_contiguous:
        return _astype(array, dtype.newbyteorder("="), order="C")
    return array


def check_dtype(dtype: np.dtype) -> None:
    """WireError unless ``dtype`` is a plain numeric or bool dtype."""
    if (dtype.kind not in ALLOWED_KINDS or dtype.fields is not None
            or dtype.subdtype is not None or dtype.hasobject):
        raise WireError(f"arrays of dtype {dtype} cannot be sent")


class FrameReader:
    """Cuts frames out of a byte stream fed in arbitrary pieces, checking every size.

    max_blob_bytes: the most array bytes one frame may carry (a larger frame is a WireError).
    A frame comes out as (header, arrays): read-only arrays over the frame's bytes.
    """

    def __init__(self, max_blob_bytes: int):
        self.max_blob_bytes = max_blob_bytes
        self._buffer = bytearray()
        self._header: dict | None = None
        self._layout: list[tuple[np.dtype, tuple[int, ...], int]] = []
        self._need = 4

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def next_frame(self) -> tuple[dict, list[np.ndarray]] | None:
        """The next complete frame as (header, arrays), or None if more bytes are needed."""
        if self._header is None:
            if len(self._buffer) < 4:
                return None
            (size,) = _pack_len.unpack_from(self._buffer)
            if size > MAX_HEADER_BYTES:
                raise WireError(f"frame header of {size} bytes is too large")
            if len(self._buffer) < 4 + size:
                return None
            header = parse_header(bytes(self._buffer[4:4 + size]))
            del self._buffer[:4 + size]
            layout = array_layout(header["arrays"])
            need = sum(count * dtype.itemsize for dtype, _, count in layout)
            if need > self.max_blob_bytes:
                raise WireError(f"frame of {need} bytes exceeds the limit of "
                                f"{self.max_blob_bytes} bytes")
            self._header, self._layout, self._need = header, layout, need
        if len(self._buffer) < self._need:
            return None
        header, self._header = self._header, None
        data = bytes(self._buffer[:self._need])
        del self._buffer[:self._need]
        arrays, start = [], 0
        for dtype, shape, count in self._layout:
            arrays.append(_frombuffer(data, dtype=dtype, count=count,
                                      offset=start).reshape(shape))
            start += count * dtype.itemsize
        return header, arrays


def parse_header(text: bytes) -> dict:
    """A frame header: a JSON object whose "arrays" is a list (see ``array_layout``)."""
    try:
        header = _loads(text.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise WireError(f"frame header is not valid JSON: {str(error)[:200]}") from None
    if not isinstance(header, dict):
        raise WireError("frame header is not a JSON object")
    if not isinstance(header.get("arrays"), list):
        raise WireError("frame header has no valid array list")
    return header


def array_layout(described: list) -> list[tuple[np.dtype, tuple[int, ...], int]]:
    """(dtype, shape, element count) of each ``[dtype, shape]`` a frame header lists;
    WireError for a dtype not on the allow-list or a shape that is not a list of at most
    MAX_DIMS non-negative ints."""
    layout = []
    for entry in described:
        if type(entry) is not list or len(entry) != 2:
            raise WireError("invalid array description")
        name, shape = entry
        dtype = ALLOWED_DTYPES.get(name) if type(name) is str else None
        if dtype is None:
            raise WireError(f"arrays of dtype {str(name)[:40]!r} cannot be sent")
        if type(shape) is not list or len(shape) > MAX_DIMS:
            raise WireError(f"invalid array shape {str(shape)[:80]}")
        count = 1
        for n in shape:
            if type(n) is not int or n < 0:
                raise WireError(f"invalid array shape {str(shape)[:80]}")
            count *= n
        layout.append((dtype, tuple(shape), count))
    return layout


# ----------------------------------------------------------------------------- values

def encode(value: Any, blobs: list[np.ndarray], other: Callable[[Any], Any],
           arrays: dict[int, tuple[int, np.ndarray]] | None = None) -> Any:
    """The node of a trusted value; its arrays are appended to ``blobs`` (as they cross).

    Exact builtin types, ndarrays and numpy scalars are encoded here; anything else goes to
    ``other(value)``, which returns a node or raises TypeError. ``arrays`` collects
    id(array) -> (blob index, array): an array that appears twice is sent once (aliasing
    survives), and the caller can find the arrays it sent by blob index.
    """
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [encode(item, blobs, other, arrays) for item in value]
    if kind is tuple:
        return {"t": [encode(item, blobs, other, arrays) for item in value]}
    if kind is dict:
        return {"d": [[encode(k, blobs, other, arrays), encode(v, blobs, other, arrays)]
                      for k, v in value.items()]}
    if isinstance(value, _ndarray):
        if arrays is not None and id(value) in arrays:
            return {"a": arrays[id(value)][0]}
        blobs.append(sendable(value))
        if arrays is not None:
            arrays[id(value)] = (len(blobs) - 1, value)
        return {"a": len(blobs) - 1}
    if isinstance(value, _generic):
        blobs.append(sendable(np.asarray(value)))
        return {"s": len(blobs) - 1}
    return other(value)


class Decoder:
    """Turns nodes back into values, validating every node (the parent trusts nothing).

    on_handle(k): the value for remote object k. on_opaque(type, repr): the value for a
    value the child could not send (None: such nodes are invalid).
    """

    def __init__(self, blobs: list[np.ndarray], on_handle: Callable[[int], Any],
                 on_opaque: Callable[[str, str], Any] | None = None):
        self.blobs = blobs
        self.on_handle = on_handle
        self.on_opaque = on_opaque
        self.arrays: dict[int, np.ndarray] = {}
        self._nodes = 0

    def array(self, index: Any) -> np.ndarray:
        """Array ``index`` of the frame: a writable copy of its own (the same one each time
        it is referred to, so that aliasing survives)."""
        if type(index) is not int or not 0 <= index < len(self.blobs):
            raise WireError(f"invalid array reference {index!r}")
        if index not in self.arrays:
            blob = self.blobs[index]
            if type(blob) is not _ndarray or ALLOWED_DTYPES.get(blob.dtype.str) != blob.dtype:
                raise WireError("not an array as it crosses")
            self.arrays[index] = _copy(blob)
        return self.arrays[index]

    def decode(self, node: Any, depth: int = 0) -> Any:
        self._nodes += 1
        if self._nodes > MAX_NODES or depth > MAX_DEPTH:
            raise WireError("value is nested too deeply or has too many parts")
        kind = type(node)
        if node is None or kind in (bool, int, float, str):
            return node
        if kind is list:
            return [self.decode(item, depth + 1) for item in node]
        if kind is not dict or len(node) != 1:
            raise WireError(f"invalid value node of type {kind.__name__}")
        ((tag, body),) = node.items()
        if tag == "t" and type(body) is list:
            return tuple(self.decode(item, depth + 1) for item in body)
        if tag == "d" and type(body) is list:
            return self._dict(body, depth)
        if tag == "a":
            return self.array(body)
        if tag == "s":
            scalar = self.array(body)
            if scalar.shape != ():
                raise WireError("numpy scalar is not 0-dimensional")
            return scalar[()]
        if tag == "l":
            items = self.array(body)
            if items.ndim != 1:
                raise WireError("list of numpy scalars is not 1-dimensional")
            return list(items)
        if tag == "lf":
            items = self.array(body)
            if items.ndim != 1 or items.dtype != np.float64:
                raise WireError("list of floats is not a 1-dimensional float64 array")
            return items.tolist()
        if tag == "h" and type(body) is int:
            return self.on_handle(body)
        if (tag == "u" and self.on_opaque is not None and type(body) is list
                and len(body) == 2 and all(type(part) is str for part in body)):
            return self.on_opaque(body[0][:200], body[1][:200])
        raise WireError(f"invalid value node tagged {tag!r}")

    def _dict(self, pairs: list, depth: int) -> dict:
        result = {}
        for pair in pairs:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("invalid dict entry")
            key = self.decode(pair[0], depth + 1)
            try:
                result[key] = self.decode(pair[1], depth + 1)
            except TypeError:
                raise WireError("unhashable dict key") from None
        return result
