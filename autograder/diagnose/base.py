"""What every diagnosis is built from: Diagnosis, and comparing values with a mistake's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

#: How close a student's values must be to a mistake's values to be named after it.
RTOL = 1e-6
ATOL = 1e-10


@dataclass(frozen=True)
class Diagnosis:
    """A named mistake and one or two plain sentences that explain it to the student."""

    mistake: str
    explanation: str



def matches(got: np.ndarray, candidate: np.ndarray) -> bool:
    """Same shape and equal within RTOL/ATOL (NaN never matches)."""
    got, candidate = np.asarray(got), np.asarray(candidate)
    return (got.shape == candidate.shape and bool(np.all(np.isfinite(got)))
            and bool(np.allclose(got, candidate, rtol=RTOL, atol=ATOL)))


def is_right(got: np.ndarray, expected: np.ndarray) -> bool:
    """As right as a correct implementation gets (rounding only): never to be diagnosed.

    Tighter than :func:`matches`, so values off by float32 rounding are not "right".
    """
    got, expected = np.asarray(got), np.asarray(expected)
    return (got.shape == expected.shape and bool(np.all(np.isfinite(got)))
            and bool(np.allclose(got, expected, rtol=1e-9, atol=1e-12)))


Candidate = tuple[str, Callable[[], np.ndarray], str]  # (mistake, compute it, explanation)


def first_match(got: np.ndarray, candidates: list[Candidate]) -> Diagnosis | None:
    """The first candidate whose values equal ``got``; a candidate that fails is skipped."""
    for mistake, compute, explanation in candidates:
        try:
            with np.errstate(all="ignore"):
                value = compute()
        except (ValueError, FloatingPointError):
            continue  # this mistake cannot even run on these shapes
        if matches(got, value):
            return Diagnosis(mistake, explanation)
    return None


def scale_factor(got: np.ndarray, expected: np.ndarray) -> float | None:
    """The r with got == r * expected (to RTOL), or None when no single factor fits."""
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return None
    norm = float(np.sum(expected * expected))
    if norm == 0.0:
        return None
    r = float(np.sum(got * expected)) / norm
    return r if matches(got, r * expected) else None
