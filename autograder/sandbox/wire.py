"""The wire format between the grader and the child: frames, ``.npy`` arrays, value trees.

This module runs on both sides of the boundary, so it imports only the standard library and
numpy (the child gets its source text, never the autograder package).

A frame is ``len(header)`` as 4 big-endian bytes, a UTF-8 JSON header, then raw blobs whose
byte lengths the header lists under ``"blobs"``. Nothing in a frame can carry code: JSON
holds plain data and every blob is an ``.npy`` array of a numeric or bool dtype, read back
with an explicit header check and ``np.frombuffer`` (never pickle).

A value is sent as a JSON *node*:

==========================  =============================================
``null``/bool/number/str    None, bool, int, float, str
``[n, ...]``                list
``{"t": [n, ...]}``         tuple
``{"d": [[k, v], ...]}``    dict (keys and values are nodes)
``{"a": i}``                ndarray in blob i
``{"s": i}``                numpy scalar (0-d array in blob i)
``{"l": i}``                list of numpy scalars of one dtype (1-d array in blob i)
``{"lf": i}``               list of floats (1-d float64 array in blob i)
``{"h": k}``                remote object k living in the child
``{"u": [type, repr]}``     a value the child could not send (child to parent only)
==========================  =============================================
"""

from __future__ import annotations

import io
import json
import math
import re
import struct
from collections.abc import Callable
from typing import Any

import numpy as np

#: dtype kinds that may cross: bool, signed and unsigned ints, floats, complex.
ALLOWED_KINDS = frozenset("biufc")
MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 100
MAX_NODES = 1_000_000

# Bound now, before any student code can monkeypatch numpy in the child.
_write_array = np.lib.format.write_array
_read_magic = np.lib.format.read_magic
_read_header_1_0 = np.lib.format.read_array_header_1_0
_read_header_2_0 = np.lib.format.read_array_header_2_0
_frombuffer = np.frombuffer
_ndarray = np.ndarray
_generic = np.generic
_dumps = json.dumps
_loads = json.loads
_pack_len = struct.Struct(">I")
_MAGIC = b"\x93NUMPY\x01\x00"
# Headers already written and read: the same few shapes cross again and again.
_CACHE_SIZE = 512
_written: dict[tuple[str, tuple[int, ...]], bytes] = {}
_read: dict[bytes, tuple[tuple[int, ...], bool, np.dtype, int]] = {}
#: The header np.save writes for a plain array; anything else goes to numpy's own parser.
_HEADER = re.compile(r"\{'descr': '([<>|=][biufc][0-9]{1,2})', 'fortran_order': (True|False), "
                     r"'shape': \(((?:[0-9]{1,18}, )*[0-9]{1,18},?)?\), \} *\n")


class WireError(ValueError):
    """Bytes that are not a valid frame, array or value node."""


# ----------------------------------------------------------------------------- frames

def pack(header: dict, blobs: list[bytes] | tuple[bytes, ...] = ()) -> bytes:
    """One frame: header (a JSON-able dict; "blobs" is set here) followed by the blobs."""
    header["blobs"] = [len(b) for b in blobs]
    text = _dumps(header, separators=(",", ":")).encode("utf-8")
    return b"".join([_pack_len.pack(len(text)), text, *blobs])


class FrameReader:
    """Cuts frames out of a byte stream fed in arbitrary pieces, checking every size.

    max_blob_bytes: the most blob bytes one frame may carry (a larger frame is a WireError).
    """

    def __init__(self, max_blob_bytes: int):
        self.max_blob_bytes = max_blob_bytes
        self._buffer = bytearray()
        self._header: dict | None = None
        self._need = 4

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def next_frame(self) -> tuple[dict, list[bytes]] | None:
        """The next complete frame as (header, blobs), or None if more bytes are needed."""
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
            lengths = header["blobs"]
            if sum(lengths) > self.max_blob_bytes:
                raise WireError(f"frame of {sum(lengths)} bytes exceeds the limit of "
                                f"{self.max_blob_bytes} bytes")
            self._header, self._need = header, sum(lengths)
        if len(self._buffer) < self._need:
            return None
        header, self._header = self._header, None
        data = bytes(self._buffer[:self._need])
        del self._buffer[:self._need]
        blobs, start = [], 0
        for length in header["blobs"]:
            blobs.append(data[start:start + length])
            start += length
        return header, blobs


