"""The seed article's NeuralNetwork class, built on the functions of this package."""

import numpy as np

from solutions.forward import feedforward
from solutions.gradients import backprop


class NeuralNetwork:
    """A 2-layer network that keeps its data and weights as attributes.

    input:    (n, d) the training inputs x
    y:        (n, 1) the targets
    weights1: (d, 4) drawn uniformly from [0, 1), as in the seed
    weights2: (4, 1) drawn uniformly from [0, 1)
    output:   (n, 1) the latest predictions (zeros until feedforward() runs)
    """

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        self.input = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        self.weights1 = np.random.rand(self.input.shape[1], 4)
        self.weights2 = np.random.rand(4, 1)
        self.output = np.zeros(self.y.shape)

    def feedforward(self) -> None:
        """Compute layer1 (n, 4) and output (n, 1) from the current weights."""
        self.layer1, self.output = feedforward(self.input, self.weights1, self.weights2)

    def backprop(self, learning_rate: float = 1.0) -> None:
        """One gradient-descent step on both weight matrices."""
        dW1, dW2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 = self.weights1 - learning_rate * dW1
        self.weights2 = self.weights2 - learning_rate * dW2
