"""Values to and from the child, as one sandbox sees them: the proxy's remote objects sent as
handles, replies' nodes made values (remote objects of this child's generation, values
the child could not send as ``Unrepresentable``), and a call's in-place changes of its
array arguments copied back. The ``Codec`` part of ``sandbox.Sandbox``; the format itself
is ``wire.py``'s.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.sandbox import wire
from autograder.sandbox.errors import ProtocolError, SandboxError, Unrepresentable
from autograder.sandbox.proxy import RemoteClass, RemoteFunction, RemoteObject


class Codec:
    """Encoding and decoding for ``Sandbox`` (its ``generation``, ``_check_generation``
    and ``_crashed``)."""

    def _decoder(self, blobs: list[np.ndarray]) -> wire.Decoder:
        generation = self.generation
        return wire.Decoder(blobs, lambda handle: RemoteObject(self, handle, generation),
                            Unrepresentable)

    def _invalid(self, label: str, error: Exception) -> SandboxError:
        return self._crashed(ProtocolError(
            f"`{label}` sent back something that is not a valid value ({error})"), label)

    def _value(self, node: Any, blobs: list[np.ndarray], label: str) -> Any:
        try:
            return self._decoder(blobs).decode(node)
        except wire.WireError as error:
            raise self._invalid(label, error) from None

    def _described(self, header: dict, blobs: list[np.ndarray], target: dict, label: str) -> Any:
        kind = header.get("kind")
        generation = self.generation if "handle" in target else None
        if kind == "function":
            return RemoteFunction(self, target, label, generation)
        if kind == "class":
            return RemoteClass(self, target, label, generation)
        if kind == "value":
            return self._value(header.get("value"), blobs, label)
        raise self._invalid(label, wire.WireError(f"described as {kind!r}"))

    def _encode(self, value: Any, blobs: list[np.ndarray],
                arrays: dict[int, tuple[int, np.ndarray]]) -> Any:
        def other(item: Any) -> Any:
            if isinstance(item, RemoteObject) and item._sandbox is self:
                self._check_generation(item._generation)
                return {"h": item._handle}
            raise TypeError(f"a {type(item).__name__} cannot be sent to the student's code")
        return wire.encode(value, blobs, other, arrays)

    def _write_back(self, mutated: Any, decoder: wire.Decoder,
                    arrays: dict[int, tuple[int, np.ndarray]]) -> None:
        """Copy the child's in-place changes of array arguments into the caller's arrays."""
        if type(mutated) is not list:
            raise wire.WireError("invalid list of modified arguments")
        sent = {index: array for index, array in arrays.values()}
        for entry in mutated:
            if type(entry) is not list or len(entry) != 2 or entry[0] not in sent:
                raise wire.WireError("invalid modified argument")
            original, changed = sent[entry[0]], decoder.array(entry[1])
            if original.flags.writeable and original.shape == changed.shape:
                try:
                    np.copyto(original, changed, casting="same_kind")
                except (TypeError, ValueError):
                    pass


def refuse_handle(handle: int) -> Any:
    raise wire.WireError("a read value cannot be one of the student's objects")
