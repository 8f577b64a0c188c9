"""Generic value probes: measure how a wrong result relates to the right one, and say it.

Each probe is one small function ``probe(m: Measured) -> Diagnosis | None`` with its
explanation (one sentence, ``str.format`` placeholders) and its hint (``hint(name, text)``,
collected in :data:`HINTS`, which ``autograder/hints.py`` merges) right beside it.
:func:`values` runs them in order and returns the first that fits. Every probe is silent
when the values are right, so it can only ever explain a failure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograder.diagnose.base import Diagnosis, scale_factor
from autograder.i18n import N_, tr

#: mistake name -> one paragraph on how to put it right (merged into autograder.hints.HINTS).
HINTS: dict[str, str] = {}

#: How exactly a measured factor must equal a known one to be called by its name.
FACTOR_RTOL = 1e-6


def hint(mistake: str, text: str) -> str:
    """Register the hint of a probe's mistake; returns the name (to use in the probe)."""
    HINTS[mistake] = text
    return mistake


@dataclass(frozen=True)
class Measured:
    """What a check compared: the student's ``got`` and the right ``expected`` values.

    what: the quantity as the student knows it, e.g. "dW2" or "`sigmoid`'s result".
    n: the number of samples, when the values come from a batch (for the factors n, 1/n).
    z: the input of an element-wise function, same shape as got (for the domain probes).
    """

    what: str
    got: np.ndarray
    expected: np.ndarray
    n: int | None = None
    z: np.ndarray | None = None

    @property
    def comparable(self) -> bool:
        """Same shape, every value finite, and actually different from the right values."""
        g, e = self.got, self.expected
        return (g.shape == e.shape and bool(np.all(np.isfinite(g)))
                and bool(np.all(np.isfinite(e))) and not np.allclose(g, e, rtol=1e-9, atol=0))


def close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Entry-wise "equal up to rounding" (the tolerance a diagnosis uses to call a match)."""
    return np.isclose(a, b, rtol=1e-6, atol=1e-10)


# --- precision -------------------------------------------------------------------------

LOW_PRECISION = hint("low_precision", (
    N_("Compute in float64, numpy's default: leave out dtype=np.float32 (or float16) and "
    "astype(np.float32). Single precision keeps about 7 digits, and the checks compare to "
    "about 1e-7, so the rounding alone is enough to fail.")))


def precision(m: Measured) -> Diagnosis | None:
    """Values representable in float32 (or float16) and off by that type's rounding only."""
    if not m.comparable:
        return None
    g, e = m.got, m.expected
    error = float(np.max(np.abs(g - e) / np.maximum(np.abs(e), 1e-30)))
    # relative to the array's largest value too: 1 - s rounded in float32 near s = 1 loses
    # most of its digits, yet stays within float32 rounding of the values around it
    overall = float(np.max(np.abs(g - e)) / max(float(np.max(np.abs(e))), 1e-30))
    for dtype, limit in ((np.float16, 2e-3), (np.float32, 2e-6)):
        if min(error, overall) > limit:
            continue
        fits = np.array_equal(g.astype(dtype).astype(np.float64), g)
        if fits and not np.array_equal(e.astype(dtype).astype(np.float64), e):
            return Diagnosis(LOW_PRECISION, tr(
                "your {what} has {dtype} precision: every value is a {dtype} number and "
                "differs from the right one by at most {error:.1g} (relative), which is "
                "{dtype} rounding; the checks compare to about 1e-7, so compute in float64.",
                what=m.what, dtype=np.dtype(dtype).name, error=error))
    return None


ROUNDED = hint("rounded", (
    N_("Return the values as they are computed: rounding (np.round, round, a format string "
       "turned back into a number) belongs in what you print, not in what you return.")))


def rounded(m: Measured) -> Diagnosis | None:
    """The right values rounded to 0-3 decimals (np.round(Y_hat) for a prediction)."""
    if not m.comparable or m.got.size < 2:
        return None
    for decimals in range(4):
        if np.array_equal(m.got, np.round(m.expected, decimals)):
            return Diagnosis(ROUNDED, tr(
                "your {what} is the right values rounded to {decimals} decimals: every value "
                "equals the right one rounded (as np.round does).", what=m.what,
                decimals=decimals))
    return None


