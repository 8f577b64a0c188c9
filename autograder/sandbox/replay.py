"""Replies worth remembering: a slow call made again gets the reply it got the first time.

    memo = ReplayMemo()
    memo.remember(header, blobs, reply, seconds)   # kept if the call took >= SLOW seconds
    memo.recall(header, blobs) -> reply | None     # the same request: same reply

The feedback figures call the student's functions again after the checks ran (the loss
curve needs ``train`` on the course's data, exactly as a check already called it). Inside
``Sandbox.replaying()`` such a call is answered from the remembered reply, decoded anew, so
the student's training is not paid for twice; the figure shows what was graded.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

#: Calls at least this slow (seconds) are remembered; fast ones are cheaper to redo.
SLOW = 0.005
#: Header entries set when the request is sent (so not part of what was asked).
SENDING = ("timeout", "arrays")
#: At most this many replies are kept (the oldest go first).
MAX_KEPT = 64


class ReplayMemo:
    """Remembered replies of slow calls, by the exact request that got them."""

    def __init__(self) -> None:
        self._replies: dict[bytes, tuple[dict, list[np.ndarray]]] = {}

    @staticmethod
    def key(header: dict, blobs: list[np.ndarray]) -> bytes:
        """A digest of the request: header and every array, its dtype, shape and bytes (not
        what sending adds to the header: its timeout and the arrays' descriptions)."""
        digest = hashlib.sha256()
        digest.update(json.dumps({k: v for k, v in header.items() if k not in SENDING},
                                 sort_keys=True).encode())
        for blob in blobs:
            digest.update(f"{blob.dtype.str}{blob.shape}".encode())
            digest.update(blob.tobytes() if not blob.flags.c_contiguous else blob)
        return digest.digest()

    def remember(self, header: dict, blobs: list[np.ndarray], reply: tuple[dict, list[np.ndarray]],
                 seconds: float) -> None:
        """Keep `reply` to this request if it took at least SLOW seconds."""
        if seconds < SLOW:
            return  # not even digested: most calls are fast
        key = self.key(header, blobs)
        self._replies.pop(key, None)
        self._replies[key] = reply
        while len(self._replies) > MAX_KEPT:
            del self._replies[next(iter(self._replies))]

    def recall(self, header: dict, blobs: list[np.ndarray]) -> tuple[dict, list[np.ndarray]] | None:
        """The remembered reply to this request, or None."""
        return self._replies.get(self.key(header, blobs)) if self._replies else None

    def clear(self) -> None:
        self._replies.clear()
