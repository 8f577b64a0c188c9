"""The setup cells, generated: they write the course's data into the notebooks as numbers.

A stage file's setup cell (``# %% setup given generate="course_setup"``) is the code one of
these functions returns, followed by the cell's own code. Its names are declared at the top
of the stage file (``from .setup_cells import X, Y, ...``, a line the notebook does not get):
the linter sees where they come from (README.md). They are the names the code below writes.
"""

from __future__ import annotations


def font_setup() -> str:
    """The lines of a setup cell that give figures a Chinese font (autograder/figures/fonts.py)."""
    from autograder.figures.fonts import CJK_FAMILIES, LATIN_FAMILY

    lines = ",\n    ".join(", ".join(f'"{f}"' for f in CJK_FAMILIES[i:i + 4])
                           for i in range(0, len(CJK_FAMILIES), 4))
    return f'''
# Figures: Latin text in {LATIN_FAMILY}, Chinese in the first Chinese font installed (Linux:
# Noto Sans CJK SC from fonts-noto-cjk; macOS: PingFang SC; Windows: Microsoft YaHei).
plt.rcParams["font.family"] = ["{LATIN_FAMILY}"] + [family for family in [
    {lines},
] if family in {{font.name for font in matplotlib.font_manager.fontManager.ttflist}}]
'''


def course_setup() -> str:
    """Stages 1-6: imports, the article's data set and the course's fixed starting weights."""
    from course_data import X, Y, load_initial_weights

    W1, W2 = load_initial_weights()

    def rows(a) -> str:
        return ",\n    ".join(repr([float(v) for v in row]) for row in a)

    return f'''
import matplotlib.font_manager
import matplotlib.pyplot as plt
import numpy as np
{font_setup()}
# The article's data: 4 samples (rows) with 3 inputs each; the third input is always 1.
X = np.array({X.astype(int).tolist()}, dtype=float)  # (4, 3)
Y = np.array({Y.astype(int).tolist()}, dtype=float)  # (4, 1)

# The course's fixed starting weights, drawn once from [0, 1), so everyone sees the same run.
W1_start = np.array([
    {rows(W1)},
])  # (3, 4)
W2_start = np.array([
    {rows(W2)},
])  # (4, 1)
'''


def moons_setup() -> str:
    """Stage 7: imports, the half-moons train/test split (course_data/moons.py) and starting
    weights."""
    from course_data.moons import classifier_weights, load_moons

    X_train, y_train, X_test, y_test = load_moons()
    W1, _, W2, _ = classifier_weights()

    def points(X) -> str:
        rows = [", ".join(f"[{x!r}, {y!r}]" for x, y in X[i:i + 4].tolist())
                for i in range(0, len(X), 4)]
        return ",\n    ".join(rows)

    def labels(y) -> str:
        return ",\n    ".join(", ".join(map(str, y[i:i + 25].tolist()))
                               for i in range(0, len(y), 25))

    def rows(a) -> str:
        return ",\n    ".join(
            "[" + ",\n     ".join(", ".join(repr(float(v)) for v in row[j:j + 4])
                                  for j in range(0, len(row), 4)) + "]" for row in a)

    return f'''
import matplotlib.font_manager
import matplotlib.pyplot as plt
import numpy as np
{font_setup()}
# Two interleaved half-moons, 200 training and 200 test points (x, y) with labels 0 and 1,
# drawn once with a fixed seed by the course's course_data/moons.py.
X_train = np.array([
    {points(X_train)},
])  # (200, 2)
y_train = np.array([
    {labels(y_train)},
])  # (200,)
X_test = np.array([
    {points(X_test)},
])  # (200, 2)
y_test = np.array([
    {labels(y_test)},
])  # (200,)

# The course's starting weights for a 2-8-2 network: normal with standard deviation
# 1 / sqrt(inputs of the layer); the biases start at zero.
W1_start = np.array([
    {rows(W1)},
])  # (2, 8)
b1_start = np.zeros((1, 8))
W2_start = np.array([
    {rows(W2)},
])  # (8, 2)
b2_start = np.zeros((1, 2))
'''
