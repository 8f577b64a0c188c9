"""How long one 1500-iteration training takes: the reference vs the seed article's code.

Run:  python tests/benchmarks/train_speed.py [--repeats 15]

Both train the 3-4-1 network on the course data from the course's fixed weights, in the
same process, alternating, so machine noise hits both alike. Prints the median, the
spread, and the ratio reference / article.
"""

import argparse
import statistics
import time

import numpy as np

from course_data import X, Y, load_initial_weights
from solutions import train


def article_sigmoid(x):
    return 1.0 / (1 + np.exp(-x))


def article_sigmoid_derivative(a):
    return a * (1.0 - a)


class ArticleNetwork:
    """The seed article's class as it writes it: derivative of the activation, `+=` update."""

    def __init__(self, x, y, w1, w2):
        self.input = x
        self.weights1 = w1.copy()
        self.weights2 = w2.copy()
        self.y = y
        self.output = np.zeros(y.shape)

    def feedforward(self):
        self.layer1 = article_sigmoid(np.dot(self.input, self.weights1))
        self.output = article_sigmoid(np.dot(self.layer1, self.weights2))

    def backprop(self):
        delta = 2 * (self.y - self.output) * article_sigmoid_derivative(self.output)
        d_weights2 = np.dot(self.layer1.T, delta)
        d_weights1 = np.dot(
            self.input.T,
            np.dot(delta, self.weights2.T) * article_sigmoid_derivative(self.layer1),
        )
        self.weights1 += d_weights1
        self.weights2 += d_weights2


def run_article(W1, W2, iterations=1500):
    nn = ArticleNetwork(X, Y, W1, W2)
    for _ in range(iterations):
        nn.feedforward()
        nn.backprop()
    return nn.weights1, nn.weights2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    W1, W2 = load_initial_weights()

    # Same result first: the two must agree before their speed means anything.
    a1, a2 = run_article(W1, W2)
    b1, b2, _ = train(X, Y, W1, W2)
    assert np.allclose(a1, b1, atol=1e-10) and np.allclose(a2, b2, atol=1e-10)

    times = {"reference train()": [], "article's class": []}
    for _ in range(args.repeats):
        t = time.perf_counter()
        train(X, Y, W1, W2)
        times["reference train()"].append(time.perf_counter() - t)
        t = time.perf_counter()
        run_article(W1, W2)
        times["article's class"].append(time.perf_counter() - t)

    print(f"1500 iterations on the course data, {args.repeats} runs each")
    for name, ts in times.items():
        print(f"  {name:18s} median {1e3 * statistics.median(ts):7.2f} ms "
              f"(min {1e3 * min(ts):.2f}, max {1e3 * max(ts):.2f})")
    ratio = statistics.median(times["reference train()"]) / statistics.median(
        times["article's class"])
    print(f"  ratio reference / article: {ratio:.2f}")


if __name__ == "__main__":
    main()