ALWAYS_ZERO = hint("always_zero", (
    N_("A result that is 0 for every input usually comes from an expression that cancels "
       "itself: `s * 1 - s` is `s - s`, because * binds before -; write the parentheses "
       "you mean, `s * (1 - s)`. Print the pieces of the expression for one input to see "
       "which one is 0.")))


def always_zero(m: Measured) -> Diagnosis | None:
    """Exactly 0 everywhere where the right values are not: an expression cancelling itself
    (a missing pair of parentheses); said before rounding, which 0 decimals would also fit."""
    if not m.comparable or m.got.size < 2 or np.any(m.got != 0) or \
            np.count_nonzero(m.expected) < 2:
        return None
    if np.all(np.abs(m.expected) < 0.5):
        return Diagnosis(ALWAYS_ZERO, tr(
            "your {what} is exactly 0 for every input (always zero), where the right values "
            "are not: an expression that cancels itself, most often missing parentheses "
            "(`s * 1 - s` is `s - s`), or a rounding to whole numbers.", what=m.what))
    return Diagnosis(ALWAYS_ZERO, tr(
        "your {what} is exactly 0 for every input (always zero), where the right values are "
        "not: an expression that cancels itself, most often missing parentheses (`s * 1 - s` "
        "is `s - s`).", what=m.what))


WHOLE_NUMBERS = hint("whole_numbers", (
    N_("Keep the values as floats: avoid // (integer division), int(...), np.round and "
    "astype(int) on the way, and start from float arrays (np.zeros(shape), not "
    "np.zeros(shape, dtype=int)).")))


def whole_numbers(m: Measured) -> Diagnosis | None:
    """Only whole numbers where the right values have fractions (rounding, ints, //)."""
    if not m.comparable or m.got.size < 2:
        return None
    g, e = m.got, m.expected
    if not np.all(g == np.round(g)) or np.all(e == np.round(e)) or not np.any(g):
        return None
    return Diagnosis(WHOLE_NUMBERS, tr(
        "your {what} holds only whole numbers (for example {example:g}) where the right "
        "values have fractions: something rounds them, divides with //, or keeps them in an "
        "integer array.",
        what=m.what, example=float(g.flat[np.argmax(g != e)])))


# --- an exact factor or sign -----------------------------------------------------------

SIGN_FLIPPED = hint("sign_flipped", (
    N_("Check each minus sign on the way: the error Y - Y_hat against Y_hat - Y, the "
    "derivative's sign, and whether an update adds or subtracts.")))
FACTOR_2_EXTRA = hint("factor_2_extra", (
    N_("Something is doubled: look for a factor 2 that belongs to another formula, a value "
    "added twice, or a 1/2 that was left out.")))
FACTOR_HALF = hint("factor_half", (
    N_("Something is halved: look for a missing factor 2 (the derivative of a square is "
    "2 times the error) or an extra 1/2 or 0.5.")))
SUM_INSTEAD_OF_MEAN = hint("sum_instead_of_mean", (
    N_("The right value is an average over the samples: divide the sum by the number of "
    "samples n exactly once (np.mean, or the sum / n).")))
DIVIDED_BY_N = hint("divided_by_n", (
    N_("The right value is a plain sum over the samples: remove the division by n (or the "
    "np.mean), or the second one if it is divided twice.")))
DIVIDED_BY_N_TWICE = hint("divided_by_n_twice", (
    N_("Divide by the number of samples once only: where dZ is formed, not again in the "
    "sums over the samples that follow.")))
LOG_BASE_2 = hint("log_base_2", (
    N_("Use the natural logarithm np.log: log2(x) is ln(x) / ln 2, which makes everything "
    "1.4427 times too big.")))
LOG_BASE_10 = hint("log_base_10", (
    N_("Use the natural logarithm np.log: log10(x) is ln(x) / ln 10, which makes everything "
    "0.4343 times the right size.")))
SCALED_BY_CONSTANT = hint("scaled_by_constant", (
    N_("The direction of your result is right and only its size is off by one constant "
    "factor. Go through the formula step by step and check each constant, each division "
    "and each multiplication by a rate or a count.")))

