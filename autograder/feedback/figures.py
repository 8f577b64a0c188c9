"""The feedback's pictures, drawn with matplotlib from observed values (never from code).

    figures_for(observations) -> list[Figure]      # PNG bytes with a title and a caption

Each function takes plain arrays (see `observe.Observations`) and returns PNG bytes; the
caption says in words what the picture shows, so the page also reads without it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograder.feedback.observe import Observations
from autograder.figures.canvas import Layers, figure
from autograder.i18n import current_language, tr

STUDENT_COLOR = "#d1495b"
REFERENCE_COLOR = "#2e4057"


@dataclass(frozen=True)
class Figure:
    """One picture for a stage's section: stage (1-5), title, caption, png (PNG bytes)."""

    stage: int
    title: str
    caption: str
    png: bytes


def figures_for(found: Observations) -> list[Figure]:
    """Every figure the observations allow, in stage order."""
    figures = []
    if found.sigmoid is not None:
        figures.append(sigmoid_figure(*found.sigmoid))
    if found.gradients is not None:
        figures.append(gradient_figure(found.gradients))
    if found.losses is not None:
        figures.append(loss_figure(*found.losses))
    return figures


#: Fixed margins (fractions of the figure) that hold the labels, so a figure is drawn once
#: (``bbox_inches="tight"`` would draw it twice to measure them first).
MARGINS = {"left": 0.12, "right": 0.96, "bottom": 0.14, "top": 0.9}


def _finite(values: np.ndarray) -> np.ndarray:
    """`values` with inf and nan as nan (gaps in a line, not crashes)."""
    return np.where(np.isfinite(values), values, np.nan)


def sigmoid_figure(z: np.ndarray, student: np.ndarray, reference: np.ndarray) -> Figure:
    """Student's sigmoid and the reference over z: (k,) arrays each."""
    picture = _kept(("sigmoid",), _SigmoidPlot).draw(z, _finite(student), reference)
    bad = ~np.isfinite(student) | ~np.isclose(student, reference, rtol=1e-6, atol=1e-9)
    if bad.any():
        first = z[np.argmax(bad)]
        caption = tr("The curves differ at {count} of {total} points from z = {low:g} to "
                     "{high:g}; the first difference is at z = {first:.2f}.",
                     count=int(bad.sum()), total=bad.size, low=float(z[0]), high=float(z[-1]),
                     first=float(first))
    else:
        caption = tr("On [-10, 10] the curves agree; the failing checks test other inputs.")
    return Figure(1, tr("sigmoid on [-10, 10]"), caption, picture)


def gradient_figure(gradients: dict[str, tuple[np.ndarray, np.ndarray]]) -> Figure:
    """Student's dW1, dW2 against the numerical gradient, entry by entry.

    gradients: {"dW1": (student (3, 4), numerical (3, 4)), "dW2": (student (4, 1), ...)}.
    """
    labels, mine, numeric = [], [], []
    for name, (student, numerical) in gradients.items():
        for index in np.ndindex(numerical.shape):
            labels.append(f"{name}[{','.join(map(str, index))}]")
            mine.append(student[index])
            numeric.append(numerical[index])
    mine, numeric = _finite(np.array(mine)), np.array(numeric)
    picture = _kept(("gradient", *labels), lambda: _GradientPlot(labels)).draw(numeric, mine)
    ok = np.isfinite(mine)
    worst = int(np.nanargmax(np.abs(mine - numeric))) if ok.any() else 0
    ratio = _typical_ratio(mine, numeric)
    caption = tr("Computed on the course's data and initial weights. The largest difference is "
                 "at {entry}: yours {mine:.4g}, numerical {numeric:.4g}.", entry=labels[worst],
                 mine=float(mine[worst]), numeric=float(numeric[worst]))
    if ratio is not None:
        caption += tr(" Typically your entries are {ratio:.3g} times the numerical ones.",
                      ratio=ratio)
    return Figure(4, tr("backprop against the numerical gradient"), caption, picture)


#: The figures this process keeps (by kind and layout), redrawn with each student's values
#: in a fraction of the time a fresh figure takes; a picture depends only on its data.
_KEPT: dict[tuple, object] = {}


def _kept(key: tuple, make):
    """The kept figure for `key` in the current language, made by `make()` the first time."""
    key = (current_language(), *key)
    if key not in _KEPT:
        _KEPT[key] = make()
    return _KEPT[key]


