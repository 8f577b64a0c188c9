"""Winnowed fingerprints of a stage's code, with the course's boilerplate taken out.

    Fingerprinter(k, window, boilerplate_sources).fingerprint(code) -> Fingerprint
    shared_spans(a, b) -> (spans in a, spans in b)      # character ranges of shared code

The k-grams and the winnowing (Schleimer, Wilkerson and Aiken's robust winnowing, as in
MOSS) are copydetect's (`copydetect.utils`), run on our normalised Python tokens
(`tokens.py`) instead of copydetect's Pygments filter. A k-gram is hashed as a tuple of
stable integers, so the fingerprints are the same in every run (Python's string hashes
are not). Every k-gram of the boilerplate is removed from a student's fingerprints, so code
the course handed out never counts as shared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from copydetect.utils import get_copied_slices, hashed_kgrams, winnow

from autograder.similarity.code import SEPARATOR, StageCode
from autograder.similarity.tokens import Token, normalised_tokens

#: Tokens per k-gram: matches shorter than this are never seen.
K = 8
#: Winnowing window: any match of at least K + WINDOW - 1 tokens is always seen.
WINDOW = 4


@dataclass
class Fingerprint:
    """A stage's code as fingerprints.

    text: the code (the pair view shows it). tokens: its normalised tokens, with places in
    `text`. hashes: the set of fingerprints left after the boilerplate is removed.
    positions: fingerprint -> the token indexes where its k-gram starts.
    own_tokens: how many tokens those fingerprints cover (the student's own code, roughly).
    given: character ranges of `text` that are the course's code (every k-gram there is in
    the boilerplate).
    """

    text: str
    tokens: list[Token]
    hashes: set[int]
    positions: dict[int, list[int]]
    own_tokens: int
    k: int
    given: list[tuple[int, int]]
    starts: np.ndarray = None  # every kept k-gram's start, in order ...
    start_hashes: np.ndarray = None  # ... and its fingerprint
    sorted_hashes: np.ndarray = None  # the set of fingerprints, sorted

    def __post_init__(self) -> None:
        pairs = sorted((start, value) for value, starts in self.positions.items()
                       for start in starts)
        self.starts = np.array([start for start, _ in pairs], dtype=np.int64)
        self.start_hashes = np.array([value for _, value in pairs], dtype=np.int64)
        self.sorted_hashes = np.array(sorted(self.hashes), dtype=np.int64)


class Fingerprinter:
    """Fingerprints with one k-gram size and window, and one boilerplate."""

    def __init__(self, boilerplate: Iterable[str] = (), k: int = K, window: int = WINDOW):
        self.k, self.window = k, window
        hashes = [hashed_kgrams(self._codes(normalised_tokens(text)), k) for text in boilerplate]
        self.boilerplate = (np.unique(np.concatenate(hashes)) if hashes
                            else np.zeros(0, dtype=np.int64))

    @staticmethod
    def _codes(tokens: list[Token]) -> tuple[int, ...]:
        return tuple(t.code for t in tokens)

    def fingerprint(self, code: StageCode) -> Fingerprint:
        """The fingerprints of one student's stage code (k-grams never span two pieces)."""
        tokens: list[Token] = []
        positions: dict[int, list[int]] = {}
        given = []
        offset = 0
        for _, source in code.pieces:
            piece = normalised_tokens(source)
            all_hashes = hashed_kgrams(self._codes(piece), self.k)
            for value, starts in self._winnowed(all_hashes).items():
                positions.setdefault(value, []).extend(s + len(tokens) for s in starts)
            given += [(start + len(tokens), end + len(tokens))
                      for start, end in self._given_slices(all_hashes).T.tolist()]
            tokens += [Token(kind, code, start + offset, end + offset)
                       for kind, code, start, end in piece]
            offset += len(source) + len(SEPARATOR)
        covered = np.zeros(len(tokens), dtype=bool)
        for starts in positions.values():
            for start in starts:
                covered[start:start + self.k] = True
        fingerprint = Fingerprint(code.text, tokens, set(positions), positions,
                                  int(covered.sum()), self.k, [])
        fingerprint.given = char_spans(fingerprint, np.array(given, dtype=int).reshape(-1, 2).T)
        return fingerprint

    def _winnowed(self, all_hashes: np.ndarray) -> dict[int, list[int]]:
        """The winnowed fingerprints (of every k-gram's hash) not in the boilerplate ->
        where their k-grams start."""
        if len(all_hashes) == 0:
            return {}
        hashes, starts = winnow(all_hashes, self.window, remove_duplicates=False)
        keep = ~in_sorted(hashes, self.boilerplate)
        positions: dict[int, list[int]] = {}
        for value, start in zip(hashes[keep].tolist(), starts[keep].tolist(), strict=True):
            positions.setdefault(value, []).append(start)
        return positions

    def _given_slices(self, all_hashes: np.ndarray) -> np.ndarray:
        """Token slices (2 x m) where the code is the boilerplate's (k-grams found in it)."""
        if len(all_hashes) == 0 or len(self.boilerplate) == 0:
            return np.zeros((2, 0), dtype=int)
        hits = np.flatnonzero(in_sorted(all_hashes, self.boilerplate))
        return get_copied_slices(hits, self.k).astype(int) if len(hits) else np.zeros(
            (2, 0), dtype=int)


def in_sorted(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """values' entries that are in `sorted_values` (sorted, unique), as a boolean mask."""
    if len(sorted_values) == 0 or len(values) == 0:
        return np.zeros(len(values), dtype=bool)
    places = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    return sorted_values[places] == values


def shared_tokens(a: Fingerprint, b: Fingerprint) -> tuple[np.ndarray, np.ndarray]:
    """Token slices (2 x m arrays of start and end index) of a and of b covered by the
    fingerprints they share (their k-grams' starts made into slices by copydetect)."""
    first = a.starts[in_sorted(a.start_hashes, b.sorted_hashes)]
    second = b.starts[in_sorted(b.start_hashes, a.sorted_hashes)]
    return get_copied_slices(first, a.k), get_copied_slices(second, b.k)


def slice_length(slices: np.ndarray) -> int:
    """Tokens covered by copydetect slices (they never overlap)."""
    return int(np.sum(slices[1] - slices[0])) if slices.size else 0


def shared_count(a: Fingerprint, b: Fingerprint) -> int:
    """The tokens of shared code: the smaller of the two sides' counts."""
    if a.hashes == b.hashes:  # all shared: each side's own code is covered
        return min(a.own_tokens, b.own_tokens)
    if a.hashes.isdisjoint(b.hashes):
        return 0
    slices_a, slices_b = shared_tokens(a, b)
    return min(slice_length(slices_a), slice_length(slices_b))


def char_spans(fingerprint: Fingerprint, slices: np.ndarray) -> list[tuple[int, int]]:
    """The character ranges of `fingerprint.text` that token slices cover."""
    tokens = fingerprint.tokens
    spans = []
    for start, end in zip(slices[0].tolist(), slices[1].tolist(), strict=True):
        end = min(int(end), len(tokens))
        if start < end:
            spans.append((tokens[int(start)].start, tokens[end - 1].end))
    return spans


def shared_spans(a: Fingerprint, b: Fingerprint) -> tuple[list[tuple[int, int]],
                                                          list[tuple[int, int]], int]:
    """Character ranges of a's and b's code that they share, and the shared tokens (the
    smaller of the two counts)."""
    slices_a, slices_b = shared_tokens(a, b)
    count = min(slice_length(slices_a), slice_length(slices_b))
    return char_spans(a, slices_a), char_spans(b, slices_b), count