#: (the factor as a function of n (None when it needs n and n is unknown), name, sentence).
KNOWN_FACTORS: list[tuple[Callable[[int | None], float | None], str, str]] = [
    (lambda n: -1.0, SIGN_FLIPPED,
     N_("your {what} is exactly -1 times the right one: its sign is flipped.")),
    (lambda n: 2.0, FACTOR_2_EXTRA,
     N_("your {what} is exactly 2 times the right one: a factor 2 is extra (or a 1/2 is "
     "missing).")),
    (lambda n: 0.5, FACTOR_HALF,
     N_("your {what} is exactly half the right one: a factor 2 is missing (or a 1/2 is "
     "extra).")),
    (lambda n: n if n and n > 2 else None, SUM_INSTEAD_OF_MEAN,
     N_("your {what} is exactly {n} times the right one, and {n} is the number of samples: it "
     "is a sum over the samples where the right one is their mean.")),
    (lambda n: 1.0 / n if n and n > 2 else None, DIVIDED_BY_N,
     N_("your {what} is exactly 1/{n} of the right one, and {n} is the number of samples: it "
     "is divided by n once more than it should be (a mean where a sum belongs).")),
    (lambda n: 1.0 / n**2 if n and n > 2 else None, DIVIDED_BY_N_TWICE,
     N_("your {what} is exactly 1/{n2} of the right one, 1 over the number of samples "
     "squared: it is divided by n twice.")),
    (lambda n: 1.0 / math.log(2.0), LOG_BASE_2,
     N_("your {what} is exactly {factor:.5g} times the right one, which is 1/ln 2: a "
     "logarithm in base 2 (np.log2) is used where the natural logarithm (np.log) belongs.")),
    (lambda n: 1.0 / math.log(10.0), LOG_BASE_10,
     N_("your {what} is exactly {factor:.5g} times the right one, which is 1/ln 10: a "
     "logarithm in base 10 (np.log10) is used where the natural logarithm (np.log) "
     "belongs.")),
]


def measured_factor(m: Measured) -> float | None:
    """The r with got == r * expected (None when none fits or r is 1)."""
    if not m.comparable:
        return None
    r = scale_factor(m.got, m.expected)
    return None if r is None or abs(r - 1.0) < 1e-4 else r  # closer to 1: nearly right


def known_factor(r: float, n: int | None) -> tuple[str, str] | None:
    """(name, sentence) of the known factor r equals, if any."""
    for value, name, sentence in KNOWN_FACTORS:
        v = value(n)
        if v is not None and abs(r - v) <= FACTOR_RTOL * abs(v):
            return name, sentence
    return None


def factor(m: Measured) -> Diagnosis | None:
    """got is exactly r times the right values; a known r is explained, any other reported.

    A single number equals some multiple of any other, so for one value only the known
    factors count.
    """
    r = measured_factor(m)
    if r is None:
        return None
    known = known_factor(r, m.n)
    if known:
        name, sentence = known
        return Diagnosis(name, tr(sentence, what=m.what, factor=r, n=m.n,
                                               n2=(m.n or 0) ** 2))
    if m.got.size < 2 or r == 0.0:
        return None
    if r < 0:
        return Diagnosis(SIGN_FLIPPED, tr(
            "your {what} is exactly {factor:.5g} times the right one: its sign is flipped "
            "and its size is off by a factor {size:.5g}.",
            what=m.what, factor=r, size=-r))
    return Diagnosis(SCALED_BY_CONSTANT, tr(
        "your {what} is exactly {factor:.5g} times the right one: its direction is right "
        "but a constant factor is off.",
        what=m.what, factor=r))


CONSTANT_OFFSET = hint("constant_offset", (
    N_("Every value is off by the same amount, so one constant term is wrong: check the "
    "numbers that are added or subtracted (1 - s, not 2 - s) and any term added once too "
    "often.")))


def offset(m: Measured) -> Diagnosis | None:
    """got == expected + c for one constant c everywhere (arrays of 2 or more values)."""
    if not m.comparable or m.got.size < 2:
        return None
    d = m.got - m.expected
    c = float(np.mean(d))
    if abs(c) < 1e-9 or not np.allclose(d, c, rtol=1e-6, atol=1e-9 * max(1.0, abs(c))):
        return None
    return Diagnosis(CONSTANT_OFFSET, tr(
        "your {what} is off by exactly {offset:+.5g} everywhere: one constant term is "
        "wrong.",
        what=m.what, offset=c))


