"""`scratchnet train`: train the reference network on the course data, as the seed article does."""

import argparse
import math
import os
import sys

import numpy as np

from autograder.commands.status import EXIT_STATUS, UNFINISHED, USAGE, HelpFormatter
from autograder.i18n import tr
from course_data import WEIGHT_SEED, load_dataset, make_weights
from solutions import feedforward, train


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "train",
        epilog=EXIT_STATUS,
        formatter_class=HelpFormatter,
        help="train the reference network on the course data",
        description=(
            "Train the reference 3-4-1 sigmoid network on the seed article's data with plain "
            "gradient descent, print the loss every few hundred iterations and the final "
            "predictions beside the targets."
        ),
    )
    p.add_argument("--iterations", type=int, default=1500, help="gradient steps (default 1500)")
    p.add_argument("--learning-rate", type=float, default=1.0, help="step size (default 1.0)")
    p.add_argument(
        "--seed",
        type=int,
        default=WEIGHT_SEED,
        help=f"seed of the initial weights (default {WEIGHT_SEED}: the course's fixed weights)",
    )
    p.add_argument("--every", type=int, default=250, help="print the loss every N iterations")
    p.add_argument("--plot", metavar="FILE.png", help="save the loss curve and predictions here")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    problem = _bad_option(args)  # checked before training, so no work is lost
    if problem:
        print(f"scratchnet train: {problem}", file=sys.stderr)
        return USAGE
    X, Y = load_dataset()
    W1, W2 = make_weights(args.seed)
    try:
        W1, W2, losses = train(X, Y, W1, W2, args.iterations, args.learning_rate)
    except MemoryError:
        print(tr("scratchnet train: --iterations {n}: too many for this machine's memory "
                 "(each iteration keeps its loss)", n=args.iterations), file=sys.stderr)
        return USAGE
    Y_hat = feedforward(X, W1, W2)[1]

    print(f"Training 3-4-1 network: {args.iterations} iterations, "
          f"learning rate {args.learning_rate}, weight seed {args.seed}")
    for i in range(0, args.iterations, args.every):
        print(f"  iteration {i:5d}  loss {losses[i]:.6f}")
    final = float(np.sum((Y - Y_hat) ** 2))
    print(f"  after {args.iterations} updates  loss {final:.6f}")
    print("\nPredictions after training:")
    print("  target  prediction")
    for y, p in zip(Y.ravel(), Y_hat.ravel(), strict=True):
        print(f"  {y:6.0f}  {p:10.4f}")
    if args.plot:
        try:
            save_plot(args.plot, losses, Y, Y_hat)
        except (OSError, ValueError) as error:  # not writable, or no image format it knows
            print(f"scratchnet train: --plot {args.plot}: {error}", file=sys.stderr)
            return UNFINISHED
        print(f"\nSaved the loss curve and predictions to {args.plot}")
    return 0


def _bad_option(args: argparse.Namespace) -> str | None:
    """What is wrong with the options, if anything."""
    if args.iterations < 1:
        return "--iterations must be at least 1"
    if args.every < 1:
        return "--every must be at least 1"
    if not math.isfinite(args.learning_rate):
        return tr("--learning-rate must be a finite number, not {value}",
                  value=args.learning_rate)
    if args.plot and not os.path.isdir(os.path.dirname(os.path.abspath(args.plot))):
        return f"--plot {args.plot}: its folder does not exist"
    if args.plot and os.path.isdir(args.plot):
        return tr("--plot {path} is a folder: give the image file to write, such as "
                  "{path}/loss.png", path=args.plot)
    if args.plot:
        return _unknown_format(args.plot)
    return None


def _unknown_format(path: str) -> str | None:
    """What is wrong with the image format `path`'s suffix asks for (none: PNG)."""
    suffix = os.path.splitext(path)[1][1:].lower()
    if not suffix:
        return None
    from matplotlib.backend_bases import FigureCanvasBase

    known = FigureCanvasBase.get_supported_filetypes()
    if suffix in known:
        return None
    return tr("--plot {path}: .{suffix} is not an image format matplotlib writes (use one of "
              "{known})", path=path, suffix=suffix, known=", ".join(sorted(known)))


def save_plot(path: str, losses: np.ndarray, Y: np.ndarray, Y_hat: np.ndarray) -> None:
    """Two panels: the loss per iteration, and predictions beside targets per sample."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax1.plot(losses)
    ax1.set(title="Sum-of-squares loss", xlabel="iteration", ylabel="loss", yscale="log")
    idx = np.arange(len(Y))
    ax2.bar(idx - 0.2, Y.ravel(), width=0.4, label="target y")
    ax2.bar(idx + 0.2, Y_hat.ravel(), width=0.4, label="prediction ŷ")
    ax2.set(title="Predictions after training", xlabel="sample", ylim=(0, 1.05), xticks=idx)
    ax2.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
