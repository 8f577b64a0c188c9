"""Choose the seed of the course's initial weights and record why.

Run:  python -m course_data.choose_seed [--candidates 200] [--write]

For each candidate seed s = 0, 1, ..., the reference trains from make_weights(s) for
1500 iterations at learning rates 1.0 and 0.5. A seed qualifies when, at both rates,
the loss falls at every step, and at rate 1.0 the final loss is below 0.01 and the
rounded predictions equal Y. Among qualifying seeds we keep the one whose smallest
single-step decrease (over both rates) is largest: the widest margin against rounding.
With --write the figures go to course_data/README.md.
"""

import argparse
from pathlib import Path

import numpy as np

from course_data import X, Y, make_weights
from solutions import feedforward, train

RATES = (1.0, 0.5)
ITERATIONS = 1500


def figures(seed: int) -> dict:
    """Train from make_weights(seed) at each rate; return the numbers that decide the seed."""
    W1, W2 = make_weights(seed)
    out = {"seed": seed}
    for lr in RATES:
        V1, V2, losses = train(X, Y, W1, W2, ITERATIONS, lr)
        steps = -np.diff(losses)  # positive where the loss fell
        out[lr] = {
            "losses": losses,
            "min_decrease": float(steps.min()),
            "final": float(sse_loss_after(V1, V2)),
            "predictions": feedforward(X, V1, V2)[1],
        }
    return out


def sse_loss_after(W1: np.ndarray, W2: np.ndarray) -> float:
    return float(np.sum((Y - feedforward(X, W1, W2)[1]) ** 2))


def qualifies(f: dict) -> bool:
    top = f[1.0]
    return (
        all(f[lr]["min_decrease"] > 0 for lr in RATES)
        and top["final"] < 0.01
        and np.array_equal(np.round(top["predictions"]), Y)
    )


def report(f: dict, candidates: int, n_ok: int) -> str:
    lines = [
        "# Course data",
        "",
        "`course_data/__init__.py` holds the seed article's data (X: 4x3 with a constant third",
        "column, Y = [[0],[1],[1],[0]]) and the course's initial weights, drawn uniformly from",
        "[0, 1) by `make_weights(WEIGHT_SEED)` (numpy `default_rng`, W1 (3, 4) then W2 (4, 1)).",
        "",
        "## How the seed was chosen",
        "",
        f"`python -m course_data.choose_seed --candidates {candidates} --write` tried seeds 0 to",
        f"{candidates - 1}; {n_ok} qualified (loss falls at every one of {ITERATIONS} steps at",
        "rates 1.0 and 0.5, final loss below 0.01 at rate 1.0, rounded predictions equal Y).",
        "The seed with the largest smallest single-step decrease was kept.",
        "",
        f"**WEIGHT_SEED = {f['seed']}**",
        "",
        "| learning rate | loss at 0 | 500 | 1000 | 1499 | final (after 1500 updates) "
        "| smallest single-step decrease |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for lr in RATES:
        L = f[lr]["losses"]
        lines.append(
            f"| {lr} | {L[0]:.6f} | {L[500]:.6f} | {L[1000]:.6f} | {L[1499]:.6f} "
            f"| {f[lr]['final']:.6f} | {f[lr]['min_decrease']:.3e} |"
        )
    preds = ", ".join(f"{p:.4f}" for p in f[1.0]["predictions"].ravel())
    lines += ["", f"Predictions after 1500 iterations at rate 1.0: [{preds}]", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--write", action="store_true", help="write course_data/README.md")
    args = parser.parse_args()

    ok = [f for f in map(figures, range(args.candidates)) if qualifies(f)]
    if not ok:
        raise SystemExit("no seed qualified")
    best = max(ok, key=lambda f: min(f[lr]["min_decrease"] for lr in RATES))
    text = report(best, args.candidates, len(ok))
    print(text)
    if args.write:
        (Path(__file__).parent / "README.md").write_text(text)


if __name__ == "__main__":
    main()
