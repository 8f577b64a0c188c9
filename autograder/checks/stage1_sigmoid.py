"""Stage 1: sigmoid(z) and sigmoid_derivative(z)."""

import numpy as np

from autograder import diagnose
from autograder.checks.base import (
    CheckFailure,
    as_array,
    call,
    first_mismatch,
    register,
    require_finite,
    require_shape,
    values_match,
    with_diagnosis,
)
from autograder.diagnose import probes
from autograder.i18n import tr
from solutions import sigmoid as ref_sigmoid
from solutions import sigmoid_derivative as ref_sigmoid_derivative

SHAPES = [(), (5,), (2, 3), (2, 3, 4)]
RTOL, ATOL = 1e-7, 1e-12


def moderate_z(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Pre-activations where every correct formula is accurate: normal * 4, within +-15."""
    return np.clip(rng.normal(size=shape) * 4.0, -15.0, 15.0)


def evaluate(impl, name: str, z) -> np.ndarray:
    """The student's ``name(z)`` as a float64 array."""
    shape = np.shape(z)
    return as_array(call(impl, name, z), tr("`{name}` of an input of shape {shape}", name=name,
                                                   shape=shape))


def keeps_shape(impl, name: str, rng: np.random.Generator) -> None:
    """Fail unless ``name`` keeps the shape of arrays of 0-3 dimensions and of a float."""
    for shape in SHAPES:
        got = evaluate(impl, name, rng.normal(size=shape))
        require_shape(got, shape, tr("`{name}` of an array of shape {shape}", name=name,
                                     shape=shape),
                      tr("; it should work element by element and keep the input's shape"))
    got = evaluate(impl, name, float(rng.normal()))
    require_shape(got, (), tr("`{name}` of a Python float", name=name),
                  tr("; a float in should give a single number out"))


def compare(got: np.ndarray, expected: np.ndarray, what: str, diagnosis) -> None:
    """Fail with the worst entry and, if one fits, the diagnosed mistake."""
    require_shape(got, expected.shape, what)
    if values_match(got, expected, RTOL, ATOL):
        return
    found = diagnosis(got)
    if found is None:
        require_finite(got, what)
    failure = CheckFailure(tr("{what} is wrong{mismatch}", what=what,
                              mismatch=first_mismatch(got, expected, RTOL, ATOL)))
    raise with_diagnosis(failure, found)


@register(stage=1, points=1, visibility="visible")
def check_sigmoid_keeps_shape(impl, rng: np.random.Generator) -> None:
    """sigmoid works element by element on floats and arrays of 0 to 3 dimensions."""
    keeps_shape(impl, "sigmoid", rng)


@register(stage=1, points=2, visibility="visible")
def check_sigmoid_values(impl, rng: np.random.Generator) -> None:
    """sigmoid matches 1 / (1 + exp(-z)) on random inputs (relative tolerance 1e-7)."""
    for shape in [(50,), (3, 4)]:
        z = moderate_z(rng, shape)
        got = evaluate(impl, "sigmoid", z)
        compare(got, ref_sigmoid(z), tr("`{name}` of an array of shape {shape}",
                                        name="sigmoid", shape=shape),
                lambda g, z=z: diagnose.sigmoid(z, g))


@register(stage=1, points=1, visibility="hidden")
def check_sigmoid_range(impl, rng: np.random.Generator) -> None:
    """sigmoid's values lie strictly between 0 and 1 for |z| <= 30."""
    z = np.concatenate([np.linspace(-30.0, 30.0, 61), rng.uniform(-30.0, 30.0, 40)])
    got = evaluate(impl, "sigmoid", z)
    require_shape(got, z.shape, tr("`{name}` of an array of shape {shape}", name="sigmoid",
                                   shape=z.shape))
    require_finite(got, tr("`sigmoid` of values between -30 and 30"))
    outside = (got <= 0.0) | (got >= 1.0)
    if np.any(outside):
        i = int(np.argmax(outside))
        failure = CheckFailure(tr("`sigmoid({z:.4g})` gave {got:.6g}; sigmoid's values lie "
                                  "strictly between 0 and 1", z=float(z[i]), got=float(got[i])))
        single = np.array_equal(got.astype(np.float32).astype(np.float64), got)
        if single and got[i] in (0.0, 1.0):  # float32 rounds 1 - 1e-8 to exactly 1
            raise with_diagnosis(failure, diagnose.Diagnosis(probes.LOW_PRECISION, tr(
                "every value of your sigmoid is a float32 number, and in float32 (about 7 "
                "digits) sigmoid({z:.4g}) rounds to exactly {got:g}: compute in float64, "
                "numpy's default.", z=float(z[i]), got=float(got[i]))))
        raise failure


@register(stage=1, points=1, visibility="hidden")
def check_sigmoid_symmetry(impl, rng: np.random.Generator) -> None:
    """sigmoid(-z) = 1 - sigmoid(z) for random z."""
    z = moderate_z(rng, (30,))
    plus, minus = evaluate(impl, "sigmoid", z), evaluate(impl, "sigmoid", -z)
    what = tr("`{name}` of an array of shape {shape}", name="sigmoid", shape=z.shape)
    require_shape(plus, z.shape, what)
    require_shape(minus, z.shape, what)
    gap = np.abs(minus - (1.0 - plus))
    if not np.all(gap <= 1e-12):
        i = int(np.argmax(np.where(np.isnan(gap), np.inf, gap)))
        raise CheckFailure(tr("sigmoid(-z) should equal 1 - sigmoid(z), but for z = {z:.4g} "
                              "sigmoid(-z) = {minus:.8g} and 1 - sigmoid(z) = {other:.8g}",
                              z=float(z[i]), minus=float(minus[i]),
                              other=float(1.0 - plus[i])))


@register(stage=1, points=1, visibility="visible")
def check_sigmoid_extremes(impl, rng: np.random.Generator) -> None:
    """sigmoid is finite at +-1000 (0 and 1 there) and exactly 0.5 at 0."""
    big = float(rng.uniform(800.0, 1000.0))
    z = np.array([-1000.0, -big, -745.0, -50.0, 0.0, 50.0, 745.0, big, 1000.0])
    got = evaluate(impl, "sigmoid", z)
    require_shape(got, z.shape, tr("`{name}` of an array of shape {shape}", name="sigmoid",
                                   shape=z.shape))
    bad = ~np.isfinite(got)
    if np.any(bad):
        i = int(np.argmax(bad))
        mistake = "sigmoid_overflows" if z[i] > 0 else None
        advice = (tr(" exp(z) overflows to infinity for large z; use 1 / (1 + np.exp(-z)), "
                     "which is finite for large positive z") if z[i] > 0 else "")
        raise CheckFailure(tr("`sigmoid({z:g})` gave {got}.{advice}", z=float(z[i]),
                              got=got[i], advice=advice), mistake)
    expected = ref_sigmoid(z)
    if not np.allclose(got, expected, rtol=0.0, atol=1e-12):
        raise CheckFailure(tr("`sigmoid` is wrong for large |z|{mismatch}",
                              mismatch=first_mismatch(got, expected, 0.0, 1e-12)))


@register(stage=1, points=1, visibility="visible")
def check_sigmoid_derivative_keeps_shape(impl, rng: np.random.Generator) -> None:
    """sigmoid_derivative works element by element on floats and arrays of 0 to 3 dimensions."""
    keeps_shape(impl, "sigmoid_derivative", rng)


@register(stage=1, points=2, visibility="visible")
def check_sigmoid_derivative_values(impl, rng: np.random.Generator) -> None:
    """sigmoid_derivative(z) matches sigmoid(z) * (1 - sigmoid(z)), also at +-1000."""
    for z in (moderate_z(rng, (50,)), moderate_z(rng, (3, 4)),
              np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])):
        got = evaluate(impl, "sigmoid_derivative", z)
        compare(got, ref_sigmoid_derivative(z),
                tr("`{name}` of an array of shape {shape}", name="sigmoid_derivative",
                   shape=z.shape),
                lambda g, z=z: diagnose.sigmoid_derivative(z, g))


@register(stage=1, points=1, visibility="hidden")
def check_sigmoid_derivative_matches_slope(impl, rng: np.random.Generator) -> None:
    """sigmoid_derivative matches central differences of your own sigmoid."""
    z = moderate_z(rng, (20,))
    eps = 1e-5
    up, down = evaluate(impl, "sigmoid", z + eps), evaluate(impl, "sigmoid", z - eps)
    slope = (up - down) / (2 * eps)
    got = evaluate(impl, "sigmoid_derivative", z)
    require_shape(got, z.shape, tr("`{name}` of an array of shape {shape}",
                                   name="sigmoid_derivative", shape=z.shape))
    if not values_match(got, slope, rtol=1e-5, atol=1e-8):
        raise CheckFailure(tr("`sigmoid_derivative` does not match the slope of your `sigmoid` "
                              "(central differences (sigmoid(z + eps) - sigmoid(z - eps)) / "
                              "(2 * eps)){mismatch}",
                              mismatch=first_mismatch(got, slope, 1e-5, 1e-8)))