def parse_header(text: bytes) -> dict:
    """A frame header: a JSON object whose "blobs" is a list of non-negative ints."""
    try:
        header = _loads(text.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise WireError(f"frame header is not valid JSON: {str(error)[:200]}") from None
    if not isinstance(header, dict):
        raise WireError("frame header is not a JSON object")
    lengths = header.get("blobs")
    if not isinstance(lengths, list) or not all(
            type(n) is int and n >= 0 for n in lengths):
        raise WireError("frame header has no valid blob list")
    return header


# ----------------------------------------------------------------------------- arrays

def array_to_npy(array: np.ndarray) -> bytes:
    """``.npy`` (version 1.0) bytes of a numeric or bool array, as ``np.save`` writes them."""
    array = np.asarray(array, order="C")
    key = (array.dtype.str, array.shape)
    prefix = _written.get(key)
    if prefix is None:
        check_dtype(array.dtype)
        header = (f"{{'descr': '{array.dtype.str}', 'fortran_order': False, "
                  f"'shape': {tuple(array.shape)!r}, }}")
        padding = 63 - (len(_MAGIC) + 2 + len(header)) % 64
        header = (header + " " * padding + "\n").encode("latin1")
        if len(header) > 0xFFFF:
            buffer = io.BytesIO()
            _write_array(buffer, array, allow_pickle=False)
            return buffer.getvalue()
        prefix = _MAGIC + struct.pack("<H", len(header)) + header
        if len(_written) < _CACHE_SIZE:
            _written[key] = prefix
    return prefix + array.tobytes()


def check_dtype(dtype: np.dtype) -> None:
    """WireError unless ``dtype`` is a plain numeric or bool dtype."""
    if (dtype.kind not in ALLOWED_KINDS or dtype.fields is not None
            or dtype.subdtype is not None or dtype.hasobject):
        raise WireError(f"arrays of dtype {dtype} cannot be sent")


def array_from_npy(data: bytes) -> np.ndarray:
    """The array in ``.npy`` bytes, checked before anything is allocated.

    The header's dtype must be numeric or bool, its shape a tuple of non-negative ints whose
    size matches the data exactly. Returns a writable, native-byte-order copy.
    """
    parsed = _fast_header(data)
    if parsed is not None:
        shape, fortran, dtype, offset = parsed
        return _array_from(data, shape, fortran, dtype, offset)
    stream = io.BytesIO(data)
    try:
        version = _read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = _read_header_1_0(stream)
        elif version == (2, 0):
            shape, fortran, dtype = _read_header_2_0(stream)
        else:
            raise WireError(f"unsupported .npy version {version}")
    except WireError:
        raise
    except Exception as error:  # numpy raises ValueError and friends for bad headers
        raise WireError(f"not a valid .npy array: {str(error)[:200]}") from None
    return _array_from(data, shape, fortran, dtype, stream.tell())


def _fast_header(data: bytes) -> tuple[tuple[int, ...], bool, np.dtype, int] | None:
    """(shape, fortran, dtype, data offset) of a version 1.0 header as np.save writes it."""
    if not data.startswith(_MAGIC) or len(data) < 10:
        return None
    (size,) = struct.unpack_from("<H", data, 8)
    text = data[10:10 + size]
    if text in _read:
        return _read[text]
    match = _HEADER.fullmatch(text.decode("latin1"))
    if match is None:
        return None
    descr, fortran, dims = match.groups()
    shape = tuple(int(n) for n in dims.replace(",", " ").split()) if dims else ()
    try:
        dtype = np.dtype(descr)
    except TypeError:
        raise WireError(f"invalid array dtype {descr!r}") from None
    parsed = shape, fortran == "True", dtype, 10 + size
    if len(_read) < _CACHE_SIZE:
        _read[text] = parsed
    return parsed


def _array_from(data: bytes, shape: tuple, fortran: bool, dtype: np.dtype,
                offset: int) -> np.ndarray:
    check_dtype(dtype)
    if not all(type(n) is int and n >= 0 for n in shape):
        raise WireError(f"invalid array shape {shape!r}")
    count = math.prod(shape)
    if len(data) - offset != count * dtype.itemsize:
        raise WireError(f"array data has {len(data) - offset} bytes, its header says "
                        f"{count * dtype.itemsize}")
    flat = _frombuffer(data, dtype=dtype, count=count, offset=offset)
    array = flat.reshape(shape[::-1]).T if fortran else flat.reshape(shape)
    if not dtype.isnative:
        return array.astype(dtype.newbyteorder("="))
    return array.copy(order="K")


# ----------------------------------------------------------------------------- values

def encode(value: Any, blobs: list[bytes], other: Callable[[Any], Any],
           arrays: dict[int, tuple[int, np.ndarray]] | None = None) -> Any:
    """The node of a trusted value; its arrays are appended to ``blobs``.

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
        check_dtype(value.dtype)
        blobs.append(array_to_npy(np.asarray(value)))
        if arrays is not None:
            arrays[id(value)] = (len(blobs) - 1, value)
        return {"a": len(blobs) - 1}
    if isinstance(value, _generic):
        array = np.asarray(value)
        check_dtype(array.dtype)
        blobs.append(array_to_npy(array))
        return {"s": len(blobs) - 1}
    return other(value)


class Decoder:
    """Turns nodes back into values, validating every node (the parent trusts nothing).

    on_handle(k): the value for remote object k. on_opaque(type, repr): the value for a
    value the child could not send (None: such nodes are invalid).
    """

    def __init__(self, blobs: list[bytes], on_handle: Callable[[int], Any],
                 on_opaque: Callable[[str, str], Any] | None = None):
        self.blobs = blobs
        self.on_handle = on_handle
        self.on_opaque = on_opaque
        self.arrays: dict[int, np.ndarray] = {}
        self._nodes = 0

    def array(self, index: Any) -> np.ndarray:
        if type(index) is not int or not 0 <= index < len(self.blobs):
            raise WireError(f"invalid blob reference {index!r}")
        if index not in self.arrays:
            self.arrays[index] = array_from_npy(self.blobs[index])
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