COMPLEMENT = hint("complement", (
    N_("Your values are 1 minus the right ones: the other outcome was computed. Check the "
    "sign inside np.exp and whether p or 1 - p is returned.")))


def complement(m: Measured) -> Diagnosis | None:
    """got == 1 - expected everywhere (the other outcome's probability)."""
    if not m.comparable or m.got.size < 2 or not np.all(close(m.got, 1.0 - m.expected)):
        return None
    return Diagnosis(COMPLEMENT, tr(
        "your {what} equals 1 minus the right values everywhere: it gives the other "
        "outcome (a sign flipped inside exp, or 1 - p where p belongs).",
        what=m.what))


# --- the value domain --------------------------------------------------------------------

ALL_ZEROS = hint("all_zeros", (
    N_("Your result is 0 everywhere: check that the function returns what it computes and "
    "that no factor on the way is always 0 (a derivative, a mask, a product with a "
    "zero-filled array).")))
CONSTANT_OUTPUT = hint("constant_output", (
    N_("Your result is the same number whatever the input: the input is not used on the way "
    "(a variable overwritten, a constant returned, or an axis reduced away).")))


def constant(m: Measured) -> Diagnosis | None:
    """got is one value everywhere while the right values vary."""
    g, e = m.got, m.expected
    if not m.comparable or g.size < 2 or np.ptp(g) > 0 or np.ptp(e) == 0:
        return None
    if not np.any(g):
        return Diagnosis(ALL_ZEROS, tr("your {what} is 0 everywhere, but the right values are "
                                    "not.",
                                       what=m.what))
    return Diagnosis(CONSTANT_OUTPUT, tr(
        "your {what} is {value:.6g} everywhere, but the right values vary with the input: "
        "it does not depend on the input.",
        what=m.what, value=float(g.flat[0])))


CLIPPED = hint("clipped", (
    N_("Do not clip the input or the result (np.clip, min/max bounds): the function must "
    "keep changing for large |z|. If you clipped to avoid overflow, use a form that "
    "cannot overflow instead, like 1 / (1 + np.exp(-z)).")))


def clipped(m: Measured) -> Diagnosis | None:
    """Right for small |z|, wrong only beyond some |z| (the input or result cut off)."""
    if m.z is None or not m.comparable or m.z.shape != m.got.shape:
        return None
    right = close(m.got, m.expected)
    size = np.abs(m.z)
    if not np.any(right) or np.all(right):
        return None
    limit = float(np.max(size[right]))
    if not np.min(size[~right]) > limit:
        return None
    both_signs = (np.any(m.z[right] < 0) and np.any(m.z[right] > 0)) or (
        np.any(m.z[~right] < 0) and np.any(m.z[~right] > 0))
    if not both_signs:
        return None  # one sign only: that is one_side's finding
    return Diagnosis(CLIPPED, (
        tr("your {what} is right for |z| up to {limit:.3g} but wrong beyond that (for example "
        "{got:.6g} instead of {expected:.6g} at z = {z:.4g}): the input or the result is "
        "cut off.")).format(what=m.what, limit=limit, **_example(m, ~right)))


WRONG_FOR_NEGATIVE = hint("wrong_for_negative_inputs", (
    N_("Your function is right for positive inputs only: look at the branch for z < 0 "
    "(np.where(z > 0, ..., this part)), its slope and the alpha it uses.")))
WRONG_FOR_POSITIVE = hint("wrong_for_positive_inputs", (
    N_("Your function is right for negative inputs only: look at the branch for z > 0 "
    "(np.where(z > 0, this part, ...)) and the comparison that picks it.")))


def one_side(m: Measured) -> Diagnosis | None:
    """Right for every z of one sign, wrong for some z of the other sign."""
    if m.z is None or not m.comparable or m.z.shape != m.got.shape:
        return None
    wrong = ~close(m.got, m.expected)
    negative, positive = m.z < 0, m.z > 0
    if not (np.any(negative) and np.any(positive)):
        return None
    if np.any(wrong & negative) and not np.any(wrong & ~negative):
        return Diagnosis(WRONG_FOR_NEGATIVE, (
            tr("your {what} is right for every positive z but wrong for negative z (for "
            "example {got:.6g} instead of {expected:.6g} at z = {z:.4g}).")
        ).format(what=m.what, **_example(m, wrong)))
    if np.any(wrong & positive) and not np.any(wrong & ~positive):
        return Diagnosis(WRONG_FOR_POSITIVE, (
            tr("your {what} is right for every negative z but wrong for positive z (for "
            "example {got:.6g} instead of {expected:.6g} at z = {z:.4g}).")
        ).format(what=m.what, **_example(m, wrong)))
    return None