class _SigmoidPlot:
    """The reference's sigmoid and the student's over the same z."""

    def __init__(self) -> None:
        self.fig = figure((6.4, 3.6))
        self.fig.subplots_adjust(**MARGINS)
        ax = self.ax = self.fig.subplots()
        (self.reference,) = ax.plot([], [], color=REFERENCE_COLOR, lw=2.5,
                                    label=tr("correct sigmoid"))
        (self.student,) = ax.plot([], [], color=STUDENT_COLOR, lw=1.8, ls="--",
                                  label=tr("your sigmoid"))
        ax.axhline(0, color="0.8", lw=0.8)
        ax.axhline(1, color="0.8", lw=0.8)
        ax.set_xlabel("z")
        ax.set_ylabel("sigmoid(z)")
        ax.set_title(tr("Your sigmoid against the correct one"))
        self.layers = Layers(self.fig, [self.student, ax.legend(loc="best")])

    def draw(self, z: np.ndarray, student: np.ndarray, reference: np.ndarray) -> bytes:
        """PNG bytes with these curves over z: all (k,), student's nan where not finite."""
        student = np.clip(student, -SHOWN, SHOWN)
        self.reference.set_data(z, reference)
        self.student.set_data(z, student)
        values = np.concatenate([reference, student[np.isfinite(student)], [0.0, 1.0]])
        ylim = _rounded_limits(values, log=False)
        self.ax.set_xlim(z[0], z[-1])
        self.ax.set_ylim(*ylim)
        return self.layers.png((float(z[0]), float(z[-1]), ylim, hash(reference.tobytes())))


class _GradientPlot:
    """Bars of every entry (numerical beside the student's) and a scatter of one against
    the other, for gradient entries named `labels`."""

    def __init__(self, labels: list[str]) -> None:
        self.fig = fig = figure((10, 3.8))
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2.2, 1]})
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.27, top=0.91, wspace=0.22)
        x, zeros = np.arange(len(labels)), np.zeros(len(labels))
        self.numeric = left.bar(x - 0.2, zeros, width=0.4, color=REFERENCE_COLOR,
                                label=tr("numerical gradient"))
        self.mine = left.bar(x + 0.2, zeros, width=0.4, color=STUDENT_COLOR,
                             label=tr("your backprop"))
        self.zero = left.axhline(0, color="0.6", lw=0.8)
        left.set_xticks(x, labels, rotation=70, fontsize=8)
        left.set_ylabel(tr("dL/dW entry"))
        left.set_title(tr("Each gradient entry"))
        (self.diagonal,) = right.plot([], [], color="0.6", lw=1, label=tr("perfect agreement"))
        self.points = right.scatter([], [], color=STUDENT_COLOR, zorder=3, s=22)
        right.set_xlabel(tr("numerical gradient"))
        right.set_ylabel(tr("your backprop"))
        right.set_title(tr("Should lie on the diagonal"))
        self.left, self.right = left, right
        # where no point hides under it
        legends = [left.legend(fontsize=8), right.legend(fontsize=8, loc="best")]
        # The axes whose limits follow the values are drawn with them, so the background
        # (titles, labels, the entries' names) is drawn once per process and language.
        self.layers = Layers(fig, [left.yaxis, *self.numeric, *self.mine, self.zero,
                                   legends[0], right.xaxis, right.yaxis, self.diagonal,
                                   self.points, legends[1]])

    def draw(self, numeric: np.ndarray, mine: np.ndarray) -> bytes:
        """PNG bytes for these entries: numeric (k,), mine (k,) (nan where not finite)."""
        for bars, heights in ((self.numeric, numeric), (self.mine, mine)):
            for bar, height in zip(bars, heights, strict=True):
                bar.set_height(height)
        ok = np.isfinite(mine)
        shown = np.clip(np.concatenate([numeric, mine[ok], [0.0]]), -SHOWN, SHOWN)
        span = float(np.max(np.abs(shown))) or 1.0
        self.diagonal.set_data([-span, span], [-span, span])
        self.points.set_offsets(np.column_stack([numeric[ok], mine[ok]]))
        bars_lim = _rounded_limits(shown, log=False)
        square = _rounded_limits(np.array([-span, span]), log=False)
        self.left.set_ylim(*bars_lim)
        self.right.set_xlim(*square)
        self.right.set_ylim(*square)
        return self.layers.png("same background")


def _typical_ratio(mine: np.ndarray, numeric: np.ndarray) -> float | None:
    """The median of mine / numeric over entries that are clearly nonzero, or None."""
    usable = np.isfinite(mine) & (np.abs(numeric) > 1e-6)
    if not usable.any():
        return None
    return float(np.median(mine[usable] / numeric[usable]))


