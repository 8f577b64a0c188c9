"""Replies worth remembering: a slow call made again gets the reply it got the first time.

    memo = ReplayMemo()
    key = memo.key(header, blobs)              # the request, as sent (its timeout left out)
    memo.remember(key, reply, seconds)         # kept if the call took >= SLOW seconds
    memo.recall(key) -> reply | None

The feedback figures call the student's functions again after the checks ran (the loss
curve needs ``train`` on the course's data, exactly as a check already called it). Inside
``Sandbox.replaying()`` such a call is answered from the remembered reply, decoded anew, so
the student's training is not paid for twice; the figure shows what was graded.
"""

from __future__ import annotations

import hashlib
import json

#: Calls at least this slow (seconds) are remembered; fast ones are cheaper to redo.
SLOW = 0.005
#: At most this many replies are kept (the oldest go first).
MAX_KEPT = 64


class ReplayMemo:
    """Remembered replies of slow calls, by the exact request that got them."""

    def __init__(self) -> None:
        self._replies: dict[bytes, tuple[dict, list[bytes]]] = {}

    @staticmethod
    def key(header: dict, blobs: list[bytes]) -> bytes:
        """A digest of the request: header (without its timeout) and every blob."""
        digest = hashlib.sha256()
        digest.update(json.dumps({k: v for k, v in header.items() if k != "timeout"},
                                 sort_keys=True).encode())
        for blob in blobs:
            digest.update(len(blob).to_bytes(8, "little"))
            digest.update(blob)
        return digest.digest()

    def remember(self, key: bytes, reply: tuple[dict, list[bytes]], seconds: float) -> None:
        if seconds < SLOW:
            return
        self._replies.pop(key, None)
        self._replies[key] = reply
        while len(self._replies) > MAX_KEPT:
            del self._replies[next(iter(self._replies))]

    def recall(self, key: bytes) -> tuple[dict, list[bytes]] | None:
        return self._replies.get(key)

    def clear(self) -> None:
        self._replies.clear()
