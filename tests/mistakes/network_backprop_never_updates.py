"""NeuralNetwork.backprop computing the new weights but never storing them."""

from solutions import NeuralNetwork as ReferenceNetwork
from solutions import (  # noqa: F401  (the rest of the contract, unchanged)
    backprop,
    feedforward,
    sigmoid,
    sigmoid_derivative,
    sse_loss,
    train,
)

MISTAKE = "network_backprop_never_updates"
STAGE = 5


class NeuralNetwork(ReferenceNetwork):
    def backprop(self, learning_rate=1.0):
        d_weights1, d_weights2 = backprop(self.input, self.y, self.weights1, self.weights2)
        self.weights1 - learning_rate * d_weights1  # noqa: B018  (the mistake: not assigned)
        self.weights2 - learning_rate * d_weights2  # noqa: B018