def loss_figure(student: np.ndarray, reference: np.ndarray) -> Figure:
    """The student's loss curve beside the reference's: (k,) and (1500,) arrays.

    Every student graded on training gets this figure, so each process draws it on one
    figure that it keeps (``_LossPlot``): only the curves and the scale change.
    """
    shown = _finite(student)
    picture = _kept(("loss",), _LossPlot).draw(reference, shown)
    last = shown[-1] if shown.size else np.nan
    caption = tr("Your train gave {count} losses, the last {last:.4g}; the correct training "
                 "gives {total}, the last {final:.4g}.", count=student.size, last=float(last),
                 total=reference.size, final=float(reference[-1]))
    return Figure(5, tr("loss curve"), caption, picture)


class _LossPlot:
    """The loss figure: the reference's curve and the student's, on a log scale when both
    stay positive (and within 1e-30 to 1e30).

    The axes' limits are rounded out (to decades on the log scale, to tick marks on the
    linear one), so most students share one kept background (``Layers``): only their curve
    and the legend are drawn for each.
    """

    def __init__(self) -> None:
        self.fig = figure((6.4, 3.6))
        self.fig.subplots_adjust(**MARGINS)
        ax = self.ax = self.fig.subplots()
        (self.reference,) = ax.plot([], [], color=REFERENCE_COLOR, lw=2.5,
                                    label=tr("correct training"))
        (self.student,) = ax.plot([], [], color=STUDENT_COLOR, lw=1.6, ls="--",
                                  label=tr("your training"))
        ax.set_xlabel(tr("iteration"))
        ax.set_ylabel(tr("sum-of-squares loss"))
        ax.set_title(tr("Loss during training (course data, learning rate 1.0)"))
        self.layers = Layers(self.fig, [self.student, ax.legend(loc="best")])

    def draw(self, reference: np.ndarray, shown: np.ndarray) -> bytes:
        """PNG bytes of the figure with these curves: reference (k,), shown (m,), finite or nan."""
        shown = np.clip(shown, -SHOWN, SHOWN)
        self.reference.set_data(np.arange(reference.size), reference)
        self.student.set_data(np.arange(shown.size), shown)
        values = np.concatenate([reference, shown[np.isfinite(shown)]])
        scale = "log" if np.all((values > 1e-30) & (values < 1e30)) else "linear"
        n = max(reference.size, shown.size, 2) - 1
        xlim, ylim = (-0.02 * n, 1.02 * n), _rounded_limits(values, scale == "log")
        self.ax.set_yscale(scale)
        if scale == "log":  # after set_yscale, which sets matplotlib's own formatters
            _plain_powers(self.ax.yaxis)
        self.ax.set_xlim(*xlim)
        self.ax.set_ylim(*ylim)
        return self.layers.png((scale, xlim, ylim, hash(reference.tobytes())))


def _plain_powers(axis) -> None:
    """Label a log axis's decades as plain text, 10⁻² (matplotlib's own labels are
    mathtext, whose parser costs a student grading one file a tenth of a second)."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    axis.set_major_formatter(FuncFormatter(_power_of_ten))
    axis.set_minor_formatter(NullFormatter())


#: Superscript digits and minus, for the exponents of `_power_of_ten`.
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value: float, _position: object = None) -> str:
    """'10⁻²' for 0.01 (exact decades; other values as %g)."""
    if value <= 0:
        return ""
    exponent = round(float(np.log10(value)))
    if not np.isclose(value, 10.0 ** exponent, rtol=1e-9):
        return f"{value:g}"
    return "10" + str(exponent).translate(SUPERSCRIPT)


#: Values beyond +-this are drawn at it (an axis cannot span 1e308).
SHOWN = 1e100


def _rounded_limits(values: np.ndarray, log: bool) -> tuple[float, float]:
    """Axis limits around `values` (finite, positive if `log`): rounded out to powers of ten
    if `log`, otherwise to the marks a 6-tick axis would have; then 2% wider, so a curve
    on a limit is not cut in half by the frame."""
    from matplotlib.ticker import MaxNLocator

    if values.size == 0:
        return (0.0, 1.0)
    lo, hi = float(values.min()), float(values.max())
    if log:
        low, high = np.floor(np.log10(lo)), np.ceil(np.log10(hi))
        high = high if high > low else low + 1
        pad = 0.02 * (high - low)
        return (float(10.0 ** (low - pad)), float(min(10.0 ** (high + pad), np.finfo(float).max)))
    if hi - lo <= 1e-12 * max(abs(lo), abs(hi), 1.0):
        lo, hi = lo - 0.5, hi + 0.5
    ticks = MaxNLocator(nbins=6).tick_values(lo, hi)
    pad = 0.02 * (ticks[-1] - ticks[0])
    return (float(ticks[0] - pad), float(ticks[-1] + pad))
