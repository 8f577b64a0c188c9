"""Stage 1's catalogue: sigmoid and sigmoid_derivative mistakes, named from values."""

from __future__ import annotations

import numpy as np

from autograder.diagnose import probes, relations
from autograder.diagnose.base import Diagnosis, first_match, is_right
from autograder.i18n import N_, tr
from solutions import sigmoid as reference_sigmoid
from solutions import sigmoid_derivative as reference_sigmoid_derivative

SIGN_FLIPPED = (N_("your sigmoid gives sigma(-z): it computes 1 / (1 + exp(z)) instead of "
                "1 / (1 + exp(-z)), so the curve falls where it should rise."))
DENOMINATOR_ONLY = (N_("your sigmoid returns 1 + exp(-z), the denominator itself, not 1 divided "
                     "by it. That is what `1 / 1 + np.exp(-z)` computes: division comes before "
                     "addition (operator precedence). Put the denominator in parentheses: "
                     "1 / (1 + np.exp(-z))."))
IS_TANH = (N_("your sigmoid returns tanh(z), another S-shaped curve, which runs from -1 to 1: "
             "the sigmoid runs from 0 to 1 and is 1 / (1 + np.exp(-z))."))
Z_TIMES_ONE_MINUS_Z = (N_("your derivative computes z * (1 - z) on the pre-activation z; that "
                       "formula is only right for the activation a = sigmoid(z). Compute "
                       "s = sigmoid(z) first and return s * (1 - s)."))
IN_FLOAT32 = (N_("your values are exactly what the right formula gives when it is computed in "
                "float32 (single precision, about 7 digits): compute in float64, numpy's "
                "default (no dtype=np.float32, no astype(np.float32))."))
OVERFLOWS = (N_("your sigmoid_derivative gives {got} at z = {z:g} but is right for moderate z: "
               "np.exp overflows to infinity once its argument passes about 709, and inf / inf "
               "is NaN. Compute s = sigmoid(z) with a sigmoid that is finite for every z, then "
               "return s * (1 - s)."))
DERIVATIVE_OF_ACTIVATION = (N_("your values equal sigma'(sigma(z)): the sigmoid's derivative was "
                            "applied to an activation instead of the pre-activation z."))


DERIVATIVE_FORMULA = probes.hint("derivative_formula_wrong", (
    N_("The sigmoid's slope is s * (1 - s) with s = sigmoid(z): a product of s and 1 - s. "
    "Check the operator (* not /), the sign inside the bracket and the constant 1 "
    "(1 - s**2 is tanh's derivative, not the sigmoid's).")))
#: Wrong derivative formulas written in terms of s = sigmoid(z): (as written, s -> value).
WRONG_FORMULAS = [
    ("s * (1 + s)", lambda s: s * (1.0 + s)),
    ("s / (1 - s)", lambda s: s / (1.0 - s)),
    ("1 - s**2", lambda s: 1.0 - s**2),
    ("s * (2 - s)", lambda s: s * (2.0 - s)),
    ("-s**2", lambda s: -(s**2)),
    ("s**2", lambda s: s**2),
    ("1 - s", lambda s: 1.0 - s),
]


def sigmoid(z: np.ndarray, got: np.ndarray) -> Diagnosis | None:
    """Name a known sigmoid mistake from sigmoid(z) == got, else what the probes measure."""
    if is_right(got, reference_sigmoid(z)):
        return None  # right values are never diagnosed
    return first_match(got, [
        ("sigmoid_sign_flipped", lambda: reference_sigmoid(-z), tr(SIGN_FLIPPED)),
        ("sigmoid_denominator_only", lambda: 1.0 + np.exp(-z), tr(DENOMINATOR_ONLY)),
        ("sigmoid_is_tanh", lambda: np.tanh(z), tr(IS_TANH)),
    ]) or probes.values("sigmoid(z)", got, reference_sigmoid(z), z=z) \
        or searched(relations.SIGMOID_GRAPH, z, got, "S")


def sigmoid_derivative(z: np.ndarray, got: np.ndarray) -> Diagnosis | None:
    """Name a known derivative mistake from sigmoid_derivative(z) == got, else measure."""
    if is_right(got, reference_sigmoid_derivative(z)):
        return None  # right values are never diagnosed
    found = overflowed(z, got, reference_sigmoid_derivative(z))
    if found:
        return found
    return first_match(got, [
        ("derivative_z_times_one_minus_z", lambda: z * (1.0 - z), tr(Z_TIMES_ONE_MINUS_Z)),
        (probes.LOW_PRECISION, lambda: derivative_in_float32(z),
         tr(IN_FLOAT32)),
        ("derivative_applied_to_activation",
         lambda: reference_sigmoid_derivative(reference_sigmoid(z)),
         tr(DERIVATIVE_OF_ACTIVATION)),
        ("derivative_sign_flipped", lambda: -reference_sigmoid_derivative(z),
         tr("your derivative has the opposite sign: s * (1 - s) is never negative.")),
        ("activation_used_as_derivative", lambda: reference_sigmoid(z),
         tr("your sigmoid_derivative returns sigmoid(z) itself; the derivative is "
         "s * (1 - s) with s = sigmoid(z).")),
        *[(DERIVATIVE_FORMULA, lambda f=f: f(reference_sigmoid(z)),
           tr("your sigmoid_derivative returns {formula} with s = sigmoid(z); the derivative "
           "is s * (1 - s).",
              formula=formula))
          for formula, f in WRONG_FORMULAS],
    ]) or probes.values("sigmoid_derivative(z)", got, reference_sigmoid_derivative(z), z=z) \
        or searched(relations.DERIVATIVE_GRAPH, z, got, "SD")


def overflowed(z: np.ndarray, got: np.ndarray, expected: np.ndarray) -> Diagnosis | None:
    """NaN or infinity only where |z| is beyond exp's range (about 709), right elsewhere: a
    formula such as exp(-z) / (1 + exp(-z))**2, right on paper, that overflows there."""
    z, got = np.asarray(z, dtype=float), np.asarray(got, dtype=float)
    if z.ndim == 0 or got.shape != z.shape:
        return None
    bad = ~np.isfinite(got)
    if not np.any(bad) or np.any(np.abs(z[bad]) < 700.0) or not np.allclose(
            got[~bad], expected[~bad], rtol=1e-6, atol=1e-10):
        return None
    i = int(np.argmax(bad.ravel()))
    return Diagnosis("derivative_overflows", tr(OVERFLOWS, got=got.ravel()[i],
                                                z=float(z.ravel()[i])))


def sigmoid_in_float32(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)) computed in single precision all the way."""
    with np.errstate(all="ignore"):
        z32 = np.asarray(z, dtype=np.float32)
        return np.float32(1.0) / (np.float32(1.0) + np.exp(-z32))


def derivative_in_float32(z: np.ndarray) -> np.ndarray:
    """s * (1 - s) with s the single-precision sigmoid, in single precision."""
    s = sigmoid_in_float32(z)
    return s * (np.float32(1.0) - s)


def searched(graph: relations.Graph, z: np.ndarray, got: np.ndarray, output: str
             ) -> Diagnosis | None:
    """One step of the course's formula done differently (for array inputs of z's shape)."""
    z = np.asarray(z, dtype=float)
    if z.ndim == 0 or np.shape(got) != z.shape:
        return None
    return relations.search(graph, dict(z=z), {output: np.asarray(got, dtype=float)})
