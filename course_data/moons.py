"""Two interleaved half-moons: the two-class, two-feature data of stage 7.

Run:  python -m course_data.moons [--write]

Class 0 lies on the upper half circle (cos t, sin t), class 1 on the lower one shifted
to interlock with it, (1 - cos t, 0.5 - sin t), t uniform on [0, pi], plus Gaussian noise
of standard deviation NOISE. No straight line separates them, so the hidden layer matters.
The points come from np.random.default_rng(MOONS_SEED); the first N_TRAIN are the
training set, the other N_TEST the test set. --write saves both as CSV (x, y, label) and
records the reference classifier's accuracy in course_data/README_moons.md.
"""

import argparse
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent
MOONS_SEED = 7
NOISE = 0.25
N_TRAIN = 200
N_TEST = 200
HIDDEN = 8


def make_moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """n points (n, 2) and labels (n,) in {0, 1}, classes alternating so they are balanced."""
    labels = np.arange(n) % 2
    t = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(labels[:, None] == 0, upper, lower) + rng.normal(0.0, noise, size=(n, 2))
    return X, labels


def generate() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X_train (N_TRAIN, 2), y_train (N_TRAIN,), X_test (N_TEST, 2), y_test (N_TEST,))."""
    X, y = make_moons(N_TRAIN + N_TEST, NOISE, np.random.default_rng(MOONS_SEED))
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def _read(name: str) -> tuple[np.ndarray, np.ndarray]:
    table = np.loadtxt(DATA_DIR / name, delimiter=",", skiprows=1)
    return table[:, :2], table[:, 2].astype(int)


def load_moons() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The shipped split: (X_train, y_train, X_test, y_test) from the CSV files."""
    return (*_read("moons_train.csv"), *_read("moons_test.csv"))


def classifier_weights(seed: int = MOONS_SEED, hidden: int = HIDDEN, d: int = 2, k: int = 2
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Initial (W1 (d, hidden), b1 (1, hidden), W2 (hidden, k), b2 (1, k)): weights
    normal with standard deviation 1/sqrt(fan-in), biases zero."""
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, 1.0 / np.sqrt(d), size=(d, hidden))
    W2 = rng.normal(0.0, 1.0 / np.sqrt(hidden), size=(hidden, k))
    return W1, np.zeros((1, hidden)), W2, np.zeros((1, k))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the CSVs and the README")
    args = parser.parse_args()
    from solutions.classifier import accuracy, predict, train_classifier

    X_tr, y_tr, X_te, y_te = generate()
    *params, losses = train_classifier(X_tr, y_tr, *classifier_weights())
    acc_tr = accuracy(predict(X_tr, *params), y_tr)
    acc_te = accuracy(predict(X_te, *params), y_te)
    text = "\n".join([
        "# The half-moons data (stage 7)",
        "",
        f"`python -m course_data.moons --write` draws {N_TRAIN} training and {N_TEST} test "
        f"points (seed {MOONS_SEED}, noise {NOISE}) and trains the reference classifier "
        f"(2-{HIDDEN}-2, tanh, softmax; learning rate 0.5, 2000 iterations) from "
        "`classifier_weights()`:",
        "",
        f"- cross-entropy: {losses[0]:.4f} at the start, {losses[-1]:.4f} at the end",
        f"- training accuracy {acc_tr:.3f}, test accuracy {acc_te:.3f}",
        "",
    ])
    print(text)
    if args.write:
        header = "x,y,label"
        for name, X, y in (("moons_train.csv", X_tr, y_tr), ("moons_test.csv", X_te, y_te)):
            np.savetxt(DATA_DIR / name, np.column_stack([X, y]), delimiter=",",
                       header=header, comments="", fmt=["%.6f", "%.6f", "%d"])
        (DATA_DIR / "README_moons.md").write_text(text)


if __name__ == "__main__":
    main()
