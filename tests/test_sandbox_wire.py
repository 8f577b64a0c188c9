"""The wire format (autograder/sandbox/wire.py): arrays cross as raw bytes described in the
frame header, and a frame a hostile child forges is refused before anything is allocated."""

import json
import struct

import numpy as np
import pytest

from autograder.sandbox import wire

LIMIT = 1 << 20


def frame(header: dict, payload: bytes = b"") -> bytes:
    """A frame with a hand-written header (as a hostile child could send it)."""
    text = json.dumps(header).encode()
    return struct.pack(">I", len(text)) + text + payload


def read(data: bytes, limit: int = LIMIT):
    reader = wire.FrameReader(limit)
    reader.feed(data)
    return reader.next_frame()


def round_trip(value):
    blobs: list = []
    node = wire.encode(value, blobs, lambda item: pytest.fail(f"not a value: {item!r}"), {})
    header, arrays = read(wire.pack({"value": node}, blobs))
    return wire.Decoder(arrays, lambda handle: pytest.fail("no handles here")).decode(
        header["value"]), header


@pytest.mark.parametrize("array", [
    np.arange(12.0).reshape(3, 4), np.arange(6, dtype=np.int8), np.array(True),
    np.zeros((0, 3), dtype=np.float32), np.ones((2, 2), dtype=np.complex128),
    np.arange(24, dtype=np.uint16).reshape(2, 3, 4), np.array([1.5], dtype=np.longdouble),
    np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.arange(10.0)[::3],
    np.arange(4, dtype=">i4"), np.arange(3, dtype="<f8").view(np.ndarray)])
def test_arrays_cross_with_their_values_shape_and_dtype(array):
    (back,), header = round_trip((array,))
    np.testing.assert_array_equal(back, array)
    assert back.shape == array.shape and back.dtype == array.dtype.newbyteorder("=")
    assert back.flags.writeable and back.dtype.isnative
    name, shape = header["arrays"][0]
    assert name in wire.ALLOWED_DTYPES and shape == list(array.shape)


def test_an_array_sent_twice_arrives_as_one_array():
    shared = np.ones(3)
    (first, second), header = round_trip((shared, shared))
    assert first is second and len(header["arrays"]) == 1


def test_numpy_scalars_keep_their_type():
    values, _ = round_trip((np.float32(1.5), np.int64(7), np.bool_(True), np.complex64(1j)))
    assert [type(v) for v in values] == [np.float32, np.int64, np.bool_, np.complex64]


def test_frames_arrive_whole_from_pieces_of_any_size():
    blobs: list = []
    node = wire.encode([np.arange(100.0), "text"], blobs, lambda item: None)
    data = wire.pack({"value": node}, blobs) * 2
    reader = wire.FrameReader(LIMIT)
    frames = []
    for start in range(0, len(data), 7):
        reader.feed(data[start:start + 7])
        while (found := reader.next_frame()) is not None:
            frames.append(found)
    assert len(frames) == 2
    for header, arrays in frames:
        value = wire.Decoder(arrays, None).decode(header["value"])
        np.testing.assert_array_equal(value[0], np.arange(100.0))


@pytest.mark.parametrize("value", [np.array(["a"]), np.array([object()]),
                                   np.zeros(2, dtype=[("x", "<f8")]),
                                   np.array(["2024-01-01"], dtype="datetime64[D]")])
def test_arrays_of_other_dtypes_are_not_sent(value):
    with pytest.raises(wire.WireError):
        wire.encode(value, [], lambda item: None)


@pytest.mark.parametrize("arrays", [
    [["|O", [1]]], [["O", [1]]], [["<U1", [1]]], [["|V8", [1]]], [["<M8[D]", [1]]],
    [[">f8" if np.little_endian else "<f8", [1]]],  # not this machine's byte order
    [["float64", [1]]], [["<f8", 1]], [["<f8", [-1]]], [["<f8", [1.0]]], [["<f8", [True]]],
    [["<f8", ["1"]]], [["<f8", [1] * 33]], [["<f8"]], [["<f8", [1], 8]], ["<f8"], [None],
    [[{"descr": "<f8"}, [1]]], [[["<f8"], [1]]]], ids=str)
def test_a_frame_describing_an_invalid_array_is_refused(arrays):
    payload = b"\0" * 8 * 4
    with pytest.raises(wire.WireError):
        read(frame({"ok": True, "arrays": arrays}, payload))


@pytest.mark.parametrize("header", [{"ok": True}, {"arrays": {"0": ["<f8", [1]]}},
                                    {"arrays": "<f8"}, {"arrays": None}], ids=str)
def test_a_frame_without_a_valid_array_list_is_refused(header):
    with pytest.raises(wire.WireError):
        read(frame(header))


def test_a_frame_is_no_longer_than_its_arrays_say():
    """The payload's length is what the descriptions say: bytes beyond it are the next
    frame's, and a payload shorter than them is waited for, never read as an array."""
    header = {"value": {"a": 0}, "arrays": [["<f8", [2, 2]]]}
    reader = wire.FrameReader(LIMIT)
    reader.feed(frame(header, np.arange(4.0).tobytes()[:-1]))
    assert reader.next_frame() is None  # one byte short: not a frame yet
    reader.feed(b"\0" + frame({"arrays": []}))
    found, arrays = reader.next_frame()
    assert arrays[0].shape == (2, 2) and not arrays[0].flags.writeable
    assert reader.next_frame() == ({"arrays": []}, [])


@pytest.mark.parametrize("shape", [[LIMIT // 8 + 1], [2**62, 2**62], [2**40] * 3])
def test_a_frame_larger_than_the_limit_is_refused_before_it_is_read(shape):
    with pytest.raises(wire.WireError, match="exceeds the limit"):
        read(frame({"arrays": [["<f8", shape]]}))  # no payload: refused on the header


def test_a_header_larger_than_its_limit_or_not_json_is_refused():
    with pytest.raises(wire.WireError, match="too large"):
        read(struct.pack(">I", wire.MAX_HEADER_BYTES + 1))
    for text in (b"not json", b"[1, 2]", b"\xff\xfe", b"[" * 100_000):
        with pytest.raises(wire.WireError):
            read(struct.pack(">I", len(text)) + text)


@pytest.mark.parametrize("node", [{"a": 1}, {"a": -1}, {"a": "0"}, {"a": True}, {"s": 0},
                                  {"x": 0}, {"a": 0, "s": 0}, {"h": 0}, {"u": ["t", "r"]}])
def test_a_node_that_refers_to_nothing_valid_is_refused(node):
    header, arrays = read(wire.pack({"value": node}, [np.zeros(2)]))
    with pytest.raises(wire.WireError):
        wire.Decoder(arrays, lambda handle: (_ for _ in ()).throw(wire.WireError("no"))
                     ).decode(header["value"])


def test_the_decoder_takes_only_arrays_as_a_reader_makes_them():
    for blob in (b"\0" * 8, np.zeros(1, dtype=object), np.zeros(1).view(np.matrix),
                 np.zeros(1, dtype=">f8" if np.little_endian else "<f8")):
        with pytest.raises(wire.WireError):
            wire.Decoder([blob], None).decode({"a": 0})