def _example(m: Measured, where: np.ndarray) -> dict[str, float]:
    """The first entry where ``where`` holds: its z, the student's and the right value."""
    i = int(np.argmax(where.ravel()))
    return {"z": float(m.z.ravel()[i]), "got": float(m.got.ravel()[i]),
            "expected": float(m.expected.ravel()[i])}


RECIPROCAL = hint("reciprocal", (
    N_("Your values are 1 over the right ones: a division is upside down (for the sigmoid, "
    "1 / (1 + np.exp(-z)), not 1 + np.exp(-z)), or a minus sign inside exp is missing.")))


def reciprocal(m: Measured) -> Diagnosis | None:
    """got == 1 / expected everywhere (a division turned upside down)."""
    if not m.comparable or m.got.size < 2 or np.any(m.expected == 0):
        return None
    if not np.all(close(m.got, 1.0 / m.expected)):
        return None
    return Diagnosis(RECIPROCAL, tr("your {what} is exactly 1 divided by the right values "
                                 "everywhere.",
                                    what=m.what))


TRANSPOSED = hint("result_transposed", (
    N_("Your result is the transpose of the right one: a .T is missing or extra, or the two "
    "factors of a matrix product are swapped (X.T @ dZ, not dZ.T @ X). Write each "
    "array's shape beside the line.")))


def transposed(m: Measured) -> Diagnosis | None:
    """got is expected.T (a matrix that is not symmetric)."""
    g, e = m.got, m.expected
    if g.ndim != 2 or g.shape != e.T.shape or np.allclose(e, e.T):
        return None
    if not (np.all(np.isfinite(g)) and np.all(close(g, e.T))):
        return None
    return Diagnosis(TRANSPOSED, tr(
        "your {what} is the transpose of the right one (shape {shape}, the right one has "
        "{expected_shape}).",
        what=m.what, shape=g.shape, expected_shape=e.shape))


#: The value probes in the order they are tried (the most specific first).
NEARLY_RIGHT = hint("nearly_right", (
    N_("Values right to a few digits but not to 1e-7 come from a small inaccuracy, not from "
       "a wrong formula: a rounded constant (2.718 for e), np.round or a float32 step on the "
       "way, a derivative estimated numerically with a step h instead of the formula, or "
       "clipping z to a narrow range. Compute with the exact formula in float64.")))


def nearly_right(m: Measured) -> Diagnosis | None:
    """Right to about 1e-4 but not to the checks' 1e-7: a small inaccuracy, not a formula."""
    if not m.comparable:
        return None
    error = float(np.max(np.abs(m.got - m.expected) / np.maximum(np.abs(m.expected), 1e-12)))
    if not 1e-9 < error < 1e-4:
        return None
    return Diagnosis(NEARLY_RIGHT, tr(
        "your {what} is nearly right: every value is within {error:.1g} (relative) of the "
        "right one, far closer than a wrong formula gives, but the checks ask for about 1e-7; "
        "something small is inexact (a rounded constant, a float32 or rounding step, a "
        "numerical derivative).", what=m.what, error=error))


VALUE_PROBES: list[Callable[[Measured], Diagnosis | None]] = [
    precision, nearly_right, always_zero, rounded, transposed, factor, complement, reciprocal,
    offset, constant,
    whole_numbers, one_side, clipped,
]


def values(what: str, got: np.ndarray, expected: np.ndarray, *, n: int | None = None,
           z: np.ndarray | None = None) -> Diagnosis | None:
    """The first value probe that explains how ``got`` differs from ``expected``."""
    m = Measured(what, np.asarray(got, dtype=np.float64), np.asarray(expected, np.float64),
                 n, None if z is None else np.asarray(z, dtype=np.float64))
    with np.errstate(all="ignore"):
        for probe in VALUE_PROBES:
            found = probe(m)
            if found is not None:
                return found
    return None


def first_of(*found: Diagnosis | None) -> Diagnosis | None:
    """The first diagnosis that is not None (catalogue first, then probes)."""
    return next((d for d in found if d is not None), None)
